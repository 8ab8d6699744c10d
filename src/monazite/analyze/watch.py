"""Matching watchlists against documents, and building a watchlist query from what an analyst typed.

A document matches when it mentions any listed entity or element, has an event of a
listed type, or contains a listed keyword as a whole word (case-insensitive); documents
published before the query's ``min_date`` never match. With ``match="all"`` it must match
one item of each kind listed, and when elements are listed an event counts only if it
involves one of them (so "terbium export controls" is not any export control in an
article that names terbium elsewhere). The reason names every item that matched with the
character span of its first occurrence, so an alert can be checked against the article
without re-running anything.

A rule with thresholds or claim statuses raises alerts on figures and claims instead
(``watch_conditions``). Hits on documents just ingested are queued for delivery on the
rule's channels; a new rule's hits on the stored back catalogue are recorded, not sent.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.analyze.claims.build import CLAIM_STATUSES
from monazite.analyze.watch_conditions import claim_status_hits, threshold_hits
from monazite.errors import NotFound, StoreError
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.corrections import resolve_entity
from monazite.store.watch_rules import MATCH_MODES, Threshold
from monazite.store.watchlists import (
    DocumentEvidence, Watchlist, WatchQuery, all_document_ids, document_evidence, entity_names, list_watchlists,
    materials_of, record_alert,
)

__all__ = ["ELEMENT_KINDS", "build_query", "match_document", "match_new_documents", "match_watchlist"]

ELEMENT_KINDS = frozenset({"element", "material"})  # entity kinds accepted by --element
EVIDENCE_BATCH = 200  # documents loaded per query when matching a whole corpus: bounds memory and bound parameters


def build_query(conn: Connection, *, entities: Iterable[str] = (), elements: Iterable[str] = (),
                event_types: Iterable[str] = (), keywords: Iterable[str] = (), min_date: str | None = None,
                vocab: Any = None, match: str = "any", thresholds: Iterable[str] = (),
                claim_statuses: Iterable[str] = ()) -> WatchQuery:
    """Resolve and validate what an analyst typed; raises ``NotFound`` naming the first bad item
    (``StoreError`` for a malformed threshold or an unknown match mode or claim status).

    Entities and elements are names, aliases, tickers or ids, resolved to canonical ids by
    the store and, for a store not yet synced with it, by ``vocab``; with ``vocab`` given,
    event types and threshold metrics must be among its event types and metrics.
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
    if match not in MATCH_MODES:
        raise StoreError(f"match mode {match!r} is not one of {', '.join(MATCH_MODES)}")
    bounds = list(dict.fromkeys(Threshold.parse(text) for text in thresholds))
    if vocab is not None:
        known_metrics = set(vocab.metrics)
        for bound in bounds:
            if bound.metric not in known_metrics:
                raise NotFound(f"unknown metric {bound.metric!r} in threshold {str(bound)!r}; "
                               f"one of {', '.join(sorted(known_metrics))}")
    statuses = list(dict.fromkeys(s.strip() for s in claim_statuses))
    bad = [s for s in statuses if s not in CLAIM_STATUSES]
    if bad:
        raise StoreError(f"unknown claim status {bad[0]!r}; one of {', '.join(CLAIM_STATUSES)}")
    return WatchQuery(entities=entity_ids, elements=element_ids, event_types=types, keywords=words,
                      min_date=min_date, match=match, thresholds=bounds, claim_statuses=statuses)


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
    first_mention: dict[str, tuple[int, int]] = {}
    for eid, start, end in doc.mentions:
        first_mention.setdefault(eid, (start, end))

    def mentioned(ids: Iterable[str]) -> list[str]:
        return [f"mentions {names.get(eid, eid)} ({first_mention[eid][0]}-{first_mention[eid][1]})"
                for eid in dict.fromkeys(ids) if eid in first_mention]

    watched_elements = [m for e in query.elements for m in (e, *materials.get(e, ()))]
    everything = query.match == "all"
    concerning = set(watched_elements) if everything and watched_elements else None
    first_event: dict[str, tuple[int, int]] = {}
    for i, (etype, start, end) in enumerate(doc.events):
        involved = doc.event_entities[i] if i < len(doc.event_entities) else frozenset()
        if concerning is None or involved & concerning:
            first_event.setdefault(etype, (start, end))
    groups = [
        (query.entities, mentioned(query.entities)),
        (query.elements, mentioned(watched_elements)),
        (query.event_types, [f"event {e} ({first_event[e][0]}-{first_event[e][1]})"
                             for e in query.event_types if e in first_event]),
        (query.keywords, [f"keyword '{k}' ({h.start()}-{h.end()})" for k in query.keywords
                          if (h := _keyword_pattern(k).search(doc.text))]),
    ]
    if everything and any(listed and not found for listed, found in groups):
        return None
    return "; ".join(part for _, found in groups for part in found) or None


