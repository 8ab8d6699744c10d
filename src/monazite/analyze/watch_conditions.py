"""Watchlist conditions: figures crossing a threshold, and claims changing status.

Only confirmed figures count: confidence at or above ``fact_confidence_threshold``, or
accepted or corrected by an analyst; a rejected fact (or one filed under a rejected
entity) never raises anything. With a condition, every kind of scope the rule lists
narrows what counts: entities and elements must be the figure's or claim's subject or
material (a material made of a watched element counts), event types and keywords must
match the document the figure came from.

- **Threshold**: a confirmed figure in a newly stored document crosses one of the rule's
  thresholds. One hit per distinct figure (subject, metric, period, material, value,
  unit): a second outlet repeating it raises nothing new.
- **Claim status**: a claim holding a figure from a newly stored document has a watched
  status it did not have before that document (the claims are rebuilt without the new
  documents to know the status before). One hit per claim identity and status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.analyze.claims.agreement import load_metric_info
from monazite.analyze.claims.build import Claim, build_claims, relaying_documents, sentence_mentions
from monazite.analyze.queries import load_entities, load_facts
from monazite.model import content_id
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.corrections import canonical_map
from monazite.store.reviews import confirmed, visible
from monazite.store.watchlists import DocumentEvidence, Watchlist

__all__ = ["Hit", "claim_status_hits", "subject_in_scope", "threshold_hits"]


@dataclass(frozen=True)
class Hit:
    """One alert to record: which rule, on which document, why, and what makes it one hit."""

    watchlist: Watchlist
    document_id: str
    reason: str
    kind: str
    dedup_key: str
    detail: dict[str, Any]


def subject_in_scope(wl: Watchlist, subject: str, material: str | None, materials: dict[str, list[str]]) -> bool:
    """Whether a figure or claim about ``subject`` (of ``material``) is one the rule's entities
    and elements ask for; True when it lists neither."""
    q = wl.query
    if not (q.entities or q.elements):
        return True
    wanted = {*q.entities, *q.elements, *(m for e in q.elements for m in materials.get(e, ()))}
    return subject in wanted or (material is not None and material in wanted)


def document_in_scope(wl: Watchlist, doc: DocumentEvidence | None) -> bool:
    """Whether the document matches the rule's event types and keywords (True when it lists none)."""
    from monazite.analyze.watch import match_document  # watch imports this module

    q = wl.query
    if not (q.event_types or q.keywords):
        return True
    if doc is None:
        return False
    narrowed = replace(q, entities=[], elements=[], thresholds=[], claim_statuses=[])
    return match_document(narrowed, doc) is not None


def _fact_rows(conn: Connection, document_ids: list[str], metrics: set[str], settings: Settings) -> list[Any]:
    f = t.facts
    rejected = sa.select(t.entities.c.id).where(t.entities.c.review == "rejected")
    query = (sa.select(f.c.id, f.c.document_id, f.c.subject, f.c.metric, f.c.value, f.c.unit, f.c.value_text,
                       f.c.period, f.c.material, f.c.start, f.c.end, f.c.quote)
             .where(f.c.document_id.in_(document_ids), f.c.metric.in_(sorted(metrics)),
                    confirmed(f, settings.fact_confidence_threshold), visible(f), f.c.subject.not_in(rejected))
             .order_by(f.c.document_id, f.c.start))
    return list(conn.execute(query))


def threshold_hits(conn: Connection, watchlists: list[Watchlist], docs: dict[str, DocumentEvidence],
                   settings: Settings, names: dict[str, str], materials: dict[str, list[str]]) -> Iterator[Hit]:
    """Confirmed figures in ``docs`` crossing a rule's threshold."""
    rules = [w for w in watchlists if w.query.thresholds]
    metrics = {th.metric for w in rules for th in w.query.thresholds}
    if not rules or not docs:
        return
    canon = canonical_map(conn)
    for row in _fact_rows(conn, sorted(docs), metrics, settings):
        subject = canon.get(row.subject, row.subject)
        material = canon.get(row.material, row.material) if row.material else None
        doc = docs[row.document_id]
        for wl in rules:
            crossed = next((th for th in wl.query.thresholds if th.passes(row.metric, row.value, row.unit)), None)
            if crossed is None or not _on_or_after(wl, doc) or not subject_in_scope(wl, subject, material, materials) \
                    or not document_in_scope(wl, doc):
                continue
            figure = content_id("figure", subject, row.metric, row.period, material, row.value, row.unit)
            who = names.get(subject, subject)
            yield Hit(wl, row.document_id, kind="threshold", dedup_key=f"threshold:{figure}",
                      reason=f"{who} {row.metric} {row.value_text} ({row.start}-{row.end}) crosses {crossed}",
                      detail={"threshold": str(crossed), "facts": [row.id], "subject": subject, "subject_name": who,
                              "metric": row.metric, "value": row.value, "unit": row.unit, "period": row.period,
                              "quote": row.quote, "span": [row.start, row.end]})


