"""Qualifiers read as intervals decide whether two figures agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from monazite.analyze.claims.agreement import agree, cluster, fact_interval, load_metric_info, tolerance_for
from monazite.errors import VocabularyError
from monazite.settings import Settings

SHARE_TOL = 5.0


def f(value: float, qualifier: str | None = None, doc: str = "d1") -> dict:
    return {"value": value, "qualifier": qualifier, "low": None, "high": None, "document_id": doc}


def test_more_than_85_and_over_80_agree() -> None:
    assert agree(f(85, "more than"), f(80, "over"), SHARE_TOL, True, True)


def test_exact_60_and_69_conflict_but_60_and_63_agree() -> None:
    assert not agree(f(60), f(69), SHARE_TOL, True, True)
    assert agree(f(60), f(63), SHARE_TOL, True, True)


def test_nearly_is_just_below_the_figure() -> None:
    interval = fact_interval(f(25, "nearly"), SHARE_TOL, True)
    assert (interval.low, interval.high) == (20, 25)
    assert agree(f(25, "nearly"), f(24.5), SHARE_TOL, True, True)
    assert not agree(f(25, "nearly"), f(40), SHARE_TOL, True, True)


def test_share_bounds_stop_at_100_and_upper_bounds_at_0() -> None:
    assert fact_interval(f(85, "more than"), 0, True).high == 100
    assert fact_interval(f(85, "more than"), 0, False).high == float("inf")
    assert fact_interval(f(10, "less than"), 0, True).low == 0
    assert not agree(f(10, "less than"), f(30, "over"), SHARE_TOL, True, True)


def test_relative_tolerance_for_tonnes() -> None:
    assert agree(f(8000), f(8300), 0.05, False, False)
    assert not agree(f(8000), f(9000), 0.05, False, False)


def test_stated_range_is_used() -> None:
    ranged = {**f(15), "low": 10.0, "high": 20.0}
    assert agree(ranged, f(19), 0, True, True)


def test_cluster_uses_complete_linkage() -> None:
    groups = cluster([f(60), f(64), f(69)], SHARE_TOL, True, True)
    assert [[x["value"] for x in g] for g in groups] == [[60, 64], [69]]


def test_tolerance_from_settings_and_metric_override(tmp_path: Path) -> None:
    settings = Settings(share_tolerance_pct=2.0, relative_tolerance=0.1)
    assert tolerance_for("market_share", "%", settings, {}) == (2.0, True)
    assert tolerance_for("capacity", "t/yr", settings, {}) == (0.1, False)
    path = tmp_path / "metrics.yaml"
    path.write_text("metrics:\n  - name: price\n    label: Price\n    tolerance: 0.2\n"
                    "  - name: export_share\n    share: true\n", encoding="utf-8")
    info = load_metric_info(path)
    assert tolerance_for("price", "USD/kg", settings, info) == (0.2, False)
    assert info["export_share"].share and info["export_share"].label == "export_share"


def test_malformed_metrics_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "metrics.yaml"
    path.write_text("metrics: [ {label: no name} ]\n", encoding="utf-8")
    with pytest.raises(VocabularyError):
        load_metric_info(path)
