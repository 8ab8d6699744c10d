"""Analysts' review decisions on what the machine extracted: accept, reject, correct.

Every decision is a row in ``reviews`` (who, when, what was changed, and a snapshot of
the record as it stood), so the log is the history. The latest decision on a record is
also written onto the record itself (``review``, ``review_id``, and for a correction the
corrected fields), and ``apply_reviews`` replays the log after every ingest: a document
extracted again gets fresh rows, and the replay puts the decisions back on them. A fact
or event is found by its id or, when re-extraction changed the id, by its anchor: the
same document and character span.

What a decision means to readers (``visible`` and ``confirmed`` build the conditions):

- rejected records are gone from claims, dossiers, the digest and the API unless asked for;
- accepted and corrected records count as confirmed whatever their machine confidence;
- a corrected fact shows its corrected value beside the original quote, which never changes.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.errors import NotFound, StoreError
from monazite.model import PartialDate
from monazite.store import schema as t
from monazite.store.corrections import canonical_map, resolve_entity

__all__ = [
    "DECISIONS", "KINDS", "Review", "apply_reviews", "confirmed", "correctable_fields", "find_record",
    "list_reviews", "record_kind", "record_review", "rejected_entities", "visible",
]

DECISIONS = ("accept", "reject", "correct")
KINDS = ("fact", "event", "entity")
OUTCOME = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}
TABLES = {"fact": t.facts, "event": t.events, "entity": t.entities}
# Fields an analyst may correct, per kind, and how a typed value becomes a stored one.
FACT_FIELDS = ("subject", "metric", "value", "unit", "period", "stage", "material")
EVENT_FIELDS = ("type", "date", "actors", "materials")
ENTITY_FIELDS = ("name", "kind")
MAX_REVIEWER = 120
RANGE_FIELDS = ("low", "high", "qualifier")  # a fact's stated bounds: cleared when its value is corrected
COLUMN_CHARS = {"unit": 40, "stage": 24}  # the columns' widths


@dataclass(frozen=True)
class Review:
    """One decision as stored."""

    id: int
    kind: str
    record_id: str
    decision: str
    changes: dict[str, Any]
    original: dict[str, Any]
    reviewer: str
    note: str | None
    created_at: dt.datetime
    document_id: str | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "record_id": self.record_id, "decision": self.decision,
                "changes": self.changes, "original": self.original, "reviewer": self.reviewer, "note": self.note,
                "created_at": self.created_at.isoformat(), "document_id": self.document_id,
                "span": None if self.start is None else {"start": self.start, "end": self.end}}


def correctable_fields(kind: str) -> tuple[str, ...]:
    return {"fact": FACT_FIELDS, "event": EVENT_FIELDS, "entity": ENTITY_FIELDS}[kind]


def visible(table: sa.Table, include_rejected: bool = False) -> sa.ColumnElement[bool]:
    """Rows readers show: everything but rejected records (unless ``include_rejected``)."""
    if include_rejected:
        return sa.true()
    return sa.or_(table.c.review.is_(None), table.c.review != "rejected")


def confirmed(table: sa.Table, threshold: float) -> sa.ColumnElement[bool]:
    """Confirmed rows: confidence at or above ``threshold``, or accepted/corrected by an analyst."""
    return sa.or_(table.c.confidence >= threshold, table.c.review.in_(("accepted", "corrected")))


def rejected_entities(conn: Connection) -> set[str]:
    """Entities an analyst rejected, with every entity merged into one of them (their figures are
    the rejected entity's under any name)."""
    rejected = {r.id for r in conn.execute(sa.select(t.entities.c.id).where(t.entities.c.review == "rejected"))}
    if not rejected:
        return set()
    canon = canonical_map(conn)
    return rejected | {member for member, target in canon.items() if target in rejected}


def record_kind(record_id: str) -> str:
    """``fact`` or ``event`` from the id's prefix; anything else names an entity."""
    for kind in ("fact", "event"):
        if record_id.startswith(kind + "_"):
            return kind
    return "entity"


def find_record(conn: Connection, record_id: str) -> tuple[str, dict[str, Any]]:
    """(kind, row) for a fact id, an event id, or an entity id, name, alias or ticker."""
    kind = record_kind(record_id)
    if kind == "entity":
        record_id = resolve_entity(conn, record_id)
    table = TABLES[kind]
    row = conn.execute(sa.select(table).where(table.c.id == record_id)).mappings().first()
    if row is None:
        raise NotFound(f"no {kind} with id {record_id!r}")
    return kind, dict(row)


def record_review(conn: Connection, record_id: str, decision: str, *, reviewer: str,
                  changes: dict[str, Any] | None = None, note: str | None = None) -> Review:
    """Store a decision and apply it at once. Corrections are validated and normalised first:
    names resolve to entity ids, metrics and event types must exist, periods and dates parse."""
    if decision not in DECISIONS:
        raise StoreError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    reviewer = " ".join((reviewer or "").split())[:MAX_REVIEWER]
    if not reviewer:
        raise StoreError("a review needs a reviewer name")
    kind, row = find_record(conn, record_id)
    changes = {k: v for k, v in (changes or {}).items() if v is not None and v != ""}
    if decision == "correct":
        if not changes:
            raise StoreError("a correction needs at least one changed field")
        changes = _normalise(conn, kind, changes)
        last = conn.execute(sa.select(t.reviews.c.decision, t.reviews.c.changes).where(
            t.reviews.c.kind == kind, t.reviews.c.record_id == row["id"]).order_by(t.reviews.c.id.desc())
            .limit(1)).first()
        if last is not None and last.decision == "correct":
            changes = {**last.changes, **changes}  # corrections build on each other: the value, then the subject
    elif changes:
        raise StoreError(f"only a correction takes changed fields ({decision} was asked)")
    anchor = {"document_id": row.get("document_id"), "start": row.get("start"), "end": row.get("end")}
    # The record as the machine made it: from the first decision on it, since a row already corrected
    # holds the analyst's values, not the extractor's.
    first = conn.execute(sa.select(t.reviews.c.original).where(
        t.reviews.c.kind == kind, t.reviews.c.record_id == row["id"]).order_by(t.reviews.c.id).limit(1)).first()
    original = dict(first.original) if first is not None else {
        k: _jsonable(row[k]) for k in ("id", "document_id", "start", "end", "quote", "value_text", "confidence",
                                       "extractor", *correctable_fields(kind), *RANGE_FIELDS) if k in row}
    if kind == "entity":
        anchor = {"document_id": None, "start": None, "end": None}
    values = dict(kind=kind, record_id=row["id"], decision=decision, changes=changes, original=original,
                  reviewer=reviewer, note=note, created_at=dt.datetime.now(dt.timezone.utc), **anchor)
    review_id = conn.execute(t.reviews.insert().values(**values)).inserted_primary_key[0]
    review = Review(id=review_id, **values)
    _apply(conn, review)
    return review


def list_reviews(conn: Connection, *, kind: str | None = None, record_id: str | None = None,
                 latest_only: bool = False) -> list[Review]:
    """Decisions, oldest first; ``latest_only`` keeps the newest per record."""
    r = t.reviews.c
    query = sa.select(t.reviews).order_by(r.id)
    if kind is not None:
        query = query.where(r.kind == kind)
    if record_id is not None:
        query = query.where(r.record_id == record_id)
    out = [Review(**dict(row)) for row in conn.execute(query).mappings()]
    if latest_only:
        newest: dict[tuple[str, str], Review] = {}
        for rev in out:
            newest[(rev.kind, rev.record_id)] = rev
        out = sorted(newest.values(), key=lambda rev: rev.id)
    return out


def apply_reviews(conn: Connection, document_id: str | None = None) -> int:
    """Replay every record's latest decision onto the stored rows (idempotent); returns how
    many decisions found their record. Called after each ingest batch, and with
    ``document_id`` inside the transaction that re-extracts that document."""
    found = 0
    for review in list_reviews(conn, latest_only=True):
        if document_id is None or review.document_id == document_id:
            found += _apply(conn, review) > 0
    return found


def _apply(conn: Connection, review: Review) -> int:
    table = TABLES[review.kind]
    ids = _targets(conn, review)
    if not ids:
        return 0
    values: dict[str, Any] = {"review": OUTCOME[review.decision], "review_id": review.id}
    corrected = {k for r in list_reviews(conn, kind=review.kind, record_id=review.record_id)
                 if r.id < review.id and r.decision == "correct" for k in r.changes}
    if review.kind == "fact" and "value" in corrected | set(review.changes):
        corrected |= set(RANGE_FIELDS)
    # Every field an earlier correction touched goes back to what was extracted, then this
    # decision's own changes apply: accept or reject after a correction restores the machine's record.
    values.update({k: review.original.get(k) for k in corrected if k in review.original})
    if review.decision == "correct":
        values.update(review.changes)
        if review.kind == "fact" and "value" in review.changes:
            values.update({k: None for k in RANGE_FIELDS})  # "about 41,000" corrected to 45,455 is exact
    conn.execute(table.update().where(table.c.id.in_(ids)).values(**values))
    if review.kind == "event" and {"actors", "materials"} & set(values):
        _sync_event_entities(conn, ids, values)
    return len(ids)


def _targets(conn: Connection, review: Review) -> list[str]:
    """The rows a decision applies to: its record by id, else the record at its anchor."""
    table = TABLES[review.kind]
    if conn.execute(sa.select(table.c.id).where(table.c.id == review.record_id)).first() is not None:
        return [review.record_id]
    if review.kind == "entity" or review.document_id is None:
        return []
    query = sa.select(table.c.id, table.c.metric if review.kind == "fact" else table.c.type).where(
        table.c.document_id == review.document_id, table.c.start == review.start, table.c.end == review.end)
    rows = conn.execute(query).all()
    key = review.original.get("metric" if review.kind == "fact" else "type")
    same = [r[0] for r in rows if r[1] == key]
    return same if len(same) == 1 else []  # one record at that span with that metric, or nothing is sure


def _sync_event_entities(conn: Connection, ids: list[str], values: dict[str, Any]) -> None:
    for role, field_name in (("actor", "actors"), ("material", "materials")):
        if field_name not in values:
            continue
        ee = t.event_entities
        conn.execute(ee.delete().where(ee.c.event_id.in_(ids), ee.c.role == role))
        rows = [{"event_id": i, "entity_id": e, "role": role} for i in ids for e in dict.fromkeys(values[field_name])]
        if rows:
            conn.execute(ee.insert(), rows)


def _normalise(conn: Connection, kind: str, changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(correctable_fields(kind))
    if unknown:
        raise StoreError(f"a {kind} cannot be corrected in {', '.join(sorted(unknown))}; "
                         f"fields: {', '.join(correctable_fields(kind))}")
    from monazite.vocab import load_vocabulary  # vocabulary only when a correction names a metric or type
    from monazite.vocab.parsing import ENTITY_KINDS

    out: dict[str, Any] = {}
    for key, raw in changes.items():
        if key in ("subject", "material"):
            out[key] = resolve_entity(conn, str(raw))
        elif key in ("actors", "materials"):
            names = raw if isinstance(raw, list) else [n for n in str(raw).split(",") if n.strip()]
            out[key] = [resolve_entity(conn, str(n).strip()) for n in names]
        elif key == "value":
            try:
                out[key] = float(str(raw).replace(",", ""))
            except ValueError as exc:
                raise StoreError(f"value must be a number, not {raw!r}") from exc
            if not math.isfinite(out[key]):
                raise StoreError(f"value must be a finite number, not {raw!r}")
        elif key in ("period", "date"):
            try:
                out[key] = PartialDate.parse(str(raw)).iso
            except ValueError as exc:
                raise StoreError(f"{key} must be a date such as 2024, 2024-Q3 or 2024-07-10, not {raw!r}") from exc
        elif key == "metric":
            if str(raw) not in load_vocabulary().metrics:
                raise StoreError(f"unknown metric {raw!r} (see vocab/metrics.yaml)")
            out[key] = str(raw)
        elif key == "type":
            if str(raw) not in load_vocabulary().event_types:
                raise StoreError(f"unknown event type {raw!r} (see vocab/events.yaml)")
            out[key] = str(raw)
        elif key == "kind":
            if str(raw) not in ENTITY_KINDS:
                raise StoreError(f"entity kind must be one of {', '.join(sorted(ENTITY_KINDS))}")
            out[key] = str(raw)
        elif key == "stage":
            if str(raw) not in load_vocabulary().stages:
                raise StoreError(f"unknown stage {raw!r} (see vocab/stages.yaml)")
            out[key] = str(raw)
        else:
            text = " ".join(str(raw).split())
            limit = COLUMN_CHARS.get(key, 200)
            if not text or len(text) > limit:
                raise StoreError(f"{key} must be between 1 and {limit} characters")
            out[key] = text
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value
