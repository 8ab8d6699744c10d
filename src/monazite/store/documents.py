"""Documents, their sources, fingerprints and the ingest log in the knowledge base.

Every function takes an open ``Connection``; the caller owns the transaction, so the
pipeline writes a document, its fingerprint bands, its extraction and its log line in one.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.errors import NotFound
from monazite.ingest.dedup import (
    MAX_DISTANCE, MINHASH_BAND_BASE, document_bands, hamming, jaccard, shingles, simhash_band_count, to_signed64,
    to_unsigned64,
)
from monazite.model import Disclosure, Document, Page, PartialDate, Source, Table, TableCell
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.upsert import insert_ignore

__all__ = [
    "INGEST_STATUSES", "document_dict", "document_exists", "document_pages", "document_tables",
    "ensure_fingerprint_bands", "find_by_raw_hash",
    "find_exact_duplicate", "find_near_duplicate", "get_document", "get_or_create_source", "insert_document",
    "list_documents",
    "log_ingest", "store_summary",
]

INGEST_STATUSES = ("new", "duplicate", "near_duplicate", "failed")
MAX_BAND_HITS = 200  # documents sharing keys read per lookup (id and fingerprint), most shared first
MAX_CANDIDATES = 20  # candidates whose text is re-shingled per lookup


# Statements built once with bound parameters: at hundreds of documents a second, building
# SQLAlchemy expressions per call costs more than executing them.
_TOP_SIMHASH_BAND = sa.select(sa.func.max(t.fingerprint_bands.c.band)).where(
    t.fingerprint_bands.c.band < MINHASH_BAND_BASE)
_SAME_BYTES_OR_TEXT = sa.select(t.documents.c.id, t.documents.c.raw_sha256).where(
    (t.documents.c.raw_sha256 == sa.bindparam("sha")) | (t.documents.c.id == sa.bindparam("doc_id")))
_BY_RAW_HASH = sa.select(t.documents.c.id).where(t.documents.c.raw_sha256 == sa.bindparam("sha"))
_BY_ID = sa.select(t.documents.c.id).where(t.documents.c.id == sa.bindparam("doc_id"))
_SOURCE_BY_NAME = sa.select(t.sources.c.id, t.sources.c.kind).where(t.sources.c.name == sa.bindparam("name"))


@lru_cache(maxsize=8)
def _band_lookup(bands: int) -> sa.Select:
    """Documents sharing a simhash pair key or a minhash band with a document (parameters b0,
    v0, b1, v1... and doc_id), with how many minhash bands they share; most shared first."""
    fb = t.fingerprint_bands
    match = sa.or_(*[(fb.c.band == sa.bindparam(f"b{i}")) & (fb.c.value == sa.bindparam(f"v{i}"))
                     for i in range(bands)])
    minhash_hits = sa.func.sum(sa.case((fb.c.band >= MINHASH_BAND_BASE, 1), else_=0))
    shared = (sa.select(fb.c.document_id, minhash_hits.label("minhash_hits"))
              .where(match, fb.c.document_id != sa.bindparam("doc_id"))
              .group_by(fb.c.document_id)
              .order_by(sa.func.count().desc(), fb.c.document_id).limit(MAX_BAND_HITS).subquery())
    d = t.documents
    return sa.select(d.c.id, d.c.fingerprint, shared.c.minhash_hits).join(shared, shared.c.document_id == d.c.id)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def get_or_create_source(conn: Connection, source: Source) -> int:
    """The source's id; a known kind replaces an 'unknown' one recorded earlier."""
    row = conn.execute(_SOURCE_BY_NAME, {"name": source.name}).first()
    if row is not None:
        if row.kind == "unknown" and source.kind != "unknown":
            conn.execute(t.sources.update().where(t.sources.c.id == row.id).values(kind=source.kind))
        return int(row.id)
    insert_ignore(conn, t.sources, {"name": source.name, "kind": source.kind, "url": source.url})
    return int(conn.execute(_SOURCE_BY_NAME, {"name": source.name}).first().id)  # ours or a concurrent writer's


