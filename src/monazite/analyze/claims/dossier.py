"""A dossier: everything the knowledge base holds on one organisation, country or element.

Sections: identity (names, tickers, country, parent, subsidiaries, partners), the latest
figure for each metric with its corroboration status and history, capacity projects
(claimed capacity beside later reported production), the event timeline, mention
volume by month, the documents most about the entity, and the figures of its parent
and subsidiaries. Every figure cites document id, span and sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection

from monazite.analyze.claims.agreement import MetricInfo
from monazite.analyze.claims.build import Claim, build_claims, period_sort_key, relaying_documents, sentence_mentions
from monazite.analyze.claims.dossier_projects import project_rows
from monazite.analyze.claims.dossier_render import render_markdown
from monazite.analyze.claims.graph import build_graph, neighbours
from monazite.analyze.queries import (
    load_aliases, load_documents, load_entities, load_events, load_facts, mention_counts, mention_volume,
)
from monazite.settings import Settings
from monazite.store.corrections import resolve_entity

__all__ = ["Dossier", "build_dossier"]

TOP_DOCUMENTS = 10  # documents listed as "most about" the entity


@dataclass
class Dossier:
    """A structured profile; ``to_dict`` is the JSON form, ``to_markdown`` the readable one."""

    identity: dict[str, Any]
    metrics: list[dict[str, Any]] = field(default_factory=list)
    projects: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    mention_volume: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    related: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"identity": self.identity, "metrics": self.metrics, "projects": self.projects,
                "events": self.events, "mention_volume": self.mention_volume, "documents": self.documents,
                "related": self.related}

    def to_markdown(self) -> str:
        return render_markdown(self.to_dict())


def build_dossier(conn: Connection, name: str, *, settings: Settings, metrics: dict[str, MetricInfo],
                  include_related: bool = True) -> Dossier:
    """The dossier of the entity ``name`` (id, name, alias or ticker); raises ``NotFound``."""
    eid = resolve_entity(conn, name)
    entities = load_entities(conn)
    rows = {e["id"]: e for e in entities.to_dict("records")}
    names = {i: e["name"] for i, e in rows.items()}
    kinds = {i: e["kind"] for i, e in rows.items()}
    graph = build_graph(conn)
    links = neighbours(graph, eid)
    parent = rows[eid]["parent"] or next((r["entity"] for r in links
                                          if r["predicate"] == "parent_of" and r["direction"] == "in"), None)
    children = sorted({r["entity"] for r in links if r["predicate"] == "parent_of" and r["direction"] == "out"})
    related_ids = ([parent] if parent else []) + children if include_related else []

    facts = load_facts(conn, min_confidence=settings.fact_confidence_threshold)
    keep = facts["subject"].isin({eid, *related_ids}) | (facts["material"] == eid)
    if kinds.get(eid) in ("element", "material"):
        # Facts that state no material join a same-key claim about this material when grouped
        # (build._fill_unstated), so they must reach build_claims as in kb.claims().
        keep |= facts["material"].isna()
    facts = facts[keep]
    relays = relaying_documents(conn, set(facts["document_id"]))
    claims = build_claims(facts, settings=settings, metrics=metrics, kinds=kinds, names=names, relays=relays,
                          mentions=sentence_mentions(conn, set(facts["document_id"])))
    own = [c for c in claims if c.subject == eid or c.material == eid]

    merged = [i for i, e in rows.items() if e["canonical"] == eid]
    identity = _identity(conn, rows[eid], merged, names, parent, children, links)
    events = load_events(conn)
    return Dossier(
        identity=identity,
        metrics=_metric_sections(own, metrics),
        projects=project_rows(conn, own, _actor_events(events, eid), names),
        events=_timeline(events, eid, names),
        mention_volume=mention_volume(conn, merged),
        documents=_top_documents(conn, merged),
        related=[{"entity": rid, "name": names.get(rid, rid),
                  "relation": "parent" if rid == parent else "subsidiary",
                  "metrics": _metric_sections([c for c in claims if c.subject == rid], metrics),
                  "projects": project_rows(conn, [c for c in claims if c.subject == rid],
                                           _actor_events(events, rid), names)}
                 for rid in related_ids],
    )


def _identity(conn: Connection, row: dict, merged: list[str], names: dict[str, str], parent: str | None,
              children: list[str], links: list[dict]) -> dict[str, Any]:
    aliases = sorted({a["alias"] for a in load_aliases(conn, merged)} - {row["name"]}, key=str.casefold)
    return {
        "id": row["id"], "name": row["name"], "kind": row["kind"], "aliases": aliases,
        "tickers": list(row["tickers"] or []),
        "country": {"id": row["country"], "name": names.get(row["country"], row["country"])} if row["country"] else None,
        "parent": {"id": parent, "name": names.get(parent, parent)} if parent else None,
        "subsidiaries": [{"id": c, "name": names.get(c, c)} for c in children],
        "relations": [r for r in links if r["predicate"] != "parent_of"],
        "merged": [m for m in merged if m != row["id"]],
    }


def _metric_sections(claims: list[Claim], metrics: dict[str, MetricInfo]) -> list[dict[str, Any]]:
    by_metric: dict[str, list[Claim]] = {}
    for c in claims:
        by_metric.setdefault(c.metric, []).append(c)
    sections = []
    for metric in sorted(by_metric):
        history = sorted(by_metric[metric], key=_claim_order)
        info = metrics.get(metric)
        sections.append({"metric": metric, "label": info.label if info else metric,
                         "latest": history[-1].to_dict(), "history": [c.to_dict() for c in history]})
    return sections


def _claim_order(c: Claim) -> tuple[str, str]:
    published = max((f.published or "" for f in c.facts), default="")
    return (period_sort_key(c.period, published), published)


def _actor_events(events: Any, eid: str) -> list[dict]:
    if not len(events):
        return []
    return events[events["actors"].map(lambda a: eid in a)].to_dict("records")


def _timeline(events: Any, eid: str, names: dict[str, str]) -> list[dict[str, Any]]:
    if not len(events):
        return []
    mine = events[events["actors"].map(lambda a: eid in a) | events["materials"].map(lambda m: eid in m)]
    out = []
    for ev in mine.to_dict("records"):
        out.append({"id": ev["id"], "type": ev["type"], "date": ev["date"], "published": ev["published"],
                    "actors": [{"id": a, "name": names.get(a, a)} for a in ev["actors"]],
                    "materials": ev["materials"], "attributes": ev["attributes"], "quote": ev["quote"],
                    "document_id": ev["document_id"], "source": ev["source_name"] or ev["title"] or ev["origin"],
                    "span": {"start": ev["start"], "end": ev["end"], "sentence_start": ev["sentence_start"],
                             "sentence_end": ev["sentence_end"]}})
    def order(e: dict[str, Any]) -> tuple:
        when = period_sort_key(e["date"], e["published"])
        return (when == "", when, e["document_id"], e["span"]["start"])  # undated events last

    return sorted(out, key=order)


def _top_documents(conn: Connection, ids: list[str]) -> list[dict[str, Any]]:
    counts = mention_counts(conn, ids).head(TOP_DOCUMENTS)
    docs = load_documents(conn, counts["document_id"].tolist()).set_index("id")
    out = []
    for row in counts.to_dict("records"):
        d = docs.loc[row["document_id"]]
        out.append({"document_id": row["document_id"], "mentions": int(row["mentions"]), "title": d["title"],
                    "origin": d["origin"], "published": d["published"], "source": d["source_name"]})
    return out
