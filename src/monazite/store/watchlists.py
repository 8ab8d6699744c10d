"""Watchlists and their alerts: what an analyst follows, and which documents matched.

A watchlist's query is stored as JSON with entity ids already resolved, so a later
merge or alias does not change what the analyst asked for; matching maps document
mentions to canonical ids instead. The query also holds the rule's conditions
(thresholds on figures, claim statuses; ``watch_rules``); the watchlist row holds its
priority and delivery channels. Alerts are unique per (watchlist, dedup key): a
document for a plain match, a figure for a threshold, a claim and status for a status
change, so matching the same documents twice records nothing new. Each new alert is
queued on the rule's channels in the same transaction (``deliveries``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.dialects import postgresql, sqlite

from monazite.errors import NotFound, StoreError
from monazite.store import schema as t
from monazite.store.corrections import canonical_map
from monazite.store.deliveries import as_utc, enqueue
from monazite.store.reviews import rejected_entities, visible
from monazite.store.watch_rules import MATCH_MODES, Threshold, check_channels, check_priority, priority_score

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
    match: str = "any"  # any: one listed item suffices; all: one of each kind listed
    thresholds: list[Threshold] = field(default_factory=list)  # a confirmed figure crossing one is a hit
    claim_statuses: list[str] = field(default_factory=list)  # a claim reaching one of these is a hit

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "thresholds": [th.to_dict() for th in self.thresholds]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WatchQuery:
        return cls(entities=list(data.get("entities") or []), elements=list(data.get("elements") or []),
                   event_types=list(data.get("event_types") or []), keywords=list(data.get("keywords") or []),
                   min_date=data.get("min_date"), match=data.get("match") or "any",
                   thresholds=[Threshold.from_dict(x) for x in data.get("thresholds") or []],
                   claim_statuses=list(data.get("claim_statuses") or []))

    @property
    def has_scope(self) -> bool:
        return bool(self.entities or self.elements or self.event_types or self.keywords)

    @property
    def has_conditions(self) -> bool:
        """Whether hits are figures or claim changes rather than every document in scope."""
        return bool(self.thresholds or self.claim_statuses)

    def is_empty(self) -> bool:
        return not (self.has_scope or self.has_conditions)


@dataclass(frozen=True)
class Watchlist:
    id: int
    name: str
    query: WatchQuery
    created_at: dt.datetime
    priority: str = "normal"
    channels: list[dict[str, str]] = field(default_factory=list)  # {"channel": "email"|"webhook"|"file", "target"}

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "query": self.query.to_dict(), "priority": self.priority,
                "channels": self.channels, "created_at": self.created_at.isoformat() if self.created_at else None}


@dataclass
class DocumentEvidence:
    """What matching needs from one stored document: its text, dated, with spans."""

    document_id: str
    text: str
    published: dt.date | None
    mentions: list[tuple[str, int, int]] = field(default_factory=list)  # (canonical entity id, start, end)
    events: list[tuple[str, int, int]] = field(default_factory=list)  # (event type, start, end)
    event_entities: list[frozenset[str]] = field(default_factory=list)  # canonical actors and materials, per event


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _watchlist(row: Any) -> Watchlist:
    return Watchlist(id=row.id, name=row.name, query=WatchQuery.from_dict(row.query or {}), created_at=row.created_at,
                     priority=row.priority or "normal", channels=list(row.channels or []))


def add_watchlist(conn: Connection, name: str, query: WatchQuery, *, priority: str = "normal",
                  channels: list[dict[str, str]] | tuple[dict[str, str], ...] = ()) -> Watchlist:
    """Store a new watchlist; a blank, too long or taken name, an empty query, an unknown
    priority or match mode, or a malformed channel, is refused."""
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise StoreError(f"a watchlist name must have 1 to {MAX_NAME_LENGTH} characters")
    if query.is_empty():
        raise StoreError("a watchlist needs at least one entity, element, event type, keyword, threshold "
                         "or claim status")
    if query.match not in MATCH_MODES:
        raise StoreError(f"match mode {query.match!r} is not one of {', '.join(MATCH_MODES)}")
    priority, channels = check_priority(priority), check_channels(channels)
    if conn.execute(sa.select(t.watchlists.c.id).where(t.watchlists.c.name == name)).first() is not None:
        raise StoreError(f"a watchlist named {name!r} already exists")
    conn.execute(t.watchlists.insert().values(name=name, query=query.to_dict(), created_at=_now(), priority=priority,
                                              channels=channels))
    return get_watchlist(conn, name)


def get_watchlist(conn: Connection, name: str) -> Watchlist:
    row = conn.execute(sa.select(t.watchlists).where(t.watchlists.c.name == name.strip())).first()
    if row is None:
        raise NotFound(f"no watchlist named {name!r}")
    return _watchlist(row)


def list_watchlists(conn: Connection) -> list[Watchlist]:
    return [_watchlist(r) for r in conn.execute(sa.select(t.watchlists).order_by(t.watchlists.c.name))]


def remove_watchlist(conn: Connection, name: str) -> int:
    """Delete a watchlist, its alerts and their deliveries; returns how many alerts went with it."""
    wl = get_watchlist(conn, name)
    mine = sa.select(t.alerts.c.id).where(t.alerts.c.watchlist_id == wl.id)
    conn.execute(t.alert_deliveries.delete().where(t.alert_deliveries.c.alert_id.in_(mine)))
    gone = conn.execute(t.alerts.delete().where(t.alerts.c.watchlist_id == wl.id)).rowcount
    conn.execute(t.watchlists.delete().where(t.watchlists.c.id == wl.id))
    return gone


def record_alert(conn: Connection, watchlist_id: int, document_id: str, reason: str, *, kind: str = "match",
                 dedup_key: str | None = None, detail: dict[str, Any] | None = None, deliver: bool = True) -> bool:
    """Record a hit and queue it on the watchlist's channels; False when its dedup key (by
    default the document) was already recorded for this watchlist.

    ``deliver=False`` records without queueing (a new rule's matches on the back catalogue).
    """
    a = t.alerts.c
    key = dedup_key or f"document:{document_id}"
    rule = conn.execute(sa.select(t.watchlists.c.priority, t.watchlists.c.channels).where(
        t.watchlists.c.id == watchlist_id)).one()
    now = _now()
    # Insert-or-skip in one statement: two ingests raising the same hit at once record it once,
    # and neither transaction fails on the unique key.
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    alert_id = conn.execute(dialect.insert(t.alerts).values(
        watchlist_id=watchlist_id, document_id=document_id, reason=reason, created_at=now, kind=kind,
        priority=rule.priority or "normal", detail=detail, dedup_key=key)
        .on_conflict_do_nothing().returning(a.id)).scalar()
    if alert_id is None:
        return False
    if deliver:
        enqueue(conn, alert_id, rule.channels or [], now)
    return True


def list_alerts(conn: Connection, *, watchlist: str | None = None, since: dt.date | None = None,
                document_ids: list[str] | None = None, half_life_days: float | None = None,
                include_withdrawn: bool = False) -> list[dict[str, Any]]:
    """Alerts newest first, each with its watchlist and document's id, title and publication date,
    its kind, priority and detail. A hit whose figure or entity an analyst has since rejected is
    withdrawn (``withdrawn_by_review``) and left out unless ``include_withdrawn``.

    ``since`` keeps alerts recorded on or after that day (UTC). With ``half_life_days`` each
    alert gets a ``score`` (the rule's priority weight decayed by the age of its document, or
    of the alert when the document is undated) and the list is ordered by it, highest first.
    """
    a, w, d = t.alerts, t.watchlists, t.documents
    query = (sa.select(a.c.id, w.c.name.label("watchlist"), a.c.document_id, d.c.title, d.c.published,
                       a.c.reason, a.c.created_at, a.c.kind, a.c.priority, a.c.detail, d.c.published_sort)
             .select_from(a.join(w, w.c.id == a.c.watchlist_id).join(d, d.c.id == a.c.document_id))
             .order_by(a.c.created_at.desc(), a.c.id.desc()))
    if watchlist is not None:
        query = query.where(w.c.id == get_watchlist(conn, watchlist).id)
    if since is not None:
        query = query.where(a.c.created_at >= dt.datetime.combine(since, dt.time(), tzinfo=dt.timezone.utc))
    if document_ids is not None:
        query = query.where(a.c.document_id.in_(document_ids))
    out = []
    now = _now()
    rows = [dict(row) for row in conn.execute(query).mappings()]
    rejected_facts, rejected = _rejected_behind(conn, rows)
    for item in rows:
        facts = set((item.get("detail") or {}).get("facts") or [])
        if (facts & rejected_facts or (item.get("detail") or {}).get("subject") in rejected) and not include_withdrawn:
            continue
        created, day = as_utc(item["created_at"]), item.pop("published_sort")
        if half_life_days is not None:
            since = dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc) if day is not None else created
            item["score"] = priority_score(item["priority"], now - since, half_life_days)
        item["created_at"] = created.isoformat() if created else None
        out.append(item)
    if half_life_days is not None:
        out.sort(key=lambda x: -x["score"])  # stable: equal scores stay newest first
    return out


def _rejected_behind(conn: Connection, alerts: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
    """(rejected fact ids among those the alerts cite, rejected entities): what withdraws a hit."""
    cited = {f for a in alerts for f in ((a.get("detail") or {}).get("facts") or [])}
    facts = {r.id for r in conn.execute(sa.select(t.facts.c.id).where(
        t.facts.c.id.in_(sorted(cited)), t.facts.c.review == "rejected"))} if cited else set()
    return facts, rejected_entities(conn)


def all_document_ids(conn: Connection) -> list[str]:
    """Every stored document that is not a near-duplicate (those repeat their original's alert)."""
    d = t.documents.c
    return [r.id for r in conn.execute(sa.select(d.id).where(d.duplicate_of.is_(None)).order_by(d.id))]


def document_evidence(conn: Connection, document_ids: list[str]) -> list[DocumentEvidence]:
    """Text, publication date, mentions (canonical ids) and events of the given documents.

    Near-duplicates are left out: they carry no extraction and their original already alerted.
    Events an analyst rejected are left out: a rejected record never raises an alert.
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
    involved: dict[str, set[str]] = {}
    for r in conn.execute(sa.select(t.event_entities.c.event_id, t.event_entities.c.entity_id).join(
            t.events, t.events.c.id == t.event_entities.c.event_id).where(e.document_id.in_(ids))):
        involved.setdefault(r.event_id, set()).add(canon.get(r.entity_id, r.entity_id))
    for r in conn.execute(sa.select(e.id, e.document_id, e.type, e.start, e.end).where(
            e.document_id.in_(ids), visible(t.events)).order_by(e.document_id, e.start)):
        found[r.document_id].events.append((r.type, r.start, r.end))
        found[r.document_id].event_entities.append(frozenset(involved.get(r.id, ())))
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
