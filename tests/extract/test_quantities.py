"""Quantities as stated and normalised, and what must never be read as one."""

from __future__ import annotations

import pytest

from monazite.extract.quantities import parse_quantities
from monazite.vocab import load_vocabulary


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def one(text: str, vocab):
    found = parse_quantities(text, vocab)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("exports rose 24.5% last year", 24.5, "%"),
    ("a share of 15 percent", 15, "%"),
    ("a share of 15 per cent", 15, "%"),
    ("an 8000-ton line", 8000, "t"),
    ("some 8 000 tonnes were shipped", 8000, "t"),
    ("shipped 2.5 kt of oxide", 2500, "t"),
    ("a 12 ktpa plant", 12000, "t/yr"),
    ("the plant makes 5,000 tpa", 5000, "t/yr"),
    ("it raised US$1.2bn", 1.2e9, "USD"),
    ("a grant of $5m", 5e6, "USD"),
    ("revenue of 3.5 billion yuan", 3.5e9, "CNY"),
    ("investment of RMB 3 billion", 3e9, "CNY"),
    ("an A$1.65 billion loan", 1.65e9, "AUD"),
    ("a C$20 million grant", 2e7, "CAD"),
    ("a €5m contract", 5e6, "EUR"),
    ("NdPr oxide at US$60/kg", 60, "USD/kg"),
    ("prices of $80 a kilogram", 80, "USD/kg"),
    ("300,000 yuan per tonne", 300000, "CNY/t"),
    ("must report within 180 days", 180, "days"),
    ("shipped to 20 countries and regions", 20, "countries and regions"),
    ("developed five new polishing products", 5, "products"),
    ("twenty-one mines", 21, "mines"),
])
def test_values_and_units(text: str, value: float, unit: str, vocab) -> None:
    q = one(text, vocab)
    assert (q.value, q.unit) == (pytest.approx(value), unit)
    assert text[q.start:q.end] == q.text


@pytest.mark.parametrize(("text", "qualifier"), [
    ("over 60% of supply", "over"), ("more than 85%", "more than"), ("nearly 10 tonnes", "nearly"),
    ("almost 10 tonnes", "nearly"), ("about 10 tonnes", "about"), ("around 10 tonnes", "about"),
    ("approximately 10 tonnes", "approximately"), ("up to 10 tonnes", "up to"),
    ("exceeding 35%", "exceeding"), ("at least 10 tonnes", "at least"), ("less than 5%", "less than"),
    ("under 5%", "less than"), ("some 20 countries", "about"),
])
def test_qualifiers(text: str, qualifier: str, vocab) -> None:
    assert one(text, vocab).qualifier == qualifier


def test_fraction_with_exact_figure_keeps_the_figure_and_the_qualifier(vocab) -> None:
    q = one("the firm accounted for nearly a quarter (24.5%) of total exports", vocab)
    assert (q.value, q.unit, q.qualifier, q.text) == (24.5, "%", "nearly", "24.5%")


def test_fraction_alone_is_a_share(vocab) -> None:
    q = one("nearly a quarter of world output", vocab)
    assert (q.value, q.unit, q.qualifier) == (25, "%", "nearly")
    assert one("half of the world's supply", vocab).value == 50


def test_basis_and_rate(vocab) -> None:
    q = one("a platform that handles nearly 10 million tons of REO equivalent annually", vocab)
    assert (q.value, q.unit, q.basis, q.qualifier) == (1e7, "t/yr", "REO", "nearly")
    a, b = parse_quantities("add 50,000 tons of high-performance NdFeB alloy and 10,000 tons of "
                            "hydrogen-crushed powder each year", vocab)
    assert (a.value, a.unit, a.basis) == (50000, "t/yr", "alloy")
    assert (b.value, b.unit, b.basis) == (10000, "t/yr", "powder")
    assert one("5,000 tonnes of rare earth oxide equivalent", vocab).basis == "REO"
    assert one("3,000 t of concentrate", vocab).basis == "concentrate"


def test_ranges(vocab) -> None:
    q = one("a rise of 10-15% is expected", vocab)
    assert (q.low, q.high, q.value, q.unit) == (10, 15, 12.5, "%")
    q = one("between 5,000 and 6,000 tonnes", vocab)
    assert (q.low, q.high, q.unit) == (5000, 6000, "t")
    q = one("quoted at US$60-65/kg", vocab)
    assert (q.low, q.high, q.unit) == (60, 65, "USD/kg")
    q = one("from 10 to 15 percent", vocab)
    assert (q.low, q.high) == (10, 15)


def test_growth_markers(vocab) -> None:
    assert one("a 19.7% year-over-year increase", vocab).growth == "yoy"
    assert one("up 50% year-on-year", vocab).growth == "yoy"
    assert one("sales rose 3% y/y", vocab).growth == "yoy"
    assert one("revenue up 4% quarter-on-quarter", vocab).growth == "qoq"
    assert one("a 4% rise", vocab).growth is None


def test_two_figures_stay_apart(vocab) -> None:
    found = parse_quantities("from 10% to 15%; 5 and 6 tonnes", vocab)
    assert [q.value for q in found] == [10, 15, 6]


