"""``run_monitor``: polls until its cycle count or its stop event, sleeping until feeds are due."""

from __future__ import annotations

import datetime as dt
import threading
import time

from monazite.pipeline.monitor import MAX_SLEEP_S, MIN_SLEEP_S, run_monitor, seconds_until
from monazite.settings import Settings
from monazite.store.engine import open_store
from monazite.store.feeds import add_feed
from tests.pipeline.feed_server import feed_server

NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.timezone.utc)


def test_sleep_until_the_next_due_feed_within_bounds() -> None:
    assert seconds_until(NOW + dt.timedelta(seconds=20), NOW) == 20
    assert seconds_until(NOW - dt.timedelta(hours=1), NOW) == MIN_SLEEP_S  # overdue: never a tight loop
    assert seconds_until(NOW + dt.timedelta(hours=1), NOW) == MAX_SLEEP_S  # wake to see feeds added meanwhile
    assert seconds_until(None, NOW) == MAX_SLEEP_S


def test_monitor_polls_each_time_a_feed_falls_due_until_stopped(sqlite_url: str) -> None:
    settings = Settings(db=sqlite_url, allow_private_hosts=True, semantic_search=False, feed_host_delay=0.0)
    with feed_server() as server:
        engine = open_store(sqlite_url)
        with engine.begin() as conn:
            add_feed(conn, server.url("/digest.atom"), 1, name="digest")
        engine.dispose()
        stop = threading.Event()
        seen: list[tuple[int, list[str]]] = []

        def on_poll(cycle, report) -> None:  # noqa: ANN001 - PollReport
            seen.append((cycle, [o.status for o in report.outcomes]))
            if cycle == 3:
                stop.set()

        started = time.monotonic()
        cycles = run_monitor(settings, extract=False, on_poll=on_poll, stop=stop)
        assert cycles == 3 and time.monotonic() - started < 20
        assert seen[0] == (1, ["ok"])
        assert all(statuses in ([], ["not_modified"]) for _, statuses in seen[1:])
        assert server.bodies["/digest.atom"] == 1  # later polls were answered 304


def test_a_failed_cycle_is_reported_and_the_monitor_goes_on(sqlite_url: str) -> None:
    settings = Settings(db=sqlite_url, allow_private_hosts=True, semantic_search=False, feed_host_delay=0.0)
    with feed_server() as server:
        engine = open_store(sqlite_url)
        with engine.begin() as conn:
            add_feed(conn, server.url("/digest.atom"), 1, name="digest")
        engine.dispose()
        errors: list[tuple[int, str]] = []
        polled: list[int] = []

        def on_poll(cycle, report) -> None:  # noqa: ANN001 - PollReport
            polled.append(cycle)
            if cycle == 1:
                raise ConnectionError("the mail server went away")  # what a delivery step can raise

        cycles = run_monitor(settings, max_cycles=2, extract=False, on_poll=on_poll,
                             on_error=lambda cycle, exc: errors.append((cycle, str(exc))))
    assert cycles == 2 and polled == [1, 2]
    assert errors == [(1, "the mail server went away")]
