"""The alert outbox: one row per (alert, channel, target), so a hit is never lost and sent once.

A delivery is written in the same transaction as its alert. A sender takes a due
delivery by a compare-and-set on its attempt count (``claim``), which moves it to
``sending`` with a lease: two senders never both take it, and one that died mid-send
leaves it due again when the lease runs out. After the attempt it is ``sent``, back to
``pending`` with the next attempt's time (exponential backoff), or ``failed`` after the
last attempt or a permanent refusal; failed deliveries stay until ``retry_failed``.
``withdrawn`` marks one whose figures an analyst rejected before it went out.

States: pending -> sending -> sent | pending | failed; failed -> pending (retry_failed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.store import schema as t
from monazite.store.watch_rules import priority_score

__all__ = [
    "DELIVERY_STATUSES", "as_utc", "claim", "due_deliveries", "enqueue", "list_deliveries", "mark_failed", "mark_sent",
    "next_due_at", "retry_failed", "withdraw",
]

DELIVERY_STATUSES = ("pending", "sending", "sent", "failed", "withdrawn")
ERROR_CHARS = 2000  # last_error is cut to this: a server's error page must not bloat the outbox


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value


def enqueue(conn: Connection, alert_id: int, channels: Iterable[dict[str, str]], now: dt.datetime) -> int:
    """Queue ``alert_id`` on each channel target not queued yet; returns how many were added."""
    d = t.alert_deliveries.c
    queued = {(r.channel, r.target) for r in conn.execute(
        sa.select(d.channel, d.target).where(d.alert_id == alert_id))}
    added = 0
    for item in channels:
        if (item["channel"], item["target"]) in queued:
            continue
        conn.execute(t.alert_deliveries.insert().values(
            alert_id=alert_id, channel=item["channel"], target=item["target"], status="pending", attempts=0,
            next_attempt_at=now, created_at=now))
        added += 1
    return added


def _joined() -> sa.Select:
    d, a, w, doc = t.alert_deliveries, t.alerts, t.watchlists, t.documents
    return (sa.select(d.c.id, d.c.alert_id, d.c.channel, d.c.target, d.c.status, d.c.attempts, d.c.next_attempt_at,
                      d.c.last_error, d.c.sent_at, d.c.created_at, w.c.name.label("watchlist"), a.c.kind,
                      a.c.priority, a.c.reason, a.c.detail, a.c.dedup_key, a.c.created_at.label("alert_created_at"),
                      a.c.document_id, doc.c.title, doc.c.published, doc.c.published_sort, doc.c.origin)
            .select_from(d.join(a, a.c.id == d.c.alert_id).join(w, w.c.id == a.c.watchlist_id)
                         .join(doc, doc.c.id == a.c.document_id)))


def _row(row: Any, now: dt.datetime, half_life_days: float) -> dict[str, Any]:
    item = dict(row._mapping)
    for key in ("next_attempt_at", "sent_at", "created_at", "alert_created_at"):
        item[key] = as_utc(item[key])
    since = (dt.datetime.combine(item["published_sort"], dt.time(), tzinfo=dt.timezone.utc)
             if item["published_sort"] is not None else item["alert_created_at"])
    item["score"] = priority_score(item["priority"], now - since, half_life_days)
    return item


def due_deliveries(conn: Connection, now: dt.datetime, half_life_days: float) -> list[dict[str, Any]]:
    """Deliveries to attempt now (pending and due, or sending with a lapsed lease), highest priority first."""
    d = t.alert_deliveries.c
    rows = conn.execute(_joined().where(d.status.in_(("pending", "sending")), d.next_attempt_at <= now))
    found = [_row(r, now, half_life_days) for r in rows]
    return sorted(found, key=lambda x: (-x["score"], x["id"]))


def next_due_at(conn: Connection) -> dt.datetime | None:
    """When the earliest delivery still waiting (pending or sending) falls due; None when none waits."""
    d = t.alert_deliveries.c
    return as_utc(conn.execute(sa.select(sa.func.min(d.next_attempt_at)).where(
        d.status.in_(("pending", "sending")))).scalar())


def claim(conn: Connection, delivery_id: int, attempts_seen: int, now: dt.datetime, lease: dt.timedelta) -> bool:
    """Take a delivery for one attempt; False when another sender took it first."""
    d = t.alert_deliveries
    done = conn.execute(d.update().where(
        d.c.id == delivery_id, d.c.attempts == attempts_seen, d.c.status.in_(("pending", "sending")),
    ).values(status="sending", attempts=attempts_seen + 1, next_attempt_at=now + lease))
    return done.rowcount == 1


def mark_sent(conn: Connection, delivery_id: int, now: dt.datetime) -> None:
    d = t.alert_deliveries
    conn.execute(d.update().where(d.c.id == delivery_id).values(status="sent", sent_at=now, last_error=None))


def mark_failed(conn: Connection, delivery_id: int, error: str, retry_at: dt.datetime | None,
                attempt: int | None = None) -> bool:
    """Record failed attempt number ``attempt``: due again at ``retry_at``, or ``failed`` for good when
    it is None. Only while that attempt still holds the delivery: a late failure (its lease ran out
    and another sender took it, or sent it) changes nothing. Returns whether it was recorded."""
    d = t.alert_deliveries
    values: dict[str, Any] = {"last_error": error[:ERROR_CHARS]}
    values.update({"status": "pending", "next_attempt_at": retry_at} if retry_at is not None else {"status": "failed"})
    query = d.update().where(d.c.id == delivery_id, d.c.status == "sending")
    if attempt is not None:
        query = query.where(d.c.attempts == attempt)
    return conn.execute(query.values(**values)).rowcount == 1


def withdraw(conn: Connection, delivery_id: int, reason: str) -> None:
    d = t.alert_deliveries
    conn.execute(d.update().where(d.c.id == delivery_id).values(status="withdrawn", last_error=reason[:ERROR_CHARS]))


def retry_failed(conn: Connection, now: dt.datetime) -> int:
    """Put every failed delivery back in the queue with a fresh count of attempts; returns how many."""
    d = t.alert_deliveries
    return conn.execute(d.update().where(d.c.status == "failed").values(
        status="pending", attempts=0, next_attempt_at=now)).rowcount


def list_deliveries(conn: Connection, now: dt.datetime, half_life_days: float, *,
                    status: str | None = None) -> list[dict[str, Any]]:
    """The outbox, highest priority first (the order ``deliver`` sends in)."""
    query = _joined()
    if status is not None:
        query = query.where(t.alert_deliveries.c.status == status)
    found = [_row(r, now, half_life_days) for r in conn.execute(query)]
    return sorted(found, key=lambda x: (-x["score"], x["id"]))
