"""Sending the alert outbox: every due delivery once, retried with backoff, never lost.

``deliver_pending`` runs these stages for each due delivery, highest priority first:

1. withdraw it when an analyst has since rejected a fact behind the hit (a rejected
   figure never reaches anyone);
2. claim it (compare-and-set on its attempt count, ``store.deliveries.claim``), so two
   senders never send it both;
3. send it on its channel;
4. mark it sent, or due again after ``delivery_backoff * 2**(attempt-1)`` seconds (at most
   ``delivery_backoff_max``), or failed after ``delivery_max_attempts`` or a permanent
   refusal. Failed deliveries stay in the outbox until ``monazite deliver --retry-failed``.

The outbox lives in the store, so deliveries survive restarts. Each stage commits on its
own: a crash after sending and before marking leaves the delivery claimed, and it is sent
again when its lease lapses; the alert's key (``Idempotency-Key``, Message-ID, ``id``)
lets the receiver drop that one repeat. Any failure the tests exercise (errors, refusals,
timeouts) is recorded before the next attempt, so those hits are delivered exactly once.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from monazite.deliver.channels import AlertMessage, DeliveryError, get_channel
from monazite.errors import MonaziteError
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.deliveries import claim, due_deliveries, mark_failed, mark_sent, next_due_at, withdraw
from monazite.store.reviews import rejected_entities

__all__ = ["DeliveryReport", "backoff_delay", "deliver_pending"]

LEASE_MARGIN_S = 60.0  # a claimed delivery is due again this long after its send could have timed out
MAX_PAUSE_S = 5.0  # while waiting for retries, re-read the outbox at least this often


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0  # attempts that failed and were scheduled again
    failed: int = 0  # deliveries given up on (kept in the outbox)
    withdrawn: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"sent": self.sent, "retried": self.retried, "failed": self.failed, "withdrawn": self.withdrawn,
                "errors": self.errors}


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def backoff_delay(attempt: int, settings: Settings) -> dt.timedelta:
    """Wait after failed attempt number ``attempt`` (1-based): doubling from ``delivery_backoff``."""
    seconds = settings.delivery_backoff * 2 ** max(attempt - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.delivery_backoff_max))


def deliver_pending(engine: Engine, settings: Settings, *, wait: float = 0.0,
                    clock: Callable[[], dt.datetime] = _utcnow,
                    sleep: Callable[[float], None] = time.sleep) -> DeliveryReport:
    """Send every due delivery; with ``wait`` seconds, keep retrying those that failed until
    the outbox is settled (nothing pending) or that time has passed."""
    report = DeliveryReport()
    deadline = clock() + dt.timedelta(seconds=wait)
    while True:
        with engine.connect() as conn:
            due = due_deliveries(conn, clock(), settings.alert_half_life_days)
        for item in due:
            _attempt(engine, settings, item, clock, report)
        if wait <= 0:
            return report
        with engine.connect() as conn:
            upcoming = next_due_at(conn)
        now = clock()
        if upcoming is None or upcoming > deadline:
            return report
        pause = (upcoming - now).total_seconds()
        if pause > 0:
            sleep(min(pause, MAX_PAUSE_S))


def _attempt(engine: Engine, settings: Settings, item: dict[str, Any], clock: Callable[[], dt.datetime],
             report: DeliveryReport) -> None:
    label = f"{item['channel']} {item['target']} (alert {item['alert_id']}, {item['watchlist']})"
    lease = dt.timedelta(seconds=settings.delivery_timeout * 2 + LEASE_MARGIN_S)
    with engine.begin() as conn:
        rejected = _rejected_facts(conn, item)
        if rejected:
            withdraw(conn, item["id"], f"withdrawn: an analyst rejected {', '.join(rejected)}")
            report.withdrawn += 1
            return
        if not claim(conn, item["id"], item["attempts"], clock(), lease):
            return  # another sender took it
    attempt = item["attempts"] + 1
    try:
        channel = get_channel(item["channel"])
        channel.send(AlertMessage.from_delivery(item), item["target"], settings)
    except (DeliveryError, MonaziteError) as exc:
        permanent = getattr(exc, "permanent", True)  # an unknown channel is as permanent as a refusal
        _failed(engine, settings, item, attempt, str(exc), permanent, clock, report, label)
        return
    except Exception as exc:  # noqa: BLE001 - a channel's bug is recorded on the delivery and retried, never lost
        _failed(engine, settings, item, attempt, f"{exc.__class__.__name__}: {exc}", False, clock, report, label)
        return
    with engine.begin() as conn:
        mark_sent(conn, item["id"], clock())
    report.sent += 1


def _failed(engine: Engine, settings: Settings, item: dict[str, Any], attempt: int, error: str, permanent: bool,
            clock: Callable[[], dt.datetime], report: DeliveryReport, label: str) -> None:
    final = permanent or attempt >= settings.delivery_max_attempts
    retry_at = None if final else clock() + backoff_delay(attempt, settings)
    with engine.begin() as conn:
        if not mark_failed(conn, item["id"], f"attempt {attempt}: {error}", retry_at, attempt):
            return  # this attempt's lease ran out and another sender holds (or sent) the delivery
    if final:
        report.failed += 1
        report.errors.append(f"{label}: gave up after attempt {attempt}: {error}")
    else:
        report.retried += 1


def _rejected_facts(conn: sa.Connection, item: dict[str, Any]) -> list[str]:
    """Facts (or the entity) behind the hit that an analyst has rejected since it was recorded."""
    detail = item.get("detail") or {}
    subject = detail.get("subject")
    found = [f"entity {subject}"] if subject and subject in rejected_entities(conn) else []
    ids = list(detail.get("facts") or [])
    if not ids:
        return found
    f = t.facts.c
    return found + sorted(r.id for r in conn.execute(sa.select(f.id).where(f.id.in_(ids), f.review == "rejected")))