def insert_document(conn: Connection, doc: Document, settings: Settings | None = None) -> None:
    """Insert the document row and, for an original (not a duplicate), its fingerprint bands
    (laid out for ``settings.near_duplicate_bits``; without settings, as already stored)."""
    source_id = get_or_create_source(conn, doc.source) if doc.source else None
    published = doc.published
    conn.execute(t.documents.insert(), dict(
        id=doc.id, origin=doc.origin, title=doc.title, author=doc.author,
        published=published.iso if published else None,
        published_precision=published.precision if published else None,
        published_sort=published.as_date() if published else None,
        published_source=doc.published_source, fetched_at=doc.fetched_at, ingested_at=_now(),
        raw_sha256=doc.raw_sha256, text=doc.text, language=doc.language, source_id=source_id,
        encoding=doc.encoding, repairs=list(doc.repairs), content_type=doc.content_type,
        duplicate_of=doc.duplicate_of,
        fingerprint=to_signed64(doc.fingerprint) if doc.fingerprint is not None else None,
        word_count=doc.word_count, page_count=max((p.number for p in doc.pages), default=None),
        disclosure=_disclosure_json(doc.disclosure),
    ))
    _insert_pages_and_tables(conn, doc)
    if doc.duplicate_of is None and doc.fingerprint is not None:
        bits = settings.near_duplicate_bits if settings is not None else _layout_bits(conn)
        _insert_bands(conn, doc.id, doc.fingerprint, doc.text, bits)


def _disclosure_json(disclosure: Disclosure | None) -> dict[str, str] | None:
    if disclosure is None:
        return None
    values = {k: getattr(disclosure, k) for k in ("issuer", "exchange", "ticker", "filing_type")}
    return {k: v for k, v in values.items() if v is not None} or None


def _insert_pages_and_tables(conn: Connection, doc: Document) -> None:
    """The document's pages and tables (their offsets index its text: ``ingest.reading.offset_problems``
    checked them when the document was read)."""
    if doc.pages:
        conn.execute(t.document_pages.insert(), [
            {"document_id": doc.id, "number": p.number, "start": p.start, "end": p.end, "status": p.status,
             "rotation": p.rotation} for p in doc.pages])
    rows = []
    for table in doc.tables:
        cells = [{"row": c.row, "col": c.col, "text": c.text, "start": c.start, "end": c.end, "page": c.page}
                 for c in table.cells]
        rows.append({"document_id": doc.id, "number": table.index, "start": table.start, "end": table.end,
                     "kind": table.kind, "caption": table.caption, "sheet": table.sheet,
                     "header_rows": table.header_rows, "pages": list(table.pages), "cells": cells})
    if rows:
        conn.execute(t.document_tables.insert(), rows)


def document_pages(conn: Connection, doc_id: str) -> list[Page]:
    """The document's pages in order (empty for an unpaginated document)."""
    p = t.document_pages
    rows = conn.execute(sa.select(p.c.number, p.c.start, p.c.end, p.c.status, p.c.rotation)
                        .where(p.c.document_id == doc_id).order_by(p.c.number))
    return [Page(number=r.number, start=r.start, end=r.end, status=r.status, rotation=r.rotation) for r in rows]


def document_tables(conn: Connection, doc_id: str) -> list[Table]:
    """The document's tables in order, with their cells."""
    tb = t.document_tables
    rows = conn.execute(sa.select(tb).where(tb.c.document_id == doc_id).order_by(tb.c.number))
    return [
        Table(index=r.number, start=r.start, end=r.end, header_rows=r.header_rows, caption=r.caption, kind=r.kind,
              sheet=r.sheet, pages=tuple(r.pages or ()),
              cells=[TableCell(row=c["row"], col=c["col"], text=c["text"], start=c["start"], end=c["end"],
                               page=c.get("page")) for c in (r.cells or [])])
        for r in rows
    ]


def _insert_bands(conn: Connection, doc_id: str, fingerprint: int, text: str, bits: int) -> None:
    conn.execute(t.fingerprint_bands.insert(), [
        {"document_id": doc_id, "band": band, "value": value}
        for band, value in document_bands(fingerprint, text, bits)
    ])


def _layout_bits(conn: Connection) -> int:
    """The distance the stored bands were built for; see ``ensure_fingerprint_bands``."""
    top = conn.execute(_TOP_SIMHASH_BAND).scalar()
    return _bits_for_keys(int(top) + 1) if top is not None else Settings().near_duplicate_bits


def _bits_for_keys(keys: int) -> int:
    """The distance whose layout stores ``keys`` simhash pair keys (inverse of ``simhash_band_count``)."""
    bits = 0
    while bits < MAX_DISTANCE and simhash_band_count(bits) < keys:
        bits += 1
    return bits


