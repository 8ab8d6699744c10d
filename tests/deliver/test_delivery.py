"""The outbox end to end: our articles through the real pipeline, a real SMTP server and a real
webhook server on 127.0.0.1, a file; each hit delivered once, retried with backoff, never lost."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from monazite.analyze.watch import build_query
from monazite.deliver.delivery import backoff_delay, deliver_pending
from monazite.pipeline import run_ingest
from monazite.settings import Settings, load_settings
from monazite.store import schema as t
from monazite.store.deliveries import list_deliveries, retry_failed
from monazite.store.engine import open_store
from monazite.store.reviews import record_review
from monazite.store.watchlists import add_watchlist, list_alerts
from monazite.vocab import load_vocabulary
from tests.deliver.hook_server import hook_server
from tests.deliver.mail_server import smtp_server

ALERTS = Path(__file__).resolve().parents[1] / "fixtures" / "alerts"


def _settings(url: str, **extra: object) -> Settings:
    values: dict[str, object] = {"delivery_backoff": 0.05, "delivery_timeout": 5.0, **extra}
    return load_settings(env={}, db=url, semantic_search=False, allow_private_hosts=True, **values)


def _rule(engine: Engine, name: str, channels: list[dict[str, str]], priority: str = "normal", **typed: object) -> None:
    with engine.begin() as conn:
        add_watchlist(conn, name, build_query(conn, vocab=load_vocabulary(), **typed), priority=priority,
                      channels=channels)


def _outbox(engine: Engine) -> list[dict]:
    with engine.connect() as conn:
        return list_deliveries(conn, dt.datetime.now(dt.timezone.utc), 7.0)


def test_terbium_alert_reaches_mail_webhook_and_file_once_despite_two_failures(sqlite_url: str,
                                                                               tmp_path: Path) -> None:
    engine = open_store(sqlite_url)
    try:
        with smtp_server() as inbox, hook_server(fail_first=2) as hooks:
            settings = _settings(sqlite_url, smtp_host=inbox.host, smtp_port=inbox.port)
            channels = [{"channel": "email", "target": "ana@example.org"}, {"channel": "webhook", "target": hooks.url},
                        {"channel": "file", "target": str(tmp_path / "alerts.jsonl")}]
            _rule(engine, "terbium-controls", channels, "high", elements=["terbium"], event_types=["export_control"],
                  match="all")
            assert run_ingest([str(ALERTS / "terbium")], settings, progress=False).ok
            first = deliver_pending(engine, settings, wait=10)
            again = deliver_pending(engine, settings, wait=1)
        assert (first.sent, first.retried, first.failed) == (3, 2, 0)
        assert (again.sent, again.retried) == (0, 0)  # nothing is sent twice
        assert len(hooks.requests) == 3 and len(hooks.accepted) == 1  # failed twice, then accepted once
        [hook] = hooks.accepted
        assert hook["json"]["document"]["title"] == "China restricts terbium exports under new licensing rules"
        assert hook["json"]["priority"] == "high" and hook["headers"]["Idempotency-Key"] == hook["json"]["id"]
        [(_, rcpts, mail)] = inbox.messages
        assert rcpts == ["ana@example.org"] and "China restricts terbium exports" in mail["Subject"]
        [line] = (tmp_path / "alerts.jsonl").read_text(encoding="utf-8").splitlines()
        assert json.loads(line)["id"] == hook["json"]["id"]
        status = {d["channel"]: (d["status"], d["attempts"]) for d in _outbox(engine)}
        assert status == {"email": ("sent", 1), "webhook": ("sent", 3), "file": ("sent", 1)}
    finally:
        engine.dispose()


def test_backoff_survives_restarts_and_a_given_up_delivery_is_kept(sqlite_url: str) -> None:
    """Each pass is a fresh process (a new engine) at a chosen time: the outbox in the store carries it."""
    settings = _settings(sqlite_url, delivery_backoff=60.0, delivery_backoff_max=100.0, delivery_max_attempts=3)
    assert backoff_delay(1, settings).total_seconds() == 60 and backoff_delay(3, settings).total_seconds() == 100
    with hook_server(fail_first=99) as hooks:
        engine = open_store(sqlite_url)
        _rule(engine, "big-plants", [{"channel": "webhook", "target": hooks.url}], thresholds=["capacity>5000t"])
        engine.dispose()
        assert run_ingest([str(ALERTS / "capacity")], settings, progress=False).ok
        start = dt.datetime.now(dt.timezone.utc)  # the hit was queued just before

        def run_at(seconds: float) -> tuple[int, int, int]:
            engine = open_store(sqlite_url)
            try:
                r = deliver_pending(engine, settings, clock=lambda: start + dt.timedelta(seconds=seconds))
                return r.sent, r.retried, r.failed
            finally:
                engine.dispose()

        assert run_at(1) == (0, 1, 0)
        assert run_at(30) == (0, 0, 0)  # backing off: not due for 60 s
        assert run_at(62) == (0, 1, 0)
        assert run_at(150) == (0, 0, 0)  # the second wait is 120 s, capped at 100
        assert run_at(163) == (0, 0, 1)  # third attempt: given up, kept
        engine = open_store(sqlite_url)
        try:
            [row] = _outbox(engine)
            assert (row["status"], row["attempts"]) == ("failed", 3) and "answered 500" in row["last_error"]
        finally:
            engine.dispose()
        assert len(hooks.requests) == 3 and hooks.accepted == []


def _capacity_alert(engine: Engine, settings: Settings, outbox: Path) -> None:
    """A 'capacity above 5,000 t' rule writing to ``outbox``, and the capacity articles ingested:
    one hit (the 6,000 t plant) queued."""
    _rule(engine, "big-plants", [{"channel": "file", "target": str(outbox)}], thresholds=["capacity>5000t"])
    assert run_ingest([str(ALERTS / "capacity")], settings, progress=False).ok


def test_a_fact_rejected_before_delivery_withdraws_the_alert(sqlite_url: str, tmp_path: Path) -> None:
    settings = _settings(sqlite_url)
    engine = open_store(sqlite_url)
    try:
        _capacity_alert(engine, settings, tmp_path / "a.jsonl")
        with engine.begin() as conn:
            [fact] = [r.id for r in conn.execute(sa.select(t.facts.c.id).where(t.facts.c.value == 6000))]
            record_review(conn, fact, "reject", reviewer="ana")
        report = deliver_pending(engine, settings)
        assert (report.sent, report.withdrawn) == (0, 1)
        [row] = _outbox(engine)
        assert row["status"] == "withdrawn" and fact in row["last_error"]
        assert not (tmp_path / "a.jsonl").exists()
        with engine.connect() as conn:  # the withdrawn hit is gone from the alerts list, the digest's source
            assert list_alerts(conn, watchlist="big-plants") == []
            [kept] = list_alerts(conn, watchlist="big-plants", include_withdrawn=True)
            assert fact in kept["detail"]["facts"]
    finally:
        engine.dispose()


def test_an_entity_rejected_before_delivery_withdraws_its_alerts(sqlite_url: str, tmp_path: Path) -> None:
    settings = _settings(sqlite_url)
    engine = open_store(sqlite_url)
    try:
        _capacity_alert(engine, settings, tmp_path / "a.jsonl")
        with engine.begin() as conn:
            [subject] = [r.subject for r in conn.execute(sa.select(t.facts.c.subject).where(t.facts.c.value == 6000))]
            record_review(conn, subject, "reject", reviewer="ana", note="not a real company")
        report = deliver_pending(engine, settings)
        assert (report.sent, report.withdrawn) == (0, 1)
        [row] = _outbox(engine)
        assert row["status"] == "withdrawn" and f"entity {subject}" in row["last_error"]
    finally:
        engine.dispose()


def test_deliveries_go_highest_priority_first(sqlite_url: str, tmp_path: Path) -> None:
    settings = _settings(sqlite_url)
    out = tmp_path / "all.jsonl"
    engine = open_store(sqlite_url)
    try:
        _rule(engine, "low-moves", [{"channel": "file", "target": str(out)}], "low", thresholds=["price_change>10%"])
        _rule(engine, "high-moves", [{"channel": "file", "target": str(out)}], "high",
              thresholds=["price_change>10%"])
        assert run_ingest([str(ALERTS / "prices")], settings, progress=False).ok
        assert deliver_pending(engine, settings).sent == 2
    finally:
        engine.dispose()
    order = [json.loads(line)["watchlist"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert order == ["high-moves", "low-moves"]


def test_a_permanent_refusal_fails_at_once_and_retry_failed_requeues(sqlite_url: str) -> None:
    with hook_server(fail_first=1, status_on_fail=410) as hooks:
        settings = _settings(sqlite_url)
        engine = open_store(sqlite_url)
        try:
            _rule(engine, "moves", [{"channel": "webhook", "target": hooks.url}], thresholds=["price_change>10%"])
            assert run_ingest([str(ALERTS / "prices")], settings, progress=False).ok
            report = deliver_pending(engine, settings, wait=5)
            assert (report.sent, report.failed) == (0, 1) and "410" in report.errors[0]
            with engine.begin() as conn:
                assert retry_failed(conn, dt.datetime.now(dt.timezone.utc)) == 1
            assert deliver_pending(engine, settings).sent == 1
        finally:
            engine.dispose()
    assert len(hooks.requests) == 2 and len(hooks.accepted) == 1
