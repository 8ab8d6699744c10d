"""The daily digest: what came in during a window of days, as an analyst reads it.

``build_digest`` works in stages:

1. documents ingested in the window (not published: a late-arriving story about last
   year still shows the day it lands), near-duplicates left out;
2. each document's confirmed figures and events, with ``document_id@start-end``
   provenance and the quoted sentence (rejected records never appear);
3. claims rebuilt once, so each figure carries the corroboration status of its claim,
   and the conflicting claims a window document takes part in are the new conflicts;
4. stories: the window's documents clustered by happening (``analyze.stories``), each
   with a headline, every source with its link, its events and its figures;
5. sections: top stories, export controls and policy, capacity and projects, other
   stories (each story in one of these, in full), new figures per company, new
   conflicts, watchlist hits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from monazite.analyze.claims.agreement import load_metric_info
from monazite.analyze.claims.build import Claim, claims_from_store
from monazite.analyze.story_store import stories_for
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.corrections import canonical_map
from monazite.store.reviews import confirmed, rejected_entities, visible
from monazite.store.watchlists import entity_names, list_alerts

__all__ = ["CAPACITY_EVENTS", "CAPACITY_METRICS", "ORGANIZATION_KINDS", "POLICY_EVENTS", "TOP_STORIES",
           "build_digest"]

TOP_FACTS = 5  # figures shown per document, most confident first
TOP_EVENTS = 5  # events shown per document, in reading order
TOP_STORIES = 5  # stories in the "top stories" section
COMPANY_FIGURES = 10  # figures listed per company, most confident first
POLICY_EVENTS = frozenset({"export_control", "policy"})  # "export controls and policy"
CAPACITY_EVENTS = frozenset({"capacity_expansion", "plant_opening"})  # "capacity and projects"
CAPACITY_METRICS = frozenset({"capacity", "production", "capital_cost"})
ORGANIZATION_KINDS = frozenset({"company", "state_body", "agency", "research_institute", "university"})


def _window(day: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.timezone.utc)
    return end - dt.timedelta(days=max(1, days)), end


def _prov(row: Any) -> str:
    return f"{row.document_id}@{row.start}-{row.end}"


def _link(origin: str | None) -> str | None:
    """The document's address when it is a web address (never a path or a ``javascript:`` URL)."""
    return origin if origin and origin.lower().startswith(("http://", "https://")) else None


def _documents(conn: Connection, start: dt.datetime, end: dt.datetime) -> list[dict[str, Any]]:
    d, s = t.documents, t.sources
    query = (sa.select(d.c.id, d.c.title, d.c.origin, d.c.published, d.c.ingested_at, d.c.word_count,
                       s.c.name.label("source"), s.c.kind.label("source_kind"))
             .select_from(d.outerjoin(s, d.c.source_id == s.c.id))
             .where(d.c.ingested_at >= start, d.c.ingested_at < end, d.c.duplicate_of.is_(None))
             .order_by(d.c.ingested_at, d.c.id))
    return [{"id": r.id, "title": r.title or r.origin, "source": r.source, "source_kind": r.source_kind or "unknown",
             "url": _link(r.origin), "published": r.published, "ingested_at": r.ingested_at.isoformat(),
             "word_count": r.word_count, "facts": [], "events": [], "unconfirmed_facts": 0, "alerts": []}
            for r in conn.execute(query)]