def ensure_fingerprint_bands(conn: Connection, settings: Settings) -> int:
    """Make the stored bands match ``settings.near_duplicate_bits`` (rebuilt when it changed).

    Returns the number of documents re-banded. Called once per ingest run, before the batch.
    """
    bits = settings.near_duplicate_bits
    top = conn.execute(_TOP_SIMHASH_BAND).scalar()
    if top is None or int(top) == simhash_band_count(bits) - 1:
        return 0
    conn.execute(t.fingerprint_bands.delete())
    rows = conn.execute(sa.select(t.documents.c.id, t.documents.c.fingerprint, t.documents.c.text).where(
        t.documents.c.duplicate_of.is_(None), t.documents.c.fingerprint.is_not(None)))
    count = 0
    for row in rows.all():
        _insert_bands(conn, row.id, to_unsigned64(row.fingerprint), row.text, bits)
        count += 1
    return count


def find_by_raw_hash(conn: Connection, sha: str) -> str | None:
    return conn.execute(_BY_RAW_HASH, {"sha": sha}).scalar()


def find_exact_duplicate(conn: Connection, doc: Document) -> str | None:
    """The stored document with the same raw bytes or, failing that, the same repaired text."""
    rows = conn.execute(_SAME_BYTES_OR_TEXT, {"sha": doc.raw_sha256, "doc_id": doc.id}).all()
    for row in rows:
        if row.raw_sha256 == doc.raw_sha256:
            return row.id
    return rows[0].id if rows else None


def document_exists(conn: Connection, doc_id: str) -> bool:
    return conn.execute(_BY_ID, {"doc_id": doc_id}).first() is not None


def find_near_duplicate(conn: Connection, doc: Document, settings: Settings) -> str | None:
    """The original this document re-tells, or None.

    Candidates share a minhash band (texts of high Jaccard similarity almost surely do), or
    a simhash pair key and lie within ``near_duplicate_bits`` (every such text does;
    unrelated stories sharing a key by chance are dropped here, cheaply, before any text is
    read); the one with the highest shingle Jaccard similarity at or above
    ``near_duplicate_jaccard``, recomputed from its stored text, is the original.
    """
    if doc.fingerprint is None:
        return None
    pairs = document_bands(doc.fingerprint, doc.text, settings.near_duplicate_bits)
    params: dict[str, object] = {"doc_id": doc.id}
    for i, (band, value) in enumerate(pairs):
        params[f"b{i}"], params[f"v{i}"] = band, value
    bits = settings.near_duplicate_bits
    candidates = [row.id for row in conn.execute(_band_lookup(len(pairs)), params)
                  if row.minhash_hits or hamming(to_unsigned64(row.fingerprint), doc.fingerprint) <= bits
                  ][:MAX_CANDIDATES]
    if not candidates:
        return None
    mine = shingles(doc.text)
    best_id, best_score = None, settings.near_duplicate_jaccard
    for row in conn.execute(sa.select(t.documents.c.id, t.documents.c.text).where(t.documents.c.id.in_(candidates))):
        score = jaccard(mine, shingles(row.text))
        if score >= best_score:
            best_id, best_score = row.id, score
    return best_id


def log_ingest(conn: Connection, run_id: str, origin: str, status: str, document_id: str | None,
               reason: str | None) -> None:
    if status not in INGEST_STATUSES:
        raise ValueError(f"unknown ingest status {status!r}")
    conn.execute(t.ingest_log.insert(), {"run_id": run_id, "origin": origin, "status": status,
                                         "document_id": document_id, "reason": reason, "at": _now()})


def _select_documents() -> sa.Select:
    d, s = t.documents, t.sources
    return sa.select(
        d.c.id, d.c.origin, d.c.title, d.c.author, d.c.published, d.c.published_precision, d.c.published_source,
        d.c.ingested_at, d.c.fetched_at, d.c.language, d.c.encoding, d.c.content_type, d.c.duplicate_of,
        d.c.word_count, d.c.raw_sha256, d.c.repairs, d.c.page_count, d.c.disclosure, s.c.name.label("source"),
        s.c.kind.label("source_kind"),
    ).select_from(d.outerjoin(s, d.c.source_id == s.c.id))


def _row_dict(row: sa.Row) -> dict[str, Any]:
    out = dict(row._mapping)
    for key in ("ingested_at", "fetched_at"):
        if out.get(key) is not None:
            out[key] = out[key].isoformat()
    return out


