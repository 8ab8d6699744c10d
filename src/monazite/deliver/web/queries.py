"""Read-only queries behind the pages and the API: paginated listings of documents,
entities, facts and events, and one document with everything extracted from it.

Every fact and event row carries its document id, character span, sentence span, quote
and extractor, so whatever shows a number can show where it came from; from a paginated
document also its page, and a figure read from a table its cell ("table:row:column").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.errors import NotFound
from monazite.store import corrections
from monazite.store import schema as t
from monazite.store.entities import alias_key
from monazite.store.reviews import confirmed, visible

__all__ = ["Page", "document_detail", "list_documents", "list_entities", "list_events", "list_facts",
           "resolve_entity"]

FACT_COLUMNS = ("id", "document_id", "subject", "metric", "value", "unit", "value_text", "qualifier", "low",
                "high", "basis", "period", "material", "stage", "object", "start", "end", "sentence_start",
                "sentence_end", "quote", "extractor", "confidence", "review", "review_id", "page", "cell")
EVENT_COLUMNS = ("id", "document_id", "type", "date", "actors", "materials", "attributes", "start", "end",
                 "sentence_start", "sentence_end", "quote", "extractor", "confidence", "review", "review_id",
                 "page")


@dataclass
class Page:
    """One page of a listing: the rows and the paging that produced them."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "count": len(self.items),
                "items": self.items}