def _on_or_after(wl: Watchlist, doc: DocumentEvidence) -> bool:
    return not (wl.query.min_date and doc.published is not None
                and doc.published < dt.date.fromisoformat(wl.query.min_date))


def _claims(conn: Connection, facts: pd.DataFrame, settings: Settings, metrics: Any) -> list[Claim]:
    if facts.empty:
        return []
    entities = load_entities(conn)
    kinds = dict(zip(entities["id"], entities["kind"], strict=True))
    names = dict(zip(entities["id"], entities["name"], strict=True))
    docs = set(facts["document_id"])
    return build_claims(facts, settings=settings, metrics=metrics, kinds=kinds, names=names,
                        relays=relaying_documents(conn, docs), mentions=sentence_mentions(conn, docs))


def _identity(claim: Claim) -> tuple[Any, ...]:
    return (claim.subject, claim.metric, claim.period, claim.stage, claim.material, claim.basis, claim.unit,
            claim.object, claim.instrument)


def _sides(claim: Claim) -> str:
    sides = claim.sides or [claim.facts]
    return " vs ".join(f"{side[0].value_text} ({', '.join(dict.fromkeys(f.source for f in side))})" for side in sides)


def claim_status_hits(conn: Connection, watchlists: list[Watchlist], docs: dict[str, DocumentEvidence],
                      settings: Settings, materials: dict[str, list[str]]) -> Iterator[Hit]:
    """Claims that reached a watched status because of a document in ``docs``."""
    rules = [w for w in watchlists if w.query.claim_statuses]
    if not rules or not docs:
        return
    facts = load_facts(conn, min_confidence=settings.fact_confidence_threshold)
    if facts.empty:
        return
    new = set(docs)
    touched = facts[facts["document_id"].isin(new)]
    if touched.empty:
        return
    # Only claims sharing a subject and metric with a new figure can have changed.
    keys = set(zip(touched["subject"], touched["metric"], strict=True))
    facts = facts[[k in keys for k in zip(facts["subject"], facts["metric"], strict=True)]]
    metrics = load_metric_info()
    before: dict[tuple[Any, ...], set[str]] = {}
    for claim in _claims(conn, facts[~facts["document_id"].isin(new)], settings, metrics):
        before.setdefault(_identity(claim), set()).add(claim.status)
    for claim in _claims(conn, facts, settings, metrics):
        trigger = sorted(d for d in claim.documents if d in new)
        if not trigger:
            continue
        was = before.get(_identity(claim), set())
        for wl in rules:
            if claim.status not in wl.query.claim_statuses or claim.status in was:
                continue
            doc = docs[trigger[0]]
            if not _on_or_after(wl, doc) or not subject_in_scope(wl, claim.subject, claim.material, materials) \
                    or not document_in_scope(wl, doc):
                continue
            identity = content_id("claim", *_identity(claim))
            period = claim.period or "undated"
            yield Hit(wl, doc.document_id, kind="claim_status", dedup_key=f"claim:{identity}:{claim.status}",
                      reason=f"claim {claim.subject_name} {claim.metric} {period} became {claim.status}: "
                             f"{_sides(claim)}",
                      detail={"claim_id": claim.id, "status": claim.status, "previous": sorted(was),
                              "facts": [f.fact_id for f in claim.facts], "subject": claim.subject,
                              "subject_name": claim.subject_name, "metric": claim.metric, "period": claim.period,
                              "sources": claim.sources})
