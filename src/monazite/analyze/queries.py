"""Read queries over the store that the knowledge analyses share.

Every query maps entity ids through analysts' merges (``canonical``), so a figure filed
under an absorbed entity shows up under the entity it was merged into. Results are
pandas frames with stable column sets, empty frames included.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.store import schema as t
from monazite.store.corrections import canonical_map
from monazite.store.reviews import confirmed, rejected_entities, visible

__all__ = [
    "DOC_COLUMNS", "EVENT_COLUMNS", "FACT_COLUMNS", "load_aliases", "load_documents", "load_entities",
    "load_events", "load_facts", "load_relations", "mention_counts", "mention_volume",
]

FACT_COLUMNS = [
    "id", "document_id", "subject", "raw_subject", "metric", "value", "unit", "value_text", "qualifier",
    "low", "high", "basis", "period", "material", "stage", "object", "start", "end", "sentence_start",
    "sentence_end", "quote", "extractor", "confidence", "published", "published_sort", "title", "origin",
    "duplicate_of", "source_name", "source_kind", "review", "review_id", "page", "cell",
]
EVENT_COLUMNS = [
    "id", "document_id", "type", "date", "actors", "materials", "attributes", "start", "end",
    "sentence_start", "sentence_end", "quote", "extractor", "confidence", "published", "published_sort",
    "title", "origin", "source_name", "source_kind", "review", "review_id",
]
DOC_COLUMNS = [
    "id", "origin", "title", "published", "published_sort", "duplicate_of", "source_name", "source_kind",
    "word_count", "content_type",
]
_DOC_FIELDS = (t.documents.c.published, t.documents.c.published_sort, t.documents.c.title,
               t.documents.c.origin)
_SOURCE_FIELDS = (t.sources.c.name.label("source_name"), t.sources.c.kind.label("source_kind"))


def _with_docs(table: sa.Table) -> sa.Select:
    joined = table.join(t.documents, table.c.document_id == t.documents.c.id).outerjoin(
        t.sources, t.documents.c.source_id == t.sources.c.id)
    return sa.select(table, *_DOC_FIELDS, *_SOURCE_FIELDS).select_from(joined)


def load_facts(conn: Connection, subjects: Iterable[str] | None = None,
               min_confidence: float | None = None, include_rejected: bool = False) -> pd.DataFrame:
    """Facts with their document's date, title and source; ``subject`` is canonical, ``raw_subject`` as extracted.
    With ``min_confidence``, only confirmed facts (confidence at or above it, or accepted or
    corrected by an analyst): what claims, dossiers and the digest are built from. Facts an
    analyst rejected, or filed under an entity an analyst rejected, are left out unless
    ``include_rejected``."""
    query = _with_docs(t.facts).add_columns(t.documents.c.duplicate_of).order_by(t.facts.c.document_id,
                                                                               t.facts.c.start)
    if min_confidence is not None:
        query = query.where(confirmed(t.facts, min_confidence))
    rejected = set() if include_rejected else rejected_entities(conn)
    if not include_rejected:
        query = query.where(visible(t.facts))
    frame = pd.DataFrame([dict(r) for r in conn.execute(query).mappings()])
    if frame.empty:
        return pd.DataFrame(columns=FACT_COLUMNS)
    canon = canonical_map(conn)
    frame["raw_subject"] = frame["subject"]
    frame["subject"] = frame["subject"].map(lambda s: canon.get(s, s))
    for col in ("material", "object"):
        frame[col] = frame[col].map(lambda s: canon.get(s, s) if isinstance(s, str) else s)
    if rejected:  # filed under a rejected entity, or one merged into it
        frame = frame[~frame["subject"].isin(rejected) & ~frame["raw_subject"].isin(rejected)]
    if subjects is not None:
        frame = frame[frame["subject"].isin(set(subjects))]
    frame["source_kind"] = frame["source_kind"].fillna("unknown")
    return _none_for_missing(frame[FACT_COLUMNS].reset_index(drop=True))


def load_events(conn: Connection, include_rejected: bool = False) -> pd.DataFrame:
    """Events with actors and materials mapped to canonical ids; rejected ones left out unless asked."""
    rows = [dict(r) for r in conn.execute(_with_docs(t.events).where(visible(t.events, include_rejected))
                                          .order_by(t.events.c.document_id, t.events.c.start)).mappings()]
    if not rows:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    canon = canonical_map(conn)
    for row in rows:
        row["actors"] = _dedup(canon.get(a, a) for a in row["actors"] or [])
        row["materials"] = _dedup(canon.get(m, m) for m in row["materials"] or [])
        row["attributes"] = dict(row["attributes"] or {})
        row["source_kind"] = row["source_kind"] or "unknown"
    return _none_for_missing(pd.DataFrame(rows)[EVENT_COLUMNS])


def load_entities(conn: Connection) -> pd.DataFrame:
    """All entities with the id each resolves to after merges (``canonical``)."""
    rows = [dict(r) for r in conn.execute(sa.select(t.entities).order_by(t.entities.c.id)).mappings()]
    canon = canonical_map(conn)
    cols = ["id", "name", "kind", "country", "parent", "tickers", "attributes", "reviewed", "origin",
            "merged_into", "review", "review_id", "canonical"]
    for row in rows:
        row["canonical"] = canon.get(row["id"], row["id"])
        for col in ("country", "parent"):
            row[col] = canon.get(row[col], row[col]) if row[col] else row[col]
    return _none_for_missing(pd.DataFrame(rows, columns=cols))


def load_aliases(conn: Connection, entity_ids: Iterable[str]) -> list[dict]:
    ids = list(entity_ids)
    query = sa.select(t.entity_aliases).where(t.entity_aliases.c.entity_id.in_(ids)).order_by(
        t.entity_aliases.c.alias)
    return [dict(r) for r in conn.execute(query).mappings()]


def load_relations(conn: Connection) -> pd.DataFrame:
    cols = ["id", "subject", "predicate", "object", "origin", "document_id", "event_id"]
    rows = [dict(r) for r in conn.execute(sa.select(t.relations).order_by(t.relations.c.id)).mappings()]
    canon = canonical_map(conn)
    for row in rows:
        row["subject"] = canon.get(row["subject"], row["subject"])
        row["object"] = canon.get(row["object"], row["object"])
    return _none_for_missing(pd.DataFrame(rows, columns=cols))


def load_documents(conn: Connection, ids: Iterable[str] | None = None) -> pd.DataFrame:
    query = sa.select(t.documents.c.id, t.documents.c.origin, t.documents.c.title, t.documents.c.published,
                      t.documents.c.published_sort, t.documents.c.duplicate_of, *_SOURCE_FIELDS,
                      t.documents.c.word_count, t.documents.c.content_type).select_from(
        t.documents.outerjoin(t.sources, t.documents.c.source_id == t.sources.c.id)).order_by(t.documents.c.id)
    if ids is not None:
        query = query.where(t.documents.c.id.in_(list(ids)))
    return _none_for_missing(pd.DataFrame([dict(r) for r in conn.execute(query).mappings()], columns=DOC_COLUMNS))


def mention_counts(conn: Connection, entity_ids: Iterable[str]) -> pd.DataFrame:
    """Mentions of the entities per document, most first."""
    ids = list(entity_ids)
    n = sa.func.count().label("mentions")
    query = (sa.select(t.mentions.c.document_id, n).where(t.mentions.c.entity_id.in_(ids))
             .group_by(t.mentions.c.document_id).order_by(n.desc(), t.mentions.c.document_id))
    return pd.DataFrame([dict(r) for r in conn.execute(query).mappings()], columns=["document_id", "mentions"])


def mention_volume(conn: Connection, entity_ids: Iterable[str]) -> list[dict]:
    """Mentions per month of publication; undated documents are counted under ``unknown``."""
    ids = list(entity_ids)
    query = (sa.select(t.documents.c.published_sort, sa.func.count().label("n"))
             .select_from(t.mentions.join(t.documents, t.mentions.c.document_id == t.documents.c.id))
             .where(t.mentions.c.entity_id.in_(ids)).group_by(t.documents.c.published_sort))
    months: dict[str, int] = {}
    for row in conn.execute(query):
        month = row.published_sort.strftime("%Y-%m") if row.published_sort else "unknown"
        months[month] = months.get(month, 0) + int(row.n)
    return [{"month": m, "mentions": months[m]} for m in sorted(months, key=lambda m: (m == "unknown", m))]


def _none_for_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values as ``None`` (not NaN) in non-numeric columns, so callers can test them with ``or``.

    pandas stores missing text as NaN (and, from pandas 3, text columns in a string dtype),
    which is truthy; the analyses and the JSON forms want ``None``.
    """
    frame = frame.copy()
    for col in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[col]) or pd.api.types.is_bool_dtype(frame[col]):
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def _dedup(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