def list_documents(conn: Connection, *, limit: int | None = None, offset: int = 0,
                   include_duplicates: bool = True, source_kind: str | None = None) -> list[dict[str, Any]]:
    """Documents newest-published first (undated last), as JSON-ready dicts without the text."""
    query = _select_documents()
    if not include_duplicates:
        query = query.where(t.documents.c.duplicate_of.is_(None))
    if source_kind:
        query = query.where(t.sources.c.kind == source_kind)
    query = query.order_by(t.documents.c.published_sort.is_(None), t.documents.c.published_sort.desc(),
                           t.documents.c.ingested_at, t.documents.c.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [_row_dict(row) for row in conn.execute(query)]


def document_dict(conn: Connection, doc_id: str) -> dict[str, Any]:
    """One document with its metadata, repaired ``text`` and, for a paginated one, ``pages``
    ([{number, start, end, status}]); raises ``NotFound``."""
    row = conn.execute(_select_documents().add_columns(t.documents.c.text)
                       .where(t.documents.c.id == doc_id)).first()
    if row is None:
        raise NotFound(f"no document with id {doc_id!r}")
    out = _row_dict(row)
    out["pages"] = [{"number": p.number, "start": p.start, "end": p.end, "status": p.status}
                    for p in document_pages(conn, doc_id)] if out.get("page_count") else []
    return out


def get_document(conn: Connection, doc_id: str) -> Document:
    """The stored ``Document``; raises ``NotFound``."""
    d = document_dict(conn, doc_id)
    fp = conn.execute(sa.select(t.documents.c.fingerprint).where(t.documents.c.id == doc_id)).scalar()
    return Document(
        id=d["id"], origin=d["origin"], text=d["text"], raw_sha256=d["raw_sha256"], title=d["title"],
        author=d["author"], published=PartialDate.parse(d["published"]) if d["published"] else None,
        published_source=d["published_source"],
        fetched_at=dt.datetime.fromisoformat(d["fetched_at"]) if d["fetched_at"] else None,
        language=d["language"], source=Source(d["source"], d["source_kind"]) if d["source"] else None,
        encoding=d["encoding"], repairs=list(d["repairs"] or []), content_type=d["content_type"],
        duplicate_of=d["duplicate_of"], fingerprint=to_unsigned64(fp) if fp is not None else None,
        pages=document_pages(conn, doc_id) if d["page_count"] else [], tables=document_tables(conn, doc_id),
        disclosure=Disclosure(**d["disclosure"]) if d["disclosure"] else None,
    )


def store_summary(conn: Connection, *, top: int = 10) -> dict[str, Any]:
    """What the knowledge base holds: counts, the most-mentioned organizations, the latest events.

    "Latest" is by the reporting document's publication date: an event's own date may lie
    in the future (a plant due in 2028) and would otherwise crowd out this week's news.
    """
    def count(table: sa.Table, *where: Any) -> int:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar() or 0)

    org_kinds = ("company", "state_body", "agency", "research_institute", "university")
    mentions = sa.func.count(t.mentions.c.id).label("mentions")
    docs = sa.func.count(sa.distinct(t.mentions.c.document_id)).label("documents")
    orgs = conn.execute(
        sa.select(t.entities.c.id, t.entities.c.name, t.entities.c.kind, mentions, docs)
        .join(t.mentions, t.mentions.c.entity_id == t.entities.c.id)
        .where(t.entities.c.kind.in_(org_kinds))
        .group_by(t.entities.c.id, t.entities.c.name, t.entities.c.kind)
        .order_by(mentions.desc(), t.entities.c.id).limit(top)
    ).all()
    events = conn.execute(
        sa.select(t.events.c.id, t.events.c.type, t.events.c.date, t.events.c.actors, t.events.c.quote,
                  t.events.c.document_id, t.events.c.start, t.events.c.end, t.documents.c.published)
        .join(t.documents, t.documents.c.id == t.events.c.document_id)
        .order_by(t.documents.c.published_sort.is_(None), t.documents.c.published_sort.desc(),
                  t.events.c.document_id, t.events.c.start)
        .limit(top)
    ).all()
    return {
        "documents": count(t.documents),
        "originals": count(t.documents, t.documents.c.duplicate_of.is_(None)),
        "near_duplicates": count(t.documents, t.documents.c.duplicate_of.is_not(None)),
        "sources": count(t.sources),
        "entities": count(t.entities),
        "mentions": count(t.mentions),
        "facts": count(t.facts),
        "events": count(t.events),
        "top_organizations": [dict(r._mapping) for r in orgs],
        "latest_events": [dict(r._mapping) for r in events],
    }
