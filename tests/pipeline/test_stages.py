"""The per-document time budget (`stages._within`) in the main thread and in worker threads."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from monazite.pipeline.stages import _OverTime, _within


def _spin(seconds: float) -> str:
    """Pure-Python work (interruptible between bytecodes) that would run ``seconds``."""
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
    return "finished"


def test_a_worker_thread_is_interrupted_past_its_budget() -> None:
    started = time.monotonic()
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(_within, 0.2, lambda: _spin(30))
        with pytest.raises(_OverTime):
            future.result(timeout=20)
    assert time.monotonic() - started < 10
    # The thread is usable afterwards: no raise is left pending in it.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(_spin, 0.05).result() == "finished"


def test_work_within_budget_returns_and_leaves_nothing_pending() -> None:
    outcomes: list[object] = []
    late: list[BaseException] = []

    def many() -> None:
        for i in range(300):  # budgets close to the work's length: the timer and the return race
            try:
                outcomes.append(_within(0.002, lambda i=i: (_spin(0.002), i)[1]))
            except _OverTime:
                outcomes.append("over")
        try:
            _spin(0.2)  # a raise left pending by any budget above would land here
        except _OverTime as exc:
            late.append(exc)

    worker = threading.Thread(target=many)
    worker.start()
    worker.join(60)
    assert len(outcomes) == 300 and not late
    assert all(o == "over" or o == i for i, o in enumerate(outcomes))
    assert _within(5, lambda: 42) == 42


def test_main_thread_budget_still_uses_the_timer_signal() -> None:
    with pytest.raises(_OverTime):
        _within(0.1, lambda: _spin(30))
    assert _within(5, lambda: 42) == 42
