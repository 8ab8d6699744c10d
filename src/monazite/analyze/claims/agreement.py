"""Whether two figures for the same claim agree, reading their qualifiers as intervals.

"more than 85%" is the interval (85, 100] and "over 80%" is (80, 100]: they overlap, so
they agree. "nearly 25%" is [25 - tol, 25]. Two exact figures agree when they differ by
no more than the metric's tolerance: percentage points for figures in percent
(``settings.share_tolerance_pct``), a fraction of the larger value otherwise
(``settings.relative_tolerance``). A metric may set its own ``tolerance`` in
``vocab/metrics.yaml`` (in the metric's unit: points for percent, a fraction otherwise).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from monazite.errors import VocabularyError
from monazite.settings import Settings
from monazite.vocab.yamlio import YAMLError, load_yaml

__all__ = [
    "Interval", "MetricInfo", "agree", "cluster", "fact_interval", "load_metric_info", "metrics_yaml", "tolerance_for",
]

# Qualifiers as the quantity extractor normalises them, grouped by the interval they mean.
LOWER_BOUND = frozenset({"over", "more than", "exceeding", "above", "at least", "greater than", "upwards of",
                         "in excess of", "higher than", "more"})
UPPER_BOUND = frozenset({"under", "less than", "below", "up to", "at most", "fewer than", "lower than",
                         "no more than", "as much as", "as many as"})
JUST_BELOW = frozenset({"nearly", "almost", "close to", "just under", "approaching", "a little under"})
AROUND = frozenset({"about", "around", "approximately", "roughly", "some", "an estimated", "circa", "~",
                    "approx", "approx.", "estimated"})
SHARE_CEILING = 100.0  # a share of a whole cannot exceed 100 %
PERCENT_UNITS = frozenset({"%", "percent", "pct"})


@dataclass(frozen=True)
class Interval:
    """The values a stated figure allows; bounds are inclusive (tolerance makes openness moot)."""

    low: float
    high: float

    def gap(self, other: Interval) -> float:
        return max(0.0, other.low - self.high, self.low - other.high)

    def to_dict(self) -> dict[str, float | None]:
        return {"low": None if math.isinf(self.low) else self.low,
                "high": None if math.isinf(self.high) else self.high}


@dataclass(frozen=True)
class MetricInfo:
    """What the claims analysis needs to know of a metric from the vocabulary."""

    name: str
    label: str
    share: bool = False
    tolerance: float | None = None


def metrics_yaml(path: Path | None = None) -> tuple[Path, dict[str, Any]]:
    """``vocab/metrics.yaml`` (or ``path``) parsed as plain data, once per file version; an
    absent file is empty data, a malformed one a ``VocabularyError``. The claims analyses
    read only the keys they need from it (labels, shares, tolerances, identity rules)."""
    if path is None:
        import monazite.vocab as vocab_pkg

        path = Path(vocab_pkg.__file__).with_name("metrics.yaml")
    if not path.is_file():
        return path, {}
    stat = path.stat()
    return path, _read_yaml(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_yaml(path_name: str, _mtime_ns: int, _size: int) -> dict[str, Any]:
    try:
        return load_yaml(Path(path_name).read_text(encoding="utf-8")) or {}
    except YAMLError as exc:
        raise VocabularyError(f"{path_name}: {exc}") from exc


def load_metric_info(path: Path | None = None) -> dict[str, MetricInfo]:
    """Metric labels, share flags and tolerance overrides from ``vocab/metrics.yaml``."""
    path, data = metrics_yaml(path)
    info: dict[str, MetricInfo] = {}
    for item in data.get("metrics", []) or []:
        if not isinstance(item, dict) or "name" not in item:
            raise VocabularyError(f"{path}: every metric needs a name: {item!r}")
        tol = item.get("tolerance")
        info[item["name"]] = MetricInfo(name=item["name"], label=item.get("label") or item["name"],
                                        share=bool(item.get("share", False)),
                                        tolerance=None if tol is None else float(tol))
    return info


def is_share(metric: str, unit: str, metrics: dict[str, MetricInfo]) -> bool:
    info = metrics.get(metric)
    if info is not None:
        return info.share
    return unit in PERCENT_UNITS and metric.endswith("_share")


def tolerance_for(metric: str, unit: str, settings: Settings, metrics: dict[str, MetricInfo]) -> tuple[float, bool]:
    """(tolerance, absolute?) for a metric: absolute points for percent figures, relative otherwise."""
    info = metrics.get(metric)
    absolute = unit in PERCENT_UNITS
    if info is not None and info.tolerance is not None:
        return info.tolerance, absolute
    return (settings.share_tolerance_pct, True) if absolute else (settings.relative_tolerance, False)


def fact_interval(fact: dict[str, Any], tol_abs: float, share: bool) -> Interval:
    """The interval a fact's value and qualifier allow (``tol_abs`` widens "nearly"/"about")."""
    value = float(fact["value"])
    low, high = fact.get("low"), fact.get("high")
    if _present(low) and _present(high):
        return Interval(float(low), float(high))
    ceiling = SHARE_CEILING if share else math.inf
    qualifier = (fact.get("qualifier") or "").strip().lower()
    if qualifier in LOWER_BOUND:
        return Interval(value, max(value, ceiling))
    if qualifier in UPPER_BOUND:
        return Interval(0.0 if value >= 0 else -math.inf, value)
    if qualifier in JUST_BELOW:
        return Interval(value - tol_abs, value)
    if qualifier in AROUND:
        return Interval(value - tol_abs, value + tol_abs)
    return Interval(value, value)


def agree(a: dict[str, Any], b: dict[str, Any], tolerance: float, absolute: bool, share: bool) -> bool:
    """Whether two facts of one claim key can both be true within the tolerance."""
    tol = tolerance if absolute else tolerance * max(abs(float(a["value"])), abs(float(b["value"])))
    return fact_interval(a, tol, share).gap(fact_interval(b, tol, share)) <= tol + 1e-9


def cluster(facts: list[dict[str, Any]], tolerance: float, absolute: bool, share: bool) -> list[list[dict[str, Any]]]:
    """Facts split into groups whose members all agree pairwise (first fit, in input order).

    Complete linkage on purpose: 60, 64 and 69 must not chain into one "consistent" group.
    """
    groups: list[list[dict[str, Any]]] = []
    for fact in facts:
        for group in groups:
            if all(agree(fact, other, tolerance, absolute, share) for other in group):
                group.append(fact)
                break
        else:
            groups.append([fact])
    return groups


def _present(x: Any) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))
