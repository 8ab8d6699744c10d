"""The alert outbox on both backends: queued with the alert, claimed once, backed off, kept when failed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from monazite.pipeline import run_ingest
from monazite.settings import load_settings
from monazite.store import schema as t
from monazite.store.deliveries import (
    claim, due_deliveries, list_deliveries, mark_failed, mark_sent, next_due_at, retry_failed,
)
from monazite.store.engine import open_store
from monazite.store.watchlists import WatchQuery, add_watchlist, get_watchlist, record_alert, remove_watchlist

NOW = dt.datetime(2025, 6, 1, 12, tzinfo=dt.timezone.utc)
LEASE = dt.timedelta(minutes=5)
HOOK = {"channel": "webhook", "target": "http://127.0.0.1:9/hook"}
FILE = {"channel": "file", "target": "/tmp/alerts.jsonl"}


@pytest.fixture
def docs(store_url: str, fixtures_dir: Path) -> dict[str, str]:
    settings = load_settings(env={}, db=store_url, semantic_search=False)
    report = run_ingest([str(fixtures_dir / "watch" / "articles")], settings, progress=False)
    assert report.ok, report.failed
    return {o.title: o.document_id for o in report.outcomes}


def test_alert_is_queued_on_each_channel_once_and_removed_with_its_watchlist(store_url: str,
                                                                              docs: dict[str, str]) -> None:
    gallium = docs["Gallium prices climb in Rotterdam trading"]
    engine = open_store(store_url)
    try:
        with engine.begin() as conn:
            wl = add_watchlist(conn, "g", WatchQuery(keywords=["gallium"]), priority="high", channels=[HOOK, FILE])
            assert get_watchlist(conn, "g").channels == [HOOK, FILE] and wl.priority == "high"
            assert record_alert(conn, wl.id, gallium, "keyword 'gallium' (0-7)")
            assert not record_alert(conn, wl.id, gallium, "again")  # one hit per document
            assert record_alert(conn, wl.id, gallium, "a figure", kind="threshold", dedup_key="threshold:x")
            assert record_alert(conn, wl.id, gallium, "back catalogue", dedup_key="threshold:y", deliver=False)
        with engine.connect() as conn:
            rows = list_deliveries(conn, NOW, 7.0)
        assert len(rows) == 4  # two alerts queued on two channels; the back-catalogue hit is not queued
        assert {(r["channel"], r["status"], r["attempts"], r["priority"]) for r in rows} == {
            ("webhook", "pending", 0, "high"), ("file", "pending", 0, "high")}
        with engine.begin() as conn, pytest.raises(sa.exc.IntegrityError):  # the constraint holds on its own too
            conn.execute(t.alert_deliveries.insert().values(
                alert_id=rows[0]["alert_id"], channel=rows[0]["channel"], target=rows[0]["target"],
                next_attempt_at=NOW, created_at=NOW))
        with engine.begin() as conn:
            assert remove_watchlist(conn, "g") == 3
            assert conn.execute(sa.select(sa.func.count()).select_from(t.alert_deliveries)).scalar() == 0
    finally:
        engine.dispose()


def test_claim_is_taken_once_then_backs_off_fails_and_is_retried(store_url: str, docs: dict[str, str]) -> None:
    lynas = docs["Lynas Rare Earths lifts heavy rare earth output in Malaysia"]
    engine = open_store(store_url)
    try:
        with engine.begin() as conn:
            wl = add_watchlist(conn, "l", WatchQuery(keywords=["Kuantan"]), channels=[HOOK])
            record_alert(conn, wl.id, lynas, "keyword")
        with engine.begin() as conn:
            [due] = due_deliveries(conn, dt.datetime.now(dt.timezone.utc), 7.0)
            assert claim(conn, due["id"], 0, NOW, LEASE)
            assert not claim(conn, due["id"], 0, NOW, LEASE)  # a second sender loses the compare-and-set
            assert due_deliveries(conn, NOW, 7.0) == []  # leased
            assert [d["id"] for d in due_deliveries(conn, NOW + LEASE, 7.0)] == [due["id"]]  # the lease lapsed
            mark_failed(conn, due["id"], "attempt 1: 500", NOW + dt.timedelta(seconds=30))
            assert next_due_at(conn) == NOW + dt.timedelta(seconds=30)
            assert claim(conn, due["id"], 1, NOW, LEASE)
            mark_failed(conn, due["id"], "attempt 2: 404", None)
            [row] = list_deliveries(conn, NOW, 7.0, status="failed")
            assert (row["attempts"], row["last_error"]) == (2, "attempt 2: 404")
            assert next_due_at(conn) is None and due_deliveries(conn, NOW + dt.timedelta(days=9), 7.0) == []
            assert retry_failed(conn, NOW) == 1
            [again] = due_deliveries(conn, NOW, 7.0)
            assert (again["status"], again["attempts"]) == ("pending", 0)
            assert claim(conn, again["id"], 0, NOW, LEASE)
            mark_sent(conn, again["id"], NOW)
            [sent] = list_deliveries(conn, NOW, 7.0)
            assert (sent["status"], sent["sent_at"], sent["last_error"]) == ("sent", NOW, None)
    finally:
        engine.dispose()


def test_due_deliveries_come_highest_priority_first(store_url: str, docs: dict[str, str]) -> None:
    engine = open_store(store_url)
    try:
        with engine.begin() as conn:
            for name, priority in (("low", "low"), ("high", "high"), ("normal", "normal")):
                wl = add_watchlist(conn, name, WatchQuery(keywords=["x"]), priority=priority, channels=[FILE])
                for doc in docs.values():
                    record_alert(conn, wl.id, doc, "x")
        with engine.connect() as conn:
            due = due_deliveries(conn, dt.datetime.now(dt.timezone.utc), 7.0)
        scores = [d["score"] for d in due]
        assert scores == sorted(scores, reverse=True)
        # One article is about a week older than another: an old high hit can sink below a fresh normal one.
        assert [d["watchlist"] for d in due][:1] == ["high"]
    finally:
        engine.dispose()


def test_a_late_failure_never_undoes_a_later_claim_or_a_send(store_url: str, docs: dict[str, str]) -> None:
    gallium = docs["Gallium prices climb in Rotterdam trading"]
    now = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=1)  # the alert is queued at the real time
    engine = open_store(store_url)
    try:
        with engine.begin() as conn:
            wl = add_watchlist(conn, "late", WatchQuery(keywords=["gallium"]), channels=[HOOK])
            assert record_alert(conn, wl.id, gallium, "keyword")
            [row] = due_deliveries(conn, now, 7.0)
            assert claim(conn, row["id"], 0, now, LEASE)  # attempt 1 starts, then its lease runs out
            assert claim(conn, row["id"], 1, now + 2 * LEASE, LEASE)  # attempt 2 takes it over
            assert not mark_failed(conn, row["id"], "attempt 1: timed out", now, attempt=1)  # too late: ignored
            mark_sent(conn, row["id"], now + 2 * LEASE)  # attempt 2 got through
            assert not mark_failed(conn, row["id"], "attempt 2: late echo", now, attempt=2)
            status = conn.execute(sa.select(t.alert_deliveries.c.status, t.alert_deliveries.c.attempts)
                                  .where(t.alert_deliveries.c.id == row["id"])).one()
        assert tuple(status) == ("sent", 2)
    finally:
        engine.dispose()
