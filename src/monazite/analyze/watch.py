"""Matching watchlists against documents, and building a watchlist query from what an analyst typed.

A document matches when it mentions any listed entity or element, has an event of a
listed type, or contains a listed keyword as a whole word (case-insensitive); documents
published before the query's ``min_date`` never match. The reason names every item that
matched with the character span of its first occurrence, so an alert can be checked
against the article without re-running anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.errors import NotFound
from monazite.store import schema as t
from monazite.store.corrections import resolve_entity
from monazite.store.watchlists import (
    DocumentEvidence, Watchlist, WatchQuery, all_document_ids, document_evidence, entity_names, list_watchlists,
    materials_of, record_alert,
)

__all__ = ["ELEMENT_KINDS", "build_query", "match_document", "match_new_documents", "match_watchlist"]

ELEMENT_KINDS = frozenset({"element", "material"})  # entity kinds accepted by --element
EVIDENCE_BATCH = 200  # documents loaded per query when matching a whole corpus: bounds memory and bound parameters


def build_query(conn: Connection, *, entities: Iterable[str] = (), elements: Iterable[str] = (),
                event_types: Iterable[str] = (), keywords: Iterable[str] = (), min_date: str | None = None,
                vocab: Any = None) -> WatchQuery:
    """Resolve and validate what an analyst typed; raises ``NotFound`` naming the first bad item.

    Entities and elements are names, aliases, tickers or ids, resolved to canonical ids by
    the store and, for a store not yet synced with it, by ``vocab``; with ``vocab`` given,
    event types must be among its event types.
    """
    entity_ids = list(dict.fromkeys(_resolve(conn, name, vocab)[0] for name in entities))
    element_ids: list[str] = []
    for name in elements:
        eid, kind = _resolve(conn, name, vocab)
        if kind not in ELEMENT_KINDS:
            raise NotFound(f"{name!r} is a {kind}, not an element or material; use --entity")
        if eid not in element_ids:
            element_ids.append(eid)
    types = list(dict.fromkeys(e.strip() for e in event_types))
    if vocab is not None:
        known = set(vocab.event_types)
        unknown = [e for e in types if e not in known]
        if unknown:
            raise NotFound(f"unknown event type {unknown[0]!r}; one of {', '.join(sorted(known))}")
    words = list(dict.fromkeys(k.strip() for k in keywords if k.strip()))
    if min_date is not None:
        try:
            min_date = dt.date.fromisoformat(min_date).isoformat()
        except ValueError as exc:
            raise NotFound(f"min date {min_date!r} is not YYYY-MM-DD") from exc
    return WatchQuery(entities=entity_ids, elements=element_ids, event_types=types, keywords=words,
                      min_date=min_date)


def _resolve(conn: Connection, name: str, vocab: Any) -> tuple[str, str | None]:
    """(canonical id, kind) of the entity ``name`` means."""
    try:
        eid = resolve_entity(conn, name)
    except NotFound:
        found = vocab.resolve(name) if vocab is not None else None
        if found is None:
            raise
        return found.id, found.kind
    return eid, conn.execute(sa.select(t.entities.c.kind).where(t.entities.c.id == eid)).scalar()


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(keyword)}(?!\w)", re.IGNORECASE)


def match_document(query: WatchQuery, doc: DocumentEvidence, names: dict[str, str] | None = None,
                   materials: dict[str, list[str]] | None = None) -> str | None:
    """Why ``doc`` matches ``query`` ("mentions X (s-e); event T (s-e); keyword 'k' (s-e)"), or None.

    ``materials`` maps a watched element to materials made of it, whose mentions count too.
    """
    names, materials = names or {}, materials or {}
    if query.min_date and doc.published is not None and doc.published < dt.date.fromisoformat(query.min_date):
        return None
    parts: list[str] = []
    first_mention: dict[str, tuple[int, int]] = {}
    for eid, start, end in doc.mentions:
        first_mention.setdefault(eid, (start, end))
    wanted = [*query.entities, *(m for e in query.elements for m in (e, *materials.get(e, ())))]
    for eid in dict.fromkeys(wanted):
        if eid in first_mention:
            start, end = first_mention[eid]
            parts.append(f"mentions {names.get(eid, eid)} ({start}-{end})")
    first_event: dict[str, tuple[int, int]] = {}
    for etype, start, end in doc.events:
        first_event.setdefault(etype, (start, end))
    for etype in query.event_types:
        if etype in first_event:
            start, end = first_event[etype]
            parts.append(f"event {etype} ({start}-{end})")
    for keyword in query.keywords:
        hit = _keyword_pattern(keyword).search(doc.text)
        if hit:
            parts.append(f"keyword '{keyword}' ({hit.start()}-{hit.end()})")
    return "; ".join(parts) or None


def _match(conn: Connection, watchlists: list[Watchlist], document_ids: list[str]) -> int:
    materials = materials_of(conn, list(dict.fromkeys(e for w in watchlists for e in w.query.elements)))
    ids = [i for w in watchlists for i in (*w.query.entities, *w.query.elements)]
    names = entity_names(conn, list(dict.fromkeys([*ids, *(m for ms in materials.values() for m in ms)])))
    recorded = 0
    for offset in range(0, len(document_ids), EVIDENCE_BATCH):
        for doc in document_evidence(conn, document_ids[offset:offset + EVIDENCE_BATCH]):
            for wl in watchlists:
                reason = match_document(wl.query, doc, names, materials)
                if reason is not None and record_alert(conn, wl.id, doc.document_id, reason):
                    recorded += 1
    return recorded


def match_new_documents(conn: Connection, document_ids: Iterable[str]) -> int:
    """Match just-stored documents against every watchlist; returns alerts recorded (re-runs add none)."""
    watchlists = list_watchlists(conn)
    ids = list(dict.fromkeys(document_ids))
    if not watchlists or not ids:
        return 0
    return _match(conn, watchlists, ids)


def match_watchlist(conn: Connection, watchlist: Watchlist) -> int:
    """Match one watchlist against every stored document (run when it is added)."""
    return _match(conn, [watchlist], all_document_ids(conn))