def _page(conn: Connection, stmt: sa.Select, limit: int, offset: int) -> Page:
    total = conn.execute(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()
    rows = conn.execute(stmt.limit(limit).offset(offset)).mappings().all()
    return Page([dict(r) for r in rows], int(total), limit, offset)


def resolve_entity(conn: Connection, name: str) -> dict[str, Any]:
    """An entity's row by id, name, alias or ticker, with the store's rules (merged entities
    lead to the survivor; an alias shared by several entities is refused as ambiguous)."""
    eid = corrections.resolve_entity(conn, name)
    return dict(conn.execute(sa.select(t.entities).where(t.entities.c.id == eid)).mappings().one())


def _members(conn: Connection, entity: str) -> set[str]:
    """The entity ``entity`` names, and every entity merged into it."""
    return corrections.entity_members(corrections.canonical_map(conn), resolve_entity(conn, entity)["id"])


def _doc_columns() -> list:
    d, s = t.documents, t.sources
    return [d.c.id, d.c.title, d.c.published, d.c.origin, d.c.word_count, d.c.ingested_at,
            s.c.name.label("source"), s.c.kind.label("source_kind")]


def list_documents(conn: Connection, *, limit: int, offset: int, source_kind: str | None = None,
                   entity: str | None = None) -> Page:
    d, s = t.documents, t.sources
    stmt = sa.select(*_doc_columns()).select_from(d.outerjoin(s, s.c.id == d.c.source_id)).where(
        d.c.duplicate_of.is_(None))
    if source_kind:
        stmt = stmt.where(s.c.kind == source_kind)
    if entity:
        members = _members(conn, entity)
        stmt = stmt.where(sa.exists().where(t.mentions.c.document_id == d.c.id, t.mentions.c.entity_id.in_(members)))
    stmt = stmt.order_by(d.c.published_sort.desc().nulls_last(), d.c.ingested_at.desc(), d.c.id)
    return _page(conn, stmt, limit, offset)


def document_detail(conn: Connection, document_id: str) -> dict[str, Any]:
    d, s = t.documents, t.sources
    row = conn.execute(sa.select(*_doc_columns(), d.c.text, d.c.repairs, d.c.encoding, d.c.duplicate_of,
                                 d.c.published_precision, d.c.content_type, s.c.url.label("source_url"),
                                 d.c.page_count, d.c.disclosure)
                       .select_from(d.outerjoin(s, s.c.id == d.c.source_id))
                       .where(d.c.id == document_id)).mappings().first()
    if row is None:
        raise NotFound(f"no document with id {document_id!r}")
    doc = dict(row)
    m = t.mentions
    doc["mentions"] = [dict(r) for r in conn.execute(
        sa.select(m.c.id, m.c.entity_id, m.c.text, m.c.start, m.c.end, m.c.kind, m.c.extractor,
                  t.entities.c.name.label("entity_name"))
        .select_from(m.outerjoin(t.entities, t.entities.c.id == m.c.entity_id))
        .where(m.c.document_id == document_id).order_by(m.c.start, m.c.id)).mappings()]
    doc["facts"] = [dict(r) for r in conn.execute(
        sa.select(*[t.facts.c[c] for c in FACT_COLUMNS]).where(t.facts.c.document_id == document_id)
        .order_by(t.facts.c.start)).mappings()]
    doc["events"] = [dict(r) for r in conn.execute(
        sa.select(*[t.events.c[c] for c in EVENT_COLUMNS]).where(t.events.c.document_id == document_id)
        .order_by(t.events.c.start)).mappings()]
    attach_reviews(conn, [*doc["facts"], *doc["events"]])
    return doc


def attach_reviews(conn: Connection, records: list[dict[str, Any]]) -> None:
    """Each reviewed record gains ``review_by``, ``review_at``, ``review_note`` and, for a
    correction, ``review_original`` (the record as the machine extracted it)."""
    ids = {r["review_id"] for r in records if r.get("review_id")}
    if not ids:
        return
    rows = {r.id: r for r in conn.execute(sa.select(t.reviews).where(t.reviews.c.id.in_(ids)))}
    for rec in records:
        row = rows.get(rec.get("review_id"))
        if row is None:
            continue
        rec["review_by"], rec["review_at"], rec["review_note"] = row.reviewer, row.created_at, row.note
        if row.decision == "correct":
            rec["review_original"] = {k: row.original.get(k) for k in row.changes}


def list_entities(conn: Connection, *, limit: int, offset: int, kind: str | None = None,
                  q: str | None = None) -> Page:
    e = t.entities
    mentions = (sa.select(sa.func.count()).where(t.mentions.c.entity_id == e.c.id)
                .correlate(e).scalar_subquery().label("mention_count"))
    other = t.entities.alias("other")

    def name_of(column: sa.Column, label: str) -> sa.Label:
        return sa.select(other.c.name).where(other.c.id == column).correlate(e).scalar_subquery().label(label)

    stmt = sa.select(e.c.id, e.c.name, e.c.kind, e.c.country, e.c.parent, e.c.reviewed, e.c.origin,
                     name_of(e.c.country, "country_name"), name_of(e.c.parent, "parent_name"),
                     mentions).where(e.c.merged_into.is_(None), visible(e))
    if kind:
        stmt = stmt.where(e.c.kind == kind)
    if q:
        stmt = stmt.where(sa.or_(e.c.name.ilike(f"%{_like_escape(q)}%", escape="\\"),
                                 e.c.id.in_(sa.select(t.entity_aliases.c.entity_id)
                                            .where(t.entity_aliases.c.alias_key == alias_key(q)))))
    return _page(conn, stmt.order_by(sa.desc("mention_count"), e.c.id), limit, offset)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_facts(conn: Connection, *, limit: int, offset: int, entity: str | None = None,
               metric: str | None = None, period: str | None = None, document_id: str | None = None,
               include_rejected: bool = False) -> Page:
    f, d = t.facts, t.documents
    stmt = (sa.select(*[f.c[c] for c in FACT_COLUMNS], d.c.title.label("document_title"))
            .select_from(f.join(d, d.c.id == f.c.document_id)).where(visible(f, include_rejected)))
    if entity:
        stmt = stmt.where(f.c.subject.in_(_members(conn, entity)))
    if metric:
        stmt = stmt.where(f.c.metric == metric)
    if period:
        stmt = stmt.where(f.c.period.startswith(period, autoescape=True))
    if document_id:
        stmt = stmt.where(f.c.document_id == document_id)
    return _page(conn, stmt.order_by(f.c.subject, f.c.metric, f.c.period, f.c.id), limit, offset)


def list_events(conn: Connection, *, limit: int, offset: int, type: str | None = None,
                entity: str | None = None, document_id: str | None = None, min_confidence: float | None = None,
                newest: Literal["event", "published"] = "event", include_rejected: bool = False) -> Page:
    """Events newest first: by the event's date (else its document's), or with ``newest="published"``
    by when the document came out, so a target year named in today's news does not lead."""
    ev, d = t.events, t.documents
    stmt = (sa.select(*[ev.c[c] for c in EVENT_COLUMNS], d.c.title.label("document_title"),
                      d.c.published.label("document_published"))
            .select_from(ev.join(d, d.c.id == ev.c.document_id)).where(visible(ev, include_rejected)))
    if type:
        stmt = stmt.where(ev.c.type == type)
    if entity:
        members = _members(conn, entity)
        stmt = stmt.where(ev.c.id.in_(sa.select(t.event_entities.c.event_id)
                                      .where(t.event_entities.c.entity_id.in_(members))))
    if document_id:
        stmt = stmt.where(ev.c.document_id == document_id)
    if min_confidence is not None:
        stmt = stmt.where(confirmed(ev, min_confidence))
    if newest == "published":
        stmt = stmt.order_by(d.c.published_sort.desc().nulls_last(), d.c.id, ev.c.start, ev.c.id)
    else:
        stmt = stmt.order_by(sa.func.coalesce(ev.c.date, d.c.published).desc().nulls_last(), ev.c.id)
    return _page(conn, stmt, limit, offset)
