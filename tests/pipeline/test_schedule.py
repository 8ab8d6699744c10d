"""Durations as analysts write them, and the backoff for failing feeds."""

from __future__ import annotations

import pytest

from monazite.errors import ConfigError
from monazite.pipeline.schedule import backoff_s, feed_schedule, format_duration, parse_duration
from monazite.settings import Settings


@pytest.mark.parametrize(("text", "seconds"), [
    ("45", 45), ("90s", 90), ("15m", 900), ("1h", 3600), ("1.5h", 5400), ("1d", 86400), ("2W", 1_209_600),
    (" 30 m ", 1800), (120, 120),
])
def test_parse_duration(text: str | int, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "1y", "-5m", "0", "0.2s", "1h30m"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(ConfigError, match="--every"):
        parse_duration(text, "--every")


def test_format_duration_uses_the_largest_whole_unit() -> None:
    assert [format_duration(s) for s in (45, 90, 900, 3600, 5400, 86400, 604800)] == \
        ["45s", "90s", "15m", "1h", "90m", "1d", "1w"]


def test_backoff_doubles_from_the_interval_up_to_the_cap() -> None:
    assert [backoff_s(3600, n, 86400) for n in range(7)] == [3600, 3600, 7200, 14400, 28800, 57600, 86400]
    assert backoff_s(3600, 10_000, 86400) == 86400  # no overflow however long a feed stays down
    assert backoff_s(7 * 86400, 3, 86400) == 7 * 86400  # a weekly feed is never polled more often on failure


def test_schedule_settings_are_checked() -> None:
    assert feed_schedule(Settings()) == (3600, 86400)
    with pytest.raises(ConfigError, match="setting feed_max_backoff"):
        feed_schedule(Settings(feed_max_backoff="forever"))