def _attach_facts(conn: Connection, docs: dict[str, dict[str, Any]], canon: dict[str, str],
                  threshold: float, status: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The top confirmed facts of each document; unconfirmed candidates are only counted.
    Returns every confirmed fact of the window, for the per-company section."""
    f = t.facts.c
    rows = conn.execute(sa.select(t.facts).where(f.document_id.in_(list(docs)), visible(t.facts))
                        .order_by(f.document_id, f.confidence.desc(), f.start)).all()
    sure = {r.id for r in rows if r.confidence >= threshold or r.review in ("accepted", "corrected")}
    for r in rows:
        if r.id not in sure:
            docs[r.document_id]["unconfirmed_facts"] += 1
    rejected = rejected_entities(conn)  # an analyst's rejected entity (or one merged into it) files nothing
    rows = [r for r in rows if r.id in sure and r.subject not in rejected and canon.get(r.subject) not in rejected]
    names = entity_names(conn, list({canon.get(r.subject, r.subject) for r in rows}))
    every = []
    for r in rows:
        subject = canon.get(r.subject, r.subject)
        doc = docs[r.document_id]
        claim = status.get(r.id, {})
        fact = {"id": r.id, "document_id": r.document_id, "subject": names.get(subject, subject),
                "subject_id": subject, "metric": r.metric, "value": r.value, "unit": r.unit,
                "value_text": r.value_text, "qualifier": r.qualifier, "period": r.period, "stage": r.stage,
                "quote": r.quote, "provenance": _prov(r), "review": r.review, "confidence": r.confidence,
                "source": doc["source"] or "unknown", "url": doc["url"], "status": claim.get("status"),
                "claim_id": claim.get("claim_id"), "independent_sources": claim.get("independent_sources", 1),
                "claim_sources": claim.get("sources", [])}
        every.append(fact)
        if len(doc["facts"]) < TOP_FACTS:
            doc["facts"].append(fact)
    return every


def _attach_events(conn: Connection, docs: dict[str, dict[str, Any]], canon: dict[str, str],
                   threshold: float) -> None:
    """Each document's confirmed events (at or above ``event_confidence_threshold``, or accepted)."""
    e = t.events.c
    rows = conn.execute(sa.select(t.events).where(e.document_id.in_(list(docs)), visible(t.events),
                                                  confirmed(t.events, threshold))
                        .order_by(e.document_id, e.start)).all()
    names = entity_names(conn, list({canon.get(a, a) for r in rows for a in (r.actors or []) + (r.materials or [])}))
    for r in rows:
        doc = docs[r.document_id]
        if len(doc["events"]) < TOP_EVENTS:
            actors = list(dict.fromkeys(canon.get(a, a) for a in r.actors or []))
            doc["events"].append({"id": r.id, "document_id": r.document_id, "type": r.type, "date": r.date,
                                  "actors": [names.get(a, a) for a in actors],
                                  "materials": [names.get(m, m) for m in r.materials or []],
                                  "quote": r.quote, "provenance": _prov(r), "source": doc["source"] or "unknown",
                                  "url": doc["url"]})


def _claim_status(claims: Sequence[Claim]) -> dict[str, dict[str, Any]]:
    """Each confirmed fact's claim: id, corroboration status, independent sources."""
    out = {}
    for claim in claims:
        for f in claim.facts:
            out[f.fact_id] = {"claim_id": claim.id, "status": claim.status, "sources": claim.sources,
                              "independent_sources": claim.independent_sources}
    return out


def _conflicts(claims: Sequence[Claim], window_docs: set[str]) -> list[dict[str, Any]]:
    """Conflicting claims that a window document takes part in."""
    out = []
    for claim in claims:
        if claim.status != "conflicting" or not window_docs & set(claim.documents):
            continue
        sides = [{"sources": list(dict.fromkeys(f.source for f in side)),
                  "facts": [{"value": f.value, "unit": f.unit, "quote": f.quote, "source": f.source,
                             "document_id": f.document_id, "new": f.document_id in window_docs,
                             "provenance": f"{f.document_id}@{f.start}-{f.end}"} for f in side]}
                 for side in claim.sides]
        out.append({"id": claim.id, "subject": claim.subject_name, "subject_id": claim.subject,
                    "metric": claim.metric, "period": claim.period, "stage": claim.stage, "unit": claim.unit,
                    "sides": sides})
    return out


def _story(doc_ids: Sequence[str], docs: dict[str, dict[str, Any]], story_id: str) -> dict[str, Any]:
    members = [docs[i] for i in doc_ids]
    # the headline: the earliest article, or the most complete among equally early ones
    lead = min(members, key=lambda d: (d["published"] is None, d["published"] or "",
                                       -(len(d["facts"]) + len(d["events"])), -(d["word_count"] or 0), d["id"]))
    seen: set[tuple] = set()
    events = []
    for d in members:
        for e in d["events"]:
            key = (e["type"], tuple(sorted(e["actors"] or e["materials"])))  # one happening, told by several
            if key not in seen:
                seen.add(key)
                events.append(e)
    figures = [f for d in members for f in d["facts"]]
    alerts = [dict(a, document_id=d["id"]) for d in members for a in d["alerts"]]
    types = {e["type"] for e in events}
    topics = (["export_controls"] if types & POLICY_EVENTS else []) + (
        ["capacity"] if types & CAPACITY_EVENTS or any(f["metric"] in CAPACITY_METRICS for f in figures) else [])
    return {"id": story_id, "headline": lead["title"], "document_id": lead["id"], "published": lead["published"],
            "sources": [{"document_id": d["id"], "title": d["title"], "source": d["source"] or "unknown",
                         "source_kind": d["source_kind"], "url": d["url"], "published": d["published"]}
                        for d in members],
            "events": events, "figures": figures, "alerts": alerts, "topics": topics}


def _rank(story: dict[str, Any]) -> tuple:
    outlets = len({s["source"] for s in story["sources"]})
    return (-outlets, -bool(story["alerts"]), -(len(story["events"]) + len(story["figures"])),
            story["published"] is None, story["published"] or "", story["id"])


def _companies(facts: list[dict[str, Any]], kinds: dict[str, str]) -> list[dict[str, Any]]:
    grouped: dict[str, dict[str, Any]] = {}
    for f in sorted(facts, key=lambda f: -f["confidence"]):
        if kinds.get(f["subject_id"]) not in ORGANIZATION_KINDS:
            continue
        entry = grouped.setdefault(f["subject_id"], {"subject": f["subject"], "subject_id": f["subject_id"],
                                                     "kind": kinds[f["subject_id"]], "figures": []})
        if len(entry["figures"]) < COMPANY_FIGURES:
            entry["figures"].append(f)
    return sorted(grouped.values(), key=lambda c: (-len(c["figures"]), c["subject"].lower()))


def _sections(stories: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Each story in one section, in full: the top stories, then by topic, then the rest."""
    sections: dict[str, list[str]] = {"top_stories": [s["id"] for s in stories[:TOP_STORIES]],
                                      "export_controls": [], "capacity": [], "other": []}
    for story in stories[TOP_STORIES:]:
        topic = story["topics"][0] if story["topics"] else "other"
        sections[topic].append(story["id"])
    return sections


def build_digest(engine: Engine, settings: Settings, day: dt.date | None = None, days: int = 1) -> dict[str, Any]:
    """The digest of documents ingested in the ``days`` days ending with ``day`` (UTC; default today)."""
    day = day or dt.datetime.now(dt.timezone.utc).date()
    start, end = _window(day, days)
    stories: list[dict[str, Any]] = []
    companies: list[dict[str, Any]] = []
    conflicts: list[dict[str, Any]] = []
    hits: list[dict[str, Any]] = []
    with engine.connect() as conn:
        listed = _documents(conn, start, end)
        docs = {d["id"]: d for d in listed}
        if docs:
            canon = canonical_map(conn)
            claims = claims_from_store(conn, settings, load_metric_info())
            facts = _attach_facts(conn, docs, canon, settings.fact_confidence_threshold, _claim_status(claims))
            _attach_events(conn, docs, canon, settings.event_confidence_threshold)
            hits = list_alerts(conn, document_ids=list(docs))
            for hit in hits:
                docs[hit["document_id"]]["alerts"].append({"watchlist": hit["watchlist"], "reason": hit["reason"],
                                                           "priority": hit.get("priority")})
            conflicts = _conflicts(claims, set(docs))
            stories = sorted((_story(s.document_ids, docs, s.id) for s in stories_for(conn, settings, list(docs))),
                             key=_rank)
            kinds = dict(conn.execute(sa.select(t.entities.c.id, t.entities.c.kind)
                                      .where(t.entities.c.id.in_({f["subject_id"] for f in facts}))).all())
            companies = _companies(facts, kinds)
    sections = _sections(stories)
    window = {"start": start.isoformat(), "end": end.isoformat()}
    return {"date": day.isoformat(), "days": max(1, days), "window": window,
            "stories": stories, "sections": sections, "companies": companies, "conflicts": conflicts,
            "watch_hits": hits, "documents": listed}
