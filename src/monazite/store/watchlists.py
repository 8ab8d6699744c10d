"""Watchlists and their alerts: what an analyst follows, and which documents matched.

A watchlist's query is stored as JSON with entity ids already resolved, so a later
merge or alias does not change what the analyst asked for; matching maps document
mentions to canonical ids instead. Alerts are unique per (watchlist, document), so
matching the same documents twice records nothing new.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.errors import NotFound, StoreError
from monazite.store import schema as t
from monazite.store.corrections import canonical_map

__all__ = [
    "DocumentEvidence", "Watchlist", "WatchQuery", "add_watchlist", "all_document_ids", "document_evidence",
    "entity_names", "get_watchlist", "list_alerts", "list_watchlists", "materials_of", "record_alert",
    "remove_watchlist",
]

MAX_NAME_LENGTH = 120  # the width of watchlists.name


@dataclass(frozen=True)
class WatchQuery:
    """What a watchlist follows; entity and element lists hold entity ids."""

    entities: list[str] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)
    event_types: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    min_date: str | None = None  # ISO date; documents published earlier are ignored

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WatchQuery:
        return cls(entities=list(data.get("entities") or []), elements=list(data.get("elements") or []),
                   event_types=list(data.get("event_types") or []), keywords=list(data.get("keywords") or []),
                   min_date=data.get("min_date"))

    def is_empty(self) -> bool:
        return not (self.entities or self.elements or self.event_types or self.keywords)


@dataclass(frozen=True)
class Watchlist:
    id: int
    name: str
    query: WatchQuery
    created_at: dt.datetime

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "query": self.query.to_dict(),
                "created_at": self.created_at.isoformat() if self.created_at else None}


@dataclass
class DocumentEvidence:
    """What matching needs from one stored document: its text, dated, with spans."""

    document_id: str
    text: str
    published: dt.date | None
    mentions: list[tuple[str, int, int]] = field(default_factory=list)  # (canonical entity id, start, end)
    events: list[tuple[str, int, int]] = field(default_factory=list)  # (event type, start, end)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _watchlist(row: Any) -> Watchlist:
    return Watchlist(id=row.id, name=row.name, query=WatchQuery.from_dict(row.query or {}), created_at=row.created_at)


def add_watchlist(conn: Connection, name: str, query: WatchQuery) -> Watchlist:
    """Store a new watchlist; a blank, too long or taken name, or an empty query, is refused."""
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise StoreError(f"a watchlist name must have 1 to {MAX_NAME_LENGTH} characters")
    if query.is_empty():
        raise StoreError("a watchlist needs at least one entity, element, event type or keyword")
    if conn.execute(sa.select(t.watchlists.c.id).where(t.watchlists.c.name == name)).first() is not None:
        raise StoreError(f"a watchlist named {name!r} already exists")
    conn.execute(t.watchlists.insert().values(name=name, query=query.to_dict(), created_at=_now()))
    return get_watchlist(conn, name)


def get_watchlist(conn: Connection, name: str) -> Watchlist:
    row = conn.execute(sa.select(t.watchlists).where(t.watchlists.c.name == name.strip())).first()
    if row is None:
        raise NotFound(f"no watchlist named {name!r}")
    return _watchlist(row)


def list_watchlists(conn: Connection) -> list[Watchlist]:
    return [_watchlist(r) for r in conn.execute(sa.select(t.watchlists).order_by(t.watchlists.c.name))]


def remove_watchlist(conn: Connection, name: str) -> int:
    """Delete a watchlist and its alerts; returns how many alerts went with it."""
    wl = get_watchlist(conn, name)
    gone = conn.execute(t.alerts.delete().where(t.alerts.c.watchlist_id == wl.id)).rowcount
    conn.execute(t.watchlists.delete().where(t.watchlists.c.id == wl.id))
    return gone


def record_alert(conn: Connection, watchlist_id: int, document_id: str, reason: str) -> bool:
    """Record that a document matched; False when this pair was already recorded."""
    a = t.alerts.c
    exists = conn.execute(sa.select(a.id).where(a.watchlist_id == watchlist_id, a.document_id == document_id)).first()
    if exists is not None:
        return False
    conn.execute(t.alerts.insert().values(watchlist_id=watchlist_id, document_id=document_id, reason=reason,
                                          created_at=_now()))
    return True


def list_alerts(conn: Connection, *, watchlist: str | None = None, since: dt.date | None = None,
                document_ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Alerts newest first, each with its watchlist and document's id, title and publication date.

    ``since`` keeps alerts recorded on or after that day (UTC).
    """
    a, w, d = t.alerts, t.watchlists, t.documents
    query = (sa.select(a.c.id, w.c.name.label("watchlist"), a.c.document_id, d.c.title, d.c.published,
                       a.c.reason, a.c.created_at)
             .select_from(a.join(w, w.c.id == a.c.watchlist_id).join(d, d.c.id == a.c.document_id))
             .order_by(a.c.created_at.desc(), a.c.id.desc()))
    if watchlist is not None:
        query = query.where(w.c.id == get_watchlist(conn, watchlist).id)
    if since is not None:
        query = query.where(a.c.created_at >= dt.datetime.combine(since, dt.time(), tzinfo=dt.timezone.utc))
    if document_ids is not None:
        query = query.where(a.c.document_id.in_(document_ids))
    out = []
    for row in conn.execute(query).mappings():
        item = dict(row)
        item["created_at"] = item["created_at"].isoformat() if item["created_at"] else None
        out.append(item)
    return out


