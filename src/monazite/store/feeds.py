"""The feeds registry: feeds an analyst subscribed to, their schedule and health, and the
items each has shown.

A feed is due when its ``next_due_at`` has passed; ``claim_due`` moves that time forward in
one conditional UPDATE, so two pollers running at once never fetch the same feed twice. An
item is remembered in ``feed_items`` under a key hashed from its guid (else its link, else
its XML), so a feed repeating it in every fetch has it ingested once; ``mark_seen`` is an
insert that tolerates a concurrent writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from monazite.errors import ConfigError, NotFound
from monazite.store import schema as t

__all__ = [
    "Feed", "FeedItemRow", "MAX_NAME_LENGTH", "add_feed", "claim_due", "due_feeds", "get_feed", "list_feeds",
    "mark_seen", "next_due", "record_failure", "record_success", "recent_items", "remove_feed", "seen_keys",
]

MAX_NAME_LENGTH = 200  # the width of feeds.name
MAX_ERROR_CHARS = 2000  # an error message kept for the dashboard is cut to this


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; everything here is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


@dataclass(frozen=True)
class Feed:
    id: int
    url: str
    name: str
    every_s: int
    etag: str | None
    last_modified: str | None
    created_at: dt.datetime
    last_polled_at: dt.datetime | None
    next_due_at: dt.datetime | None
    last_success_at: dt.datetime | None
    last_status: int | None
    last_error: str | None
    last_error_at: dt.datetime | None
    failures: int
    items_total: int
    items_new_last: int

    @classmethod
    def from_row(cls, row: Any) -> Feed:
        m = row._mapping
        return cls(**{k: (_utc(v) if isinstance(v, dt.datetime) else v) for k, v in m.items()})

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "url": self.url, "every_s": self.every_s,
            "etag": self.etag, "last_modified": self.last_modified, "created_at": _iso(self.created_at),
            "last_polled_at": _iso(self.last_polled_at), "next_due_at": _iso(self.next_due_at),
            "last_success_at": _iso(self.last_success_at), "last_status": self.last_status,
            "last_error": self.last_error, "last_error_at": _iso(self.last_error_at), "failures": self.failures,
            "items_total": self.items_total, "items_new_last": self.items_new_last,
        }


@dataclass(frozen=True)
class FeedItemRow:
    feed_id: int
    item_key: str
    link: str | None
    document_id: str | None
    first_seen_at: dt.datetime
    title: str | None = None  # the stored document's title, when there is one

    def to_dict(self) -> dict[str, Any]:
        return {"item_key": self.item_key, "link": self.link, "document_id": self.document_id,
                "first_seen_at": _iso(self.first_seen_at), "title": self.title}


def _check_url(url: str) -> str:
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise ConfigError(f"not a feed URL: {url!r} ({exc})") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"not a feed URL: {url!r} (only http and https URLs with a host)")
    return url


def add_feed(conn: Connection, url: str, every_s: int, name: str | None = None,
             now: dt.datetime | None = None) -> Feed:
    """Subscribe to ``url``, due at once. Raises ``ConfigError`` for a bad URL, name or
    interval, or a URL or name already subscribed."""
    url = _check_url(url)
    name = (name or urlsplit(url).hostname or url).strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise ConfigError(f"a feed name must have 1 to {MAX_NAME_LENGTH} characters")
    if every_s < 1:
        raise ConfigError(f"a feed's interval must be at least 1 second, got {every_s}")
    taken = conn.execute(sa.select(t.feeds.c.url, t.feeds.c.name)
                         .where(sa.or_(t.feeds.c.url == url, t.feeds.c.name == name))).first()
    if taken is not None:
        what = f"URL {url!r}" if taken.url == url else f"name {name!r}"
        raise ConfigError(f"a feed with the {what} is already subscribed ({taken.name!r})")
    now = now or _now()
    try:
        conn.execute(t.feeds.insert().values(url=url, name=name, every_s=int(every_s), created_at=now,
                                             next_due_at=now))
    except sa.exc.IntegrityError as exc:  # a concurrent add of the same URL
        raise ConfigError(f"a feed with the URL {url!r} is already subscribed") from exc
    return get_feed(conn, url)


def list_feeds(conn: Connection) -> list[Feed]:
    return [Feed.from_row(r) for r in conn.execute(sa.select(t.feeds).order_by(t.feeds.c.name))]


def get_feed(conn: Connection, name_or_url: str | int) -> Feed:
    """A feed by id, URL or name; ``NotFound`` otherwise."""
    c = t.feeds.c
    if isinstance(name_or_url, int):
        cond = c.id == name_or_url
    else:
        cond = sa.or_(c.url == name_or_url, c.name == name_or_url)
    row = conn.execute(sa.select(t.feeds).where(cond)).first()
    if row is None:
        raise NotFound(f"no feed named {name_or_url!r}")
    return Feed.from_row(row)


def remove_feed(conn: Connection, name_or_url: str) -> int:
    """Unsubscribe; returns how many remembered items went with it. The documents stay."""
    feed = get_feed(conn, name_or_url)
    items = conn.execute(t.feed_items.delete().where(t.feed_items.c.feed_id == feed.id)).rowcount
    conn.execute(t.feeds.delete().where(t.feeds.c.id == feed.id))
    return int(items or 0)


def due_feeds(conn: Connection, now: dt.datetime | None = None) -> list[Feed]:
    """Feeds whose next due time has passed (or was never set), the longest overdue first."""
    c = t.feeds.c
    now = now or _now()
    rows = conn.execute(sa.select(t.feeds).where(sa.or_(c.next_due_at.is_(None), c.next_due_at <= now))
                        .order_by(c.next_due_at.is_(None).desc(), c.next_due_at, c.id))
    return [Feed.from_row(r) for r in rows]


def next_due(conn: Connection) -> dt.datetime | None:
    """The earliest time any feed falls due; None without feeds."""
    return _utc(conn.execute(sa.select(sa.func.min(t.feeds.c.next_due_at))).scalar())


def claim_due(conn: Connection, feed: Feed, now: dt.datetime, lease_until: dt.datetime) -> bool:
    """Take ``feed`` for this poll if it is still due: its next due time moves to
    ``lease_until`` (when a crashed poll's claim lapses). False when another poller took it."""
    c = t.feeds.c
    result = conn.execute(t.feeds.update()
                          .where(c.id == feed.id, sa.or_(c.next_due_at.is_(None), c.next_due_at <= now))
                          .values(next_due_at=lease_until))
    return result.rowcount == 1


def record_success(conn: Connection, feed_id: int, *, status: int, new_items: int, next_due_at: dt.datetime,
                   etag: str | None = None, last_modified: str | None = None,
                   now: dt.datetime | None = None) -> None:
    """A fetch that answered (200 or 304): validators kept for the next conditional GET (a
    304 keeps the old ones unless it sends new), failures reset, items counted."""
    now = now or _now()
    c = t.feeds.c
    values: dict[str, Any] = {"last_polled_at": now, "last_success_at": now, "last_status": status,
                              "failures": 0, "next_due_at": next_due_at, "items_new_last": new_items,
                              "items_total": c.items_total + new_items}
    if status != 304 or etag is not None:
        values["etag"] = etag
    if status != 304 or last_modified is not None:
        values["last_modified"] = last_modified
    conn.execute(t.feeds.update().where(c.id == feed_id).values(**values))


def record_failure(conn: Connection, feed_id: int, *, error: str, next_due_at: dt.datetime,
                   status: int | None = None, now: dt.datetime | None = None) -> None:
    """A fetch or parse that failed: the error kept for the dashboard, one more consecutive
    failure (the poller's backoff grows with it), the next attempt at ``next_due_at``."""
    now = now or _now()
    c = t.feeds.c
    conn.execute(t.feeds.update().where(c.id == feed_id).values(
        last_polled_at=now, last_status=status, last_error=error[:MAX_ERROR_CHARS], last_error_at=now,
        failures=c.failures + 1, next_due_at=next_due_at, items_new_last=0))


def seen_keys(conn: Connection, feed_id: int, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` this feed has shown before."""
    keys = list(keys)
    c = t.feed_items.c
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        found.update(conn.execute(sa.select(c.item_key).where(c.feed_id == feed_id, c.item_key.in_(chunk))).scalars())
    return found


def mark_seen(conn: Connection, feed_id: int, item_key: str, link: str | None, document_id: str | None,
              now: dt.datetime | None = None) -> bool:
    """Remember an item; False when it was remembered already (by this poll or a concurrent one)."""
    if len(item_key) != 64:
        raise ValueError(f"an item key is a sha256 hex digest, got {item_key!r}")
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    inserted = conn.execute(dialect.insert(t.feed_items).on_conflict_do_nothing().values(
        feed_id=feed_id, item_key=item_key, link=link, document_id=document_id, first_seen_at=now or _now(),
    ).returning(t.feed_items.c.item_key)).first()  # psycopg reports no rowcount here; RETURNING says it
    return inserted is not None


def recent_items(conn: Connection, feed_id: int, limit: int = 10) -> list[FeedItemRow]:
    """The items a feed showed most recently, with their documents' titles."""
    c, d = t.feed_items.c, t.documents.c
    rows = conn.execute(sa.select(c.feed_id, c.item_key, c.link, c.document_id, c.first_seen_at, d.title)
                        .select_from(t.feed_items.outerjoin(t.documents, d.id == c.document_id))
                        .where(c.feed_id == feed_id).order_by(c.first_seen_at.desc(), c.item_key).limit(limit))
    return [FeedItemRow(r.feed_id, r.item_key, r.link, r.document_id, _utc(r.first_seen_at), r.title) for r in rows]