@pytest.mark.parametrize("text", [
    "in 2024 the company grew", "SSE: 600111", "under Section 232 of the act",
    "China's upcoming \u201c15th Five-Year Plan,\u201d", "the \u201c1234 program\u201d",
    "Phase 2 of the project", "Dy2O3 and Q2 results", "1. First item", "0 Comments",
    "COVID-19 hit", "a half-year earnings call", "the 5m mark",
])
def test_never_quantities(text: str, vocab) -> None:
    assert parse_quantities(text, vocab) == []


def test_offsets_index_the_text(vocab) -> None:
    text = "Output reached 8,000 tonnes, up 12% year-on-year, at US$60/kg."
    for q in parse_quantities(text, vocab):
        assert text[q.start:q.end] == q.text


def test_rates_after_a_phrase_and_hyphenated(vocab) -> None:
    assert one("processes about 10,000 tonnes of monazite sand per year", vocab).unit == "t/yr"
    assert one("a 5,000 tonne-per-year separation line", vocab).unit == "t/yr"
    assert one("shipped 500 tonnes of oxide in a year", vocab).unit == "t"


def test_half_in_a_period_or_before_a_count_is_no_share(vocab) -> None:
    assert parse_quantities("profit for the first half of 2025 rose", vocab) == []
    assert parse_quantities("it covers nearly half of the 50 critical minerals", vocab) == []
    (q,) = parse_quantities("Acme supplies nearly half of Europe's magnets", vocab)
    assert (q.value, q.unit, q.qualifier) == (50, "%", "nearly")


@pytest.mark.parametrize(("text", "unit"), [
    ("an annual production capacity of 6,000 tonnes of magnets", "t/yr"),
    ("an annual capacity between 600 and 1,200 tonnes", "t/yr"),
    ("produced 6,000 tonnes of magnets last year", "t"),
])
def test_a_rate_stated_before_the_tonnage(text: str, unit: str, vocab) -> None:
    assert {q.unit for q in parse_quantities(text, vocab)} == {unit}


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("a ₹7,280-crore scheme", 7.28e10, "INR"),
    ("over Rs 5,000 crore", 5e10, "INR"),
    ("RM2.08 billion", 2.08e9, "MYR"),
    ("a 30Mt resource", 3e7, "t"),
    ("6,000 MT of magnets", 6000, "t"),
    ("27.01 yuan per share", 27.01, "CNY/share"),
])
def test_other_currencies_scales_and_mass_spellings(text: str, value: float, unit: str, vocab) -> None:
    (q,) = parse_quantities(text, vocab)
    assert q.unit == unit and q.value == pytest.approx(value)


@pytest.mark.parametrize(("text", "value", "qualifier"), [
    ("the miner could double output", 2, None), ("output doubled last year", 2, None),
    ("aims to more than triple production", 3, "more than"), ("a tenfold rise in shipments", 10, None),
    ("a 12-fold jump", 12, None), ("sales quadrupled", 4, None),
])
def test_multiples(text: str, value: float, qualifier: str | None, vocab) -> None:
    q = one(text, vocab)
    assert (q.value, q.unit, q.qualifier) == (value, "x", qualifier)
    assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("text", ["a double-digit gain", "a double salt of the metals", "nearly double the price"])
def test_adjective_multiples_are_no_quantities(text: str, vocab) -> None:
    assert parse_quantities(text, vocab) == []


@pytest.mark.parametrize(("text", "unit"), [
    ("it will build a 3,000-tonne plant", "t/yr"), ("a 2,500-tonne magnet factory", "t/yr"),
    ("lines of 800 tonne capacity", "t/yr"), ("it shipped 2,000 tonnes to the plant", "t"),
    ("a 9,000 tonne stockpile", "t"),
])
def test_the_size_of_a_plant_is_a_yearly_rate(text: str, unit: str, vocab) -> None:
    assert one(text, vocab).unit == unit


@pytest.mark.parametrize(("text", "low", "high", "unit"), [
    ("between 15% and 18%", 15, 18, "%"), ("between 1,000 tonnes and 1,400 tonnes", 1000, 1400, "t"),
    ("between $40/kg and $55/kg", 40, 55, "USD/kg"),
])
def test_between_ranges_with_a_unit_on_each_bound(text: str, low: float, high: float, unit: str, vocab) -> None:
    q = one(text, vocab)
    assert (q.low, q.high, q.unit) == (low, high, unit)
    assert text[q.start:q.end] == q.text


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("a ₩3 trillion fund", 3e12, "KRW"), ("revenue of 800 billion dong", 8e11, "VND"),
    ("a $95-per-kilogram floor", 95, "USD/kg"),
])
def test_more_currencies_and_hyphenated_prices(text: str, value: float, unit: str, vocab) -> None:
    q = one(text, vocab)
    assert (q.value, q.unit) == (pytest.approx(value), unit)


def test_between_years_is_no_quantity_and_a_change_is_two_figures(vocab) -> None:
    assert parse_quantities("between 2020 and 2025", vocab) == []
    assert [q.value for q in parse_quantities("it rose from 20% to 25%", vocab)] == [20, 25]