def all_document_ids(conn: Connection) -> list[str]:
    """Every stored document that is not a near-duplicate (those repeat their original's alert)."""
    d = t.documents.c
    return [r.id for r in conn.execute(sa.select(d.id).where(d.duplicate_of.is_(None)).order_by(d.id))]


def document_evidence(conn: Connection, document_ids: list[str]) -> list[DocumentEvidence]:
    """Text, publication date, mentions (canonical ids) and events of the given documents.

    Near-duplicates are left out: they carry no extraction and their original already alerted.
    """
    if not document_ids:
        return []
    canon = canonical_map(conn)
    d, m, e = t.documents.c, t.mentions.c, t.events.c
    rows = conn.execute(sa.select(d.id, d.text, d.published_sort).where(
        d.id.in_(document_ids), d.duplicate_of.is_(None)).order_by(d.id)).all()
    found = {r.id: DocumentEvidence(r.id, r.text, r.published_sort) for r in rows}
    ids = list(found)
    for r in conn.execute(sa.select(m.document_id, m.entity_id, m.start, m.end).where(
            m.document_id.in_(ids)).order_by(m.document_id, m.start)):
        found[r.document_id].mentions.append((canon.get(r.entity_id, r.entity_id), r.start, r.end))
    for r in conn.execute(sa.select(e.document_id, e.type, e.start, e.end).where(
            e.document_id.in_(ids)).order_by(e.document_id, e.start)):
        found[r.document_id].events.append((r.type, r.start, r.end))
    return list(found.values())


def entity_names(conn: Connection, ids: list[str]) -> dict[str, str]:
    """Display names of the given entity ids (ids without a row are absent)."""
    if not ids:
        return {}
    c = t.entities.c
    return {r.id: r.name for r in conn.execute(sa.select(c.id, c.name).where(c.id.in_(ids)))}


def materials_of(conn: Connection, element_ids: list[str]) -> dict[str, list[str]]:
    """Material entities made of each element (their ``elements`` attribute), by element id.

    Watching dysprosium should catch an article that only names dysprosium oxide.
    """
    wanted = set(element_ids)
    out: dict[str, list[str]] = {e: [] for e in element_ids}
    if not wanted:
        return out
    c = t.entities.c
    for row in conn.execute(sa.select(c.id, c.attributes).where(c.kind == "material").order_by(c.id)):
        for element in (row.attributes or {}).get("elements") or []:
            if element in wanted:
                out[element].append(row.id)
    return out
