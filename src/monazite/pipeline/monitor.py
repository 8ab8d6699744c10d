"""Polling on schedule until stopped: poll the due feeds, sleep until the next one falls due,
again. Ctrl-C (``KeyboardInterrupt``) or the ``stop`` event ends it between polls; a poll cut
short rolls back its open transaction and the next run picks the feed up again."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from monazite.pipeline.poll import Poller, PollReport
from monazite.settings import Settings

__all__ = ["MAX_SLEEP_S", "MIN_SLEEP_S", "run_monitor", "seconds_until"]

MIN_SLEEP_S = 1.0  # never poll in a tight loop, even when a feed is already overdue
MAX_SLEEP_S = 60.0  # wake at least this often, so a feed added meanwhile is picked up soon


def seconds_until(when: dt.datetime | None, now: dt.datetime | None = None) -> float:
    """How long to sleep before ``when`` (the next due time), within [MIN_SLEEP_S, MAX_SLEEP_S]."""
    if when is None:
        return MAX_SLEEP_S
    now = now or dt.datetime.now(dt.timezone.utc)
    return min(max((when - now).total_seconds(), MIN_SLEEP_S), MAX_SLEEP_S)


def run_monitor(settings: Settings, *, max_cycles: int | None = None, extract: bool = True,
                on_poll: Callable[[int, PollReport], None] = lambda cycle, report: None,
                on_error: Callable[[int, Exception], None] = lambda cycle, exc: None,
                stop: threading.Event | None = None) -> int:
    """Poll, report through ``on_poll(cycle, report)``, sleep until due, repeat; returns the
    number of polls made, after ``max_cycles`` polls or when ``stop`` is set."""
    stop = stop or threading.Event()
    cycles = 0
    with Poller(settings, extract=extract) as poller:
        while not stop.is_set():
            cycles += 1
            try:
                on_poll(cycles, poller.poll())
            except Exception as exc:  # noqa: BLE001 - one cycle's failure (a store or delivery error) is
                on_error(cycles, exc)  # reported; the monitor goes on and the next cycle retries
            if max_cycles is not None and cycles >= max_cycles:
                break
            try:
                wait = seconds_until(poller.next_due())
            except Exception as exc:  # noqa: BLE001 - the store is unreachable: try again after the longest sleep
                on_error(cycles, exc)
                wait = MAX_SLEEP_S
            stop.wait(wait)
    return cycles
