"""What most needs a human: the review queue, ordered by impact and uncertainty.

Tiers, highest first (a record's priority is its tier plus its uncertainty, ``1 - confidence``):

1. figures behind a conflicting claim (4), then behind an uncertain one (3): a reader
   sees these first and a wrong side misleads most;
2. events in documents that raised a watchlist alert, below ``SURE`` confidence (2);
3. confirmed figures that only just passed the threshold (below ``SURE``): they feed
   claims, dossiers and the digest (1, plus 0.5 when their subject is on a watchlist);
4. organisations the extractor discovered (not in the vocabulary, not yet reviewed)
   named in two documents or more (0.5 plus a little per document).

Records already decided are never queued again; a new decision is still possible by id.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.analyze.claims.agreement import MetricInfo
from monazite.analyze.claims.build import claims_from_store
from monazite.settings import Settings
from monazite.store import schema as t

__all__ = ["QueueItem", "review_queue"]

SURE = 0.7  # at or above this calibrated confidence a record is not queued for being unsure
MIN_DOCUMENTS = 2  # a discovered organisation named in fewer documents waits


@dataclass(frozen=True)
class QueueItem:
    """One record to review, with why it is queued."""

    id: str
    kind: str  # fact | event | entity
    priority: float
    reason: str
    label: str
    confidence: float | None = None
    document_id: str | None = None
    start: int | None = None
    end: int | None = None
    quote: str | None = None
    claim_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def review_queue(conn: Connection, settings: Settings, metrics: dict[str, MetricInfo],
                 limit: int | None = 50) -> list[QueueItem]:
    """The queue, most pressing first (ties by id, so the order is stable)."""
    items: dict[str, QueueItem] = {}

    def add(item: QueueItem) -> None:
        if item.id not in items or items[item.id].priority < item.priority:
            items[item.id] = item

    reviewed = {r.id for tbl in (t.facts, t.events) for r in conn.execute(
        sa.select(tbl.c.id).where(tbl.c.review.is_not(None)))}
    behind: dict[str, tuple[float, str, str]] = {}  # fact id -> (tier, why, claim id)
    for claim in claims_from_store(conn, settings, metrics):
        if claim.status not in ("conflicting", "uncertain"):
            continue
        tier = 4.0 if claim.status == "conflicting" else 3.0
        why = f"{claim.status} claim: {claim.subject_name} {claim.metric} {claim.period or '(no period)'}"
        if claim.identity_note:
            why += f" ({claim.identity_note})"
        for f in claim.facts:
            if f.fact_id not in reviewed and behind.get(f.fact_id, (0.0,))[0] < tier:
                behind[f.fact_id] = (tier, why, claim.id)
    for item in _fact_items(conn, behind):  # one query for every fact behind a conflict
        add(item)
    watched = _watched_entities(conn)
    f = t.facts.c
    near = conn.execute(sa.select(f.id, f.subject, f.metric, f.value_text, f.confidence, f.document_id, f.start,
                                  f.end, f.quote).where(
        f.review.is_(None), f.confidence >= settings.fact_confidence_threshold, f.confidence < SURE)).all()
    for r in near:
        tier = 1.5 if r.subject in watched else 1.0
        add(QueueItem(id=r.id, kind="fact", priority=round(tier + 1 - r.confidence, 4),
                      reason=f"confirmed only just ({r.confidence:.2f}): feeds claims and dossiers",
                      label=f"{r.subject} {r.metric} {r.value_text}", confidence=r.confidence,
                      document_id=r.document_id, start=r.start, end=r.end, quote=r.quote))
    e, a = t.events.c, t.alerts.c
    alerted = sa.select(a.document_id)
    for r in conn.execute(sa.select(e.id, e.type, e.confidence, e.document_id, e.start, e.end, e.quote).where(
            e.review.is_(None), e.confidence < SURE, e.document_id.in_(alerted))):
        add(QueueItem(id=r.id, kind="event", priority=round(2.0 + 1 - r.confidence, 4),
                      reason=f"event behind a watchlist alert, confidence {r.confidence:.2f}",
                      label=r.type, confidence=r.confidence, document_id=r.document_id, start=r.start, end=r.end,
                      quote=r.quote))
    m, ent = t.mentions.c, t.entities.c
    docs = sa.func.count(sa.distinct(m.document_id))
    for r in conn.execute(sa.select(ent.id, ent.name, docs.label("docs")).select_from(
            t.entities.join(t.mentions, t.mentions.c.entity_id == ent.id)).where(
            ent.origin == "extracted", ent.review.is_(None), ent.merged_into.is_(None))
            .group_by(ent.id, ent.name).having(docs >= MIN_DOCUMENTS)):
        add(QueueItem(id=r.id, kind="entity", priority=round(0.5 + min(r.docs, 20) / 100, 4),
                      reason=f"discovered organisation named in {r.docs} documents, not in the vocabulary",
                      label=r.name))
    ordered = sorted(items.values(), key=lambda i: (-i.priority, i.id))
    return ordered if limit is None else ordered[:limit]


def _fact_items(conn: Connection, behind: dict[str, tuple[float, str, str]]) -> list[QueueItem]:
    if not behind:
        return []
    f = t.facts.c
    rows = conn.execute(sa.select(f.id, f.subject, f.metric, f.value_text, f.confidence, f.document_id, f.start,
                                  f.end, f.quote).where(f.id.in_(sorted(behind))))
    out = []
    for r in rows:
        tier, reason, claim_id = behind[r.id]
        out.append(QueueItem(id=r.id, kind="fact", priority=round(tier + 1 - r.confidence, 4), reason=reason,
                             label=f"{r.subject} {r.metric} {r.value_text}", confidence=r.confidence,
                             document_id=r.document_id, start=r.start, end=r.end, quote=r.quote,
                             claim_id=claim_id))
    return out


def _watched_entities(conn: Connection) -> set[str]:
    """Entity ids named by any watchlist."""
    out: set[str] = set()
    for (query,) in conn.execute(sa.select(t.watchlists.c.query)):
        for key in ("entities", "elements"):
            value = (query or {}).get(key)
            if isinstance(value, list):
                out.update(str(v) for v in value)
    return out
