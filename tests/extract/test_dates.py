"""Dates and periods: absolute, partial, relative to publication, and never a quantity."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monazite.extract.dates import find_dates, resolve_period
from monazite.model import PartialDate


def _iso(text: str, published: PartialDate | None = None) -> list[tuple[str, str]]:
    return [(d.text, d.date.iso) for d in find_dates(text, published)]


def test_absolute_forms() -> None:
    text = "Signed April 15, 2025; filed Apr 18, 2025, due 18 April 2025, logged 2025-04-15 and October 2024."
    assert _iso(text) == [("April 15, 2025", "2025-04-15"), ("Apr 18, 2025", "2025-04-18"),
                          ("18 April 2025", "2025-04-18"), ("2025-04-15", "2025-04-15"),
                          ("October 2024", "2024-10")]


def test_spans_are_exact() -> None:
    text = "On February 28, Baogang hosted an event; in 2024 alone it grew."
    for d in find_dates(text):
        assert text[d.start:d.end] == d.text
    assert _iso(text) == [("February 28", "--02-28"), ("2024", "2024")]


def test_yearless_dates_take_the_publication_year_or_the_one_before() -> None:
    assert _iso("On February 28, Baogang hosted", PartialDate(2025, 3, 5)) == [("February 28", "2025-02-28")]
    assert _iso("a meeting on April 16", PartialDate(2025, 4, 18)) == [("April 16", "2025-04-16")]
    # "December 20" read in a January article is last December
    assert _iso("talks on December 20", PartialDate(2025, 1, 10)) == [("December 20", "2024-12-20")]
    assert find_dates("On February 28", PartialDate(2025, 3, 5))[0].year_inferred


def test_quarters_and_halves() -> None:
    pub = PartialDate(2025, 4, 18)
    assert _iso("first-quarter revenue rose", pub) == [("first-quarter", "2025-Q1")]
    assert _iso("in the first quarter of 2025 and Q3 2024 and 1Q25 and Q4'24") == [
        ("first quarter of 2025", "2025-Q1"), ("Q3 2024", "2024-Q3"), ("1Q25", "2025-Q1"), ("Q4'24", "2024-Q4")]
    assert _iso("H1 2025 profit and second half of 2024 and 2H24") == [
        ("H1 2025", "2025-H1"), ("second half of 2024", "2024-H2"), ("2H24", "2024-H2")]
    assert _iso("its half-year earnings call", PartialDate(2025, 8, 30)) == [("half-year", "2025-H1")]
    assert _iso("In 2024 fourth-quarter sales rose") == [("2024", "2024"), ("fourth-quarter", "2024-Q4")]
    assert _iso("fourth-quarter results", PartialDate(2025, 1, 20)) == [("fourth-quarter", "2024-Q4")]
    assert _iso("first-quarter revenue rose") == []  # no year anywhere: nothing to say


def test_relative_years_need_a_publication_date() -> None:
    text = "a 165% jump this year, after last year's slump; next year looks better; 19.7% year-over-year"
    assert _iso(text) == []
    assert _iso(text, PartialDate(2025, 8, 1)) == [("this year", "2025"), ("last year", "2024"),
                                                   ("next year", "2026")]


def test_numbers_that_are_not_years() -> None:
    text = ("over 60% of output; the 15th Five-Year Plan; Section 232; the 1234 program; a 2000-ton line; "
            "more than 2000 tons; US$2025 per unit; 2,024 workers; 2030 tonnes; 1,999.5 kg; in the 2020s")
    assert _iso(text) == []


def test_resolve_period_prefers_quarters_then_years() -> None:
    pub = PartialDate(2025, 4, 18)
    dates = find_dates("On April 16 it reported first-quarter revenue up 15%", pub)
    assert resolve_period(dates, pub) == PartialDate(2025, quarter=1)
    assert resolve_period(find_dates("exports in 2024 rose"), None) == PartialDate(2024)
    assert resolve_period(find_dates("On April 15, 2025 it signed"), None) == PartialDate(2025)
    assert resolve_period(find_dates("On February 28 it met"), PartialDate(2025, 3, 5)) == PartialDate(2025)
    assert resolve_period([], pub) is None


def test_seed_dates(seeds_dir) -> None:
    text = (seeds_dir / "001_aeceeba1a2b0ee0a.txt").read_text(encoding="utf-8")
    got = _iso(text)
    assert ("October 2024", "2024-10") in got and ("February 2025", "2025-02") in got
    text = (seeds_dir / "003_02487d6d3607267f.txt").read_text(encoding="utf-8")
    got = _iso(text, PartialDate(2025, 4, 18))
    assert ("April 15, 2025", "2025-04-15") in got and ("April 16", "2025-04-16") in got
    assert ("first-quarter", "2025-Q1") in got
    assert not any(t in ("232", "15th") for t, _ in got)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("QH1220 45-'%,.aprilAMayFirstquarter \n")), max_size=80),
       st.none() | st.dates().map(PartialDate.from_date))
def test_never_crashes_and_spans_match(text: str, published: PartialDate | None) -> None:
    for d in find_dates(text, published):
        assert text[d.start:d.end] == d.text


@pytest.mark.parametrize(
    ("text", "iso"),
    [("In July, MP Materials signed the deal.", "2025-07"), ("At the start of May the plant restarted.", "2025-05")],
)
def test_bare_month_at_sentence_start_resolves_against_publication(text: str, iso: str) -> None:
    [d] = find_dates(text, PartialDate(2025, 9, 1))
    assert d.date.iso == iso
