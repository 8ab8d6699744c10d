"""When feeds are polled: durations as analysts write them ("90s", "15m", "1h", "1d"), and the
backoff that spaces out attempts at a feed that keeps failing."""

from __future__ import annotations

import re

from monazite.errors import ConfigError
from monazite.settings import Settings

__all__ = ["backoff_s", "feed_schedule", "format_duration", "parse_duration"]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)


def parse_duration(value: str | int | float, what: str = "duration") -> int:
    """Whole seconds from "45", "90s", "15m", "1h", "1.5h", "1d" or "1w"; ``ConfigError`` otherwise."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ConfigError(f"{what}: expected a duration such as 90s, 15m, 1h or 1d, got {value!r}")
        seconds = float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]
    if seconds < 1:
        raise ConfigError(f"{what}: must be at least 1 second, got {value!r}")
    return int(round(seconds))


def format_duration(seconds: int | float) -> str:
    """The largest whole unit: 3600 -> "1h", 5400 -> "90m", 45 -> "45s"."""
    seconds = int(seconds)
    for unit in ("w", "d", "h", "m"):
        if seconds >= _UNITS[unit] and seconds % _UNITS[unit] == 0:
            return f"{seconds // _UNITS[unit]}{unit}"
    return f"{seconds}s"


def backoff_s(every_s: int, failures: int, max_backoff_s: int) -> int:
    """Seconds until the next attempt after ``failures`` consecutive failures: the feed's own
    interval after the first, then doubling (2x, 4x, ...), never past ``max_backoff_s``
    (nor under the interval itself, for a feed polled less often than that cap)."""
    if failures <= 0:
        return every_s
    return int(min(every_s * 2 ** min(failures - 1, 32), max(max_backoff_s, every_s)))


def feed_schedule(settings: Settings) -> tuple[int, int]:
    """(default interval, backoff cap) in seconds, from ``feed_default_every`` and ``feed_max_backoff``."""
    return (parse_duration(settings.feed_default_every, "setting feed_default_every"),
            parse_duration(settings.feed_max_backoff, "setting feed_max_backoff"))
