"""What a watchlist rule holds beyond its scope: thresholds on figures, priorities, channels.

A threshold is written ``METRIC OP NUMBER [UNIT]``: ``capacity>5000t``,
``price_change>10%``, ``price>=300 USD/kg``. A figure passes it when its metric is the
threshold's, its unit is the threshold's (a mass also matches the same mass per year:
``t`` matches a capacity in ``t/yr``) and its value compares as written; for a metric
that measures a change (``*_change``) the size of the move counts, so ``price_change>10%``
fires on a rise of 14% and on a fall of 14%.

A rule's priority is ``high``, ``normal`` or ``low``; an alert's weight (4, 2, 1) halves
every ``alert_half_life_days`` of age, so a reader sees fresh important hits first and an
old high-priority one sinks below today's normal ones.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from monazite.errors import StoreError

__all__ = [
    "CHANGE_SUFFIX", "MATCH_MODES", "PRIORITIES", "PRIORITY_WEIGHT", "Threshold", "check_channels", "check_priority",
    "priority_score",
]

PRIORITIES = ("high", "normal", "low")
PRIORITY_WEIGHT = {"high": 4.0, "normal": 2.0, "low": 1.0}  # a high alert ranks with a normal one two half-lives younger
MATCH_MODES = ("any", "all")  # scope: a document matching any listed item, or one of each kind listed
CHANGE_SUFFIX = "_change"  # metrics measuring a move: thresholds compare its size
MAX_TARGET = 500  # the width of alert_deliveries.target
OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt,
}
# Unit spellings a threshold may use, and the stored unit and factor they mean.
UNIT_ALIASES = {
    "t": ("t", 1.0), "tonne": ("t", 1.0), "tonnes": ("t", 1.0), "ton": ("t", 1.0), "tons": ("t", 1.0),
    "kt": ("t", 1000.0), "%": ("%", 1.0), "pct": ("%", 1.0), "percent": ("%", 1.0),
}
PER_YEAR = "/yr"  # a mass per year is the same quantity as a yearly mass for a threshold
_THRESHOLD = re.compile(r"^\s*([a-z][a-z0-9_]*)\s*(>=|<=|>|<)\s*([0-9][0-9,_]*(?:\.[0-9]+)?)\s*(\S.*)?$")


@dataclass(frozen=True)
class Threshold:
    """A bound on figures of one metric (in one unit when given)."""

    metric: str
    op: str
    value: float
    unit: str | None = None

    @classmethod
    def parse(cls, text: str) -> Threshold:
        """``capacity>5000t`` -> Threshold; a malformed one raises ``StoreError`` saying how to write it."""
        found = _THRESHOLD.match(text or "")
        if found is None:
            raise StoreError(f"threshold {text!r} is not METRIC OP NUMBER [UNIT], e.g. 'capacity>5000t' "
                             "or 'price_change>10%'")
        metric, op, number, unit = found.groups()
        value = float(number.replace(",", "").replace("_", ""))
        if unit is not None:
            unit = unit.strip()
            stored, factor = UNIT_ALIASES.get(unit.lower(), (unit, 1.0))
            unit, value = stored, value * factor
        return cls(metric=metric, op=op, value=value, unit=unit)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Threshold:
        return cls(metric=data["metric"], op=data["op"], value=float(data["value"]), unit=data.get("unit"))

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "op": self.op, "value": self.value, "unit": self.unit}

    def __str__(self) -> str:
        return f"{self.metric}{self.op}{self.value:g}{self.unit or ''}"

    def passes(self, metric: str, value: float, unit: str | None) -> bool:
        """Whether a figure of ``metric`` at ``value`` ``unit`` crosses this threshold."""
        if metric != self.metric:
            return False
        if self.unit is not None and unit != self.unit and unit != f"{self.unit}{PER_YEAR}":
            return False
        size = abs(value) if metric.endswith(CHANGE_SUFFIX) else value
        return OPERATORS[self.op](size, self.value)


def check_priority(priority: str) -> str:
    priority = (priority or "").strip().lower()
    if priority not in PRIORITIES:
        raise StoreError(f"priority {priority!r} is not one of {', '.join(PRIORITIES)}")
    return priority


def check_channels(channels: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    """Channels as stored: distinct ``{"channel", "target"}`` pairs with non-blank, single-line values."""
    out: list[dict[str, str]] = []
    for item in channels:
        channel, target = str(item.get("channel", "")).strip(), str(item.get("target", "")).strip()
        if not channel or not target or len(target) > MAX_TARGET or any(c in target for c in "\r\n\0"):
            raise StoreError(f"a channel needs a name and a one-line target of at most {MAX_TARGET} "
                             f"characters, got {item!r}")
        pair = {"channel": channel, "target": target}
        if pair not in out:
            out.append(pair)
    return out


def priority_score(priority: str, age: dt.timedelta, half_life_days: float) -> float:
    """The rule's weight halved every ``half_life_days`` of ``age`` (negative ages count as fresh)."""
    days = max(age.total_seconds(), 0.0) / 86400.0
    return PRIORITY_WEIGHT.get(priority, PRIORITY_WEIGHT["normal"]) * 0.5 ** (days / max(half_life_days, 1e-9))
