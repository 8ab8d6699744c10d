"""Property tests: the parser never crashes and formatted numbers read back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from monazite.extract.quantities import parse_quantities
from monazite.vocab import load_vocabulary

VOCAB = load_vocabulary()
UNIT_FORMS = {"%": ["%", " percent", " per cent"], "t": [" tonnes", " tons", " t", "-ton"],
              "t/yr": [" tpa", " tonnes per year"], "days": [" days"]}


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_crashes_on_any_text(text: str) -> None:
    for q in parse_quantities(text, VOCAB):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start:q.end] == q.text


def _fmt(value: int, sep: str) -> str:
    return f"{value:,}".replace(",", sep)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999_999_999), st.sampled_from([",", " ", ""]),
       st.sampled_from(sorted(UNIT_FORMS)), st.data())
def test_integers_round_trip(value: int, sep: str, unit: str, data) -> None:
    form = data.draw(st.sampled_from(UNIT_FORMS[unit]))
    text = f"They reported {_fmt(value, sep)}{form} last week."
    found = parse_quantities(text, VOCAB)
    assert [(q.value, q.unit) for q in found] == [(value, unit)]


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value="0.01", max_value="99999.99", places=2), st.sampled_from(["US$", "A$", "€", "RMB "]),
       st.sampled_from(["", " million", " billion"]))
def test_money_round_trips(amount, symbol: str, scale: str) -> None:
    factor = {"": 1, " million": 1e6, " billion": 1e9}[scale]
    currency = {"US$": "USD", "A$": "AUD", "€": "EUR", "RMB ": "CNY"}[symbol]
    text = f"The deal was worth {symbol}{amount}{scale} in total."
    (q,) = parse_quantities(text, VOCAB)
    assert q.unit == currency
    assert abs(q.value - float(amount) * factor) <= 1e-9 * max(1.0, float(amount) * factor)