def _match(conn: Connection, watchlists: list[Watchlist], document_ids: list[str], settings: Settings,
           deliver: bool) -> int:
    materials = materials_of(conn, list(dict.fromkeys(e for w in watchlists for e in w.query.elements)))
    ids = [i for w in watchlists for i in (*w.query.entities, *w.query.elements)]
    names = entity_names(conn, list(dict.fromkeys([*ids, *(m for ms in materials.values() for m in ms)])))
    plain = [w for w in watchlists if not w.query.has_conditions]
    conditional = [w for w in watchlists if w.query.has_conditions]
    recorded = 0
    status_rules = [w for w in conditional if w.query.claim_statuses]
    every: dict[str, Any] = {}  # all new documents' evidence, for claim statuses judged over the whole batch
    for offset in range(0, len(document_ids), EVIDENCE_BATCH):
        docs = {d.document_id: d for d in document_evidence(conn, document_ids[offset:offset + EVIDENCE_BATCH])}
        for doc in docs.values():
            for wl in plain:
                reason = match_document(wl.query, doc, names, materials)
                if reason is not None and record_alert(conn, wl.id, doc.document_id, reason, deliver=deliver):
                    recorded += 1
        if conditional:
            subjects = entity_names(conn, _fact_subjects(conn, list(docs)))
            for hit in threshold_hits(conn, conditional, docs, settings, {**subjects, **names}, materials):
                recorded += record_alert(conn, hit.watchlist.id, hit.document_id, hit.reason, kind=hit.kind,
                                         dedup_key=hit.dedup_key, detail=hit.detail, deliver=deliver)
            if status_rules:
                every.update(docs)
    # Once over every new document: "before" must leave them all out, or a claim two new documents
    # turn conflicting in two evidence batches would already look conflicting to the second.
    for hit in claim_status_hits(conn, status_rules, every, settings, materials):
        recorded += record_alert(conn, hit.watchlist.id, hit.document_id, hit.reason, kind=hit.kind,
                                 dedup_key=hit.dedup_key, detail=hit.detail, deliver=deliver)
    return recorded


def _fact_subjects(conn: Connection, document_ids: list[str]) -> list[str]:
    f = t.facts.c
    return [r[0] for r in conn.execute(sa.select(f.subject).where(f.document_id.in_(document_ids)).distinct())]


def match_new_documents(conn: Connection, document_ids: Iterable[str], settings: Settings | None = None) -> int:
    """Match just-stored documents against every watchlist and queue the hits for delivery;
    returns alerts recorded (re-runs add none)."""
    watchlists = list_watchlists(conn)
    ids = list(dict.fromkeys(document_ids))
    if not watchlists or not ids:
        return 0
    return _match(conn, watchlists, ids, settings or Settings(), deliver=True)


def match_watchlist(conn: Connection, watchlist: Watchlist, settings: Settings | None = None) -> int:
    """Match one watchlist against every stored document (run when it is added); these hits on
    the back catalogue are recorded but not delivered."""
    return _match(conn, [watchlist], all_document_ids(conn), settings or Settings(), deliver=False)
