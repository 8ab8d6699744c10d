from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monazite.model import PartialDate


@pytest.mark.parametrize(
    ("date", "iso", "precision"),
    [
        (PartialDate(2025, 4, 18), "2025-04-18", "day"),
        (PartialDate(2024, 10), "2024-10", "month"),
        (PartialDate(None, 2, 28), "--02-28", "day"),
        (PartialDate(2025, quarter=1), "2025-Q1", "quarter"),
        (PartialDate(2025, half=1), "2025-H1", "half"),
        (PartialDate(2024), "2024", "year"),
    ],
)
def test_iso_and_precision(date: PartialDate, iso: str, precision: str) -> None:
    assert date.iso == iso
    assert date.precision == precision
    assert PartialDate.parse(iso) == date


def test_unknown_year_is_not_filled_with_today() -> None:
    d = PartialDate(None, 2, 28)
    assert not d.year_known
    assert d.as_date() is None
    assert d.with_year(2025).as_date() == dt.date(2025, 2, 28)


@pytest.mark.parametrize("bad", ["2025-13", "2025-02-30", "Q1", "60%", "2025-Q5", ""])
def test_parse_rejects_garbage(bad: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(bad)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_round_trip_any_day(d: dt.date) -> None:
    p = PartialDate.from_date(d)
    assert PartialDate.parse(p.iso) == p
    assert p.as_date() == d
