"""Thresholds as typed and as compared, priorities and their decay, channel lists."""

from __future__ import annotations

import datetime as dt

import pytest

from monazite.errors import StoreError
from monazite.store.watch_rules import Threshold, check_channels, check_priority, priority_score


@pytest.mark.parametrize(("text", "expected"), [
    ("capacity>5000t", Threshold("capacity", ">", 5000.0, "t")),
    (" capacity >= 5,000 tonnes ", Threshold("capacity", ">=", 5000.0, "t")),
    ("capacity>5kt", Threshold("capacity", ">", 5000.0, "t")),
    ("price_change>10%", Threshold("price_change", ">", 10.0, "%")),
    ("price>=300 USD/kg", Threshold("price", ">=", 300.0, "USD/kg")),
    ("production<100", Threshold("production", "<", 100.0, None)),
])
def test_parse(text: str, expected: Threshold) -> None:
    assert Threshold.parse(text) == expected
    assert Threshold.from_dict(expected.to_dict()) == expected


@pytest.mark.parametrize("text", ["", "capacity", "capacity>>5", "capacity>lots", "Capacity>5t", ">5t", "capacity=5t"])
def test_malformed_threshold_says_how_to_write_one(text: str) -> None:
    with pytest.raises(StoreError, match="METRIC OP NUMBER"):
        Threshold.parse(text)


def test_passes_compares_metric_unit_and_value() -> None:
    big = Threshold.parse("capacity>5000t")
    assert big.passes("capacity", 6000, "t/yr") and big.passes("capacity", 6000, "t")
    assert not big.passes("capacity", 5000, "t")  # strictly above
    assert not big.passes("capacity", 400, "t/yr")
    assert not big.passes("production", 6000, "t")
    assert not big.passes("capacity", 6000, "kg")
    assert str(big) == "capacity>5000t"


def test_a_change_counts_by_the_size_of_the_move() -> None:
    move = Threshold.parse("price_change>10%")
    assert move.passes("price_change", 14, "%") and move.passes("price_change", -14, "%")
    assert not move.passes("price_change", 3, "%") and not move.passes("price_change", -9.9, "%")
    assert not Threshold.parse("revenue_growth>10%").passes("revenue_growth", -15, "%")  # growth is signed


def test_priority_weight_halves_every_half_life() -> None:
    day = dt.timedelta(days=1)
    assert priority_score("high", 0 * day, 7) == 4.0
    assert priority_score("high", 7 * day, 7) == pytest.approx(2.0) == priority_score("normal", 0 * day, 7)
    assert priority_score("low", 14 * day, 7) == pytest.approx(0.25)
    assert priority_score("normal", -3 * day, 7) == 2.0  # a future date counts as fresh
    assert check_priority(" High ") == "high"
    with pytest.raises(StoreError, match="priority"):
        check_priority("urgent")


def test_channels_are_single_line_and_distinct() -> None:
    pair = {"channel": "email", "target": "a@example.org"}
    assert check_channels([pair, dict(pair)]) == [pair]
    for bad in ({"channel": "email", "target": "a@example.org\r\nBcc: b@example.org"}, {"channel": "", "target": "x"},
                {"channel": "file", "target": "x" * 501}):
        with pytest.raises(StoreError, match="channel"):
            check_channels([bad])
