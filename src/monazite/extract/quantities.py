"""Quantities as stated and as normalised: "nearly 10 million tons of REO equivalent
annually" becomes 1e7 t/yr, basis REO, qualifier nearly.

A number is a quantity only when something says what it counts (a percent sign, a
unit, a currency, a counted noun); bare numbers are years, tickers, section numbers
or list labels and are left alone. The spellings all come from ``vocab/units.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from monazite.extract.context import phrase_key
from monazite.extract.numbers import parse_digits
from monazite.extract.unit_lexicon import QuantityLexicon, compile_lexicon
from monazite.model import Quantity

__all__ = ["lexicon_for", "parse_quantities"]

LEXICON_MEMO_KEY = "extract.quantities.lexicon"
SIGNIFICANT_DIGITS = 12  # normalised values are rounded here to drop float noise (1.2 * 1e9)
YEAR_RANGE = (1800, 2200)
MULTIPLE_UNIT = "x"  # a change stated as a multiple ("doubled", "tenfold")  # a four-digit integer in this range without separators is read as a year
# Characters between two coordinated tonnages that let a trailing "each year" apply to both.
_COORDINATION = re.compile(r"\s*(?:,\s*)?(?:and|or|plus)?\s*$", re.IGNORECASE)


def lexicon_for(vocab: Any) -> QuantityLexicon:
    """The compiled lexicon of ``vocab.units``, built once per vocabulary."""
    memo = getattr(vocab, "memo", None)
    if callable(memo):
        return memo(LEXICON_MEMO_KEY, lambda: compile_lexicon(vocab.units))
    return compile_lexicon(vocab.units)


def parse_quantities(text: str, vocab: Any) -> list[Quantity]:
    """Every quantity in ``text``, in order, with offsets into ``text``."""
    lex = lexicon_for(vocab)
    found: list[tuple[Quantity, int, bool]] = []  # quantity, end of its basis phrase, explicit rate
    for m in lex.scanner.finditer(text):
        item = _read(m, text, lex)
        if item is not None:
            found.append(item)
    found = _propagate_rates(found, text)
    quantities = _between_ranges([q for q, _, _ in found], text)
    fractions = [q for f in lex.fraction_scanner.finditer(text) if (q := _fraction(f, text, lex)) is not None]
    quantities = _merge_fractions(quantities, fractions, text)
    multiples = [q for m in lex.multiplier_scanner.finditer(text) if (q := _multiple(m, text, lex)) is not None]
    if multiples:
        taken = [(q.start, q.end) for q in quantities]
        multiples = [m for m in multiples if not any(a < m.end and m.start < b for a, b in taken)]
        quantities = sorted(quantities + multiples, key=lambda q: q.start)
    return quantities


def _read(m: re.Match[str], text: str, lex: QuantityLexicon) -> tuple[Quantity, int, bool] | None:
    g = m.groupdict()
    if lex.label_before.search(text, max(0, m.start() - 12), m.start()):
        return None
    low = _number(g["n1"], lex)
    high = _number(g["n2"], lex) if g["n2"] else None
    if low is None or (g["n2"] and high is None):
        return None
    if g["rsep"] and g["rsep"].lower() == "and" and not g["opener"]:
        return None  # "5 and 6 tonnes" is two figures, not a range
    currency = lex.currency_prefix.get(g["cur"].lower()) if g["cur"] else None
    if g["cursuf"]:
        currency = currency or lex.lookup(lex.currency_suffix, g["cursuf"])
    scale2 = _scale(g["sc2"], lex, currency)
    scale1 = _scale(g["sc1"], lex, currency) if g["sc1"] else scale2
    if scale1 is None or scale2 is None:
        return None  # an abbreviated scale ("5m") without a currency is too ambiguous
    low *= scale1
    if high is not None:
        high *= scale2
    unit, factor, basis_ok = _unit(g, lex, currency)
    if unit is None:
        return None
    if g["count"] and _looks_like_year(g["n1"]):
        return None
    if currency is None and lex.name_after.match(text, m.end()) is not None:
        return None  # "Phase 2 Project": a number in a name (an amount of money stays: "a $5m project")
    value_start = m.start("cur") if g["cur"] else m.start("n1")
    qualifier = lex.lookup(lex.qualifiers, g["qual"]) if g["qual"] else None
    low, high = _round(low * factor), (_round(high * factor) if high is not None else None)
    value = low if high is None else _round((low + high) / 2)
    end = m.end()
    basis, tail_end = None, end
    if basis_ok:
        b = lex.basis_after.match(text, end)
        if b is not None:
            basis, tail_end = lex.lookup(lex.bases, b["basis"]), b.end()
    explicit_rate = False
    if unit == "t":
        r = lex.rate_after.match(text, tail_end) or lex.rate_after_phrase.match(text, tail_end)
        if r is not None:
            unit, explicit_rate, tail_end = "t/yr", True, r.end()
        elif _RATE_BEFORE.search(text, max(0, value_start - 60), value_start):
            unit, explicit_rate = "t/yr", True  # "an annual capacity of 6,000 tonnes"
        elif lex.plant_size_after.match(text, end):
            unit = "t/yr"  # "a 3,000-tonne plant": a plant's size is what it makes in a year
    growth = None
    gm = lex.growth_after.match(text, end)
    if gm is not None:
        growth = lex.lookup(lex.growth, gm["growth"])
    q = Quantity(value=value, unit=unit, text=text[value_start:end], start=value_start, end=end,
                 qualifier=qualifier, low=low if high is not None else None, high=high, basis=basis,
                 growth=growth)
    return q, tail_end, explicit_rate


def _number(token: str | None, lex: QuantityLexicon) -> float | None:
    if not token:
        return None
    try:
        return parse_digits(token)
    except ValueError:
        try:
            return lex.numbers.value(token)
        except KeyError:
            return None


def _scale(token: str | None, lex: QuantityLexicon, currency: str | None) -> float | None:
    if not token:
        return 1.0
    key = token.strip().lower()
    if key in lex.scales:
        return lex.scales[key]
    if key in lex.short_scales and currency:
        return lex.short_scales[key]
    return None


def _unit(g: dict[str, str | None], lex: QuantityLexicon, currency: str | None) -> tuple[str | None, float, bool]:
    """(normalised unit, factor to apply, whether a basis phrase may follow)."""
    per = lex.lookup(lex.per_units, g["per"]) if g["per"] else None
    if currency:
        if g["pct"] or g["mass"] or g["mrate"] or g["dur"] or g["count"]:
            return None, 1.0, False
        return (f"{currency}/{per}" if per else currency), 1.0, False
    if per:
        return None, 1.0, False
    if g["pct"]:
        return lex.lookup(lex.percent, g["pct"]), 1.0, False
    if g["mrate"]:
        return "t/yr", lex.mass_factor(g["mrate"], rate=True), True
    if g["mass"]:
        return "t", lex.mass_factor(g["mass"], rate=False), True
    if g["dur"]:
        return lex.lookup(lex.durations, g["dur"]), 1.0, False
    if g["count"]:
        return _count_unit(g["count"], lex), 1.0, False
    return None, 1.0, False


def _count_unit(phrase: str, lex: QuantityLexicon) -> str:
    """'new polishing products' -> 'products'; 'countries and regions' kept whole."""
    words = phrase.lower().split()
    if len(words) >= 3 and words[-2] == "and":
        return " ".join(words[-3:])
    return words[-1]


def _looks_like_year(token: str | None) -> bool:
    return bool(token) and token.isdigit() and len(token) == 4 and YEAR_RANGE[0] <= int(token) <= YEAR_RANGE[1]


def _round(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT_DIGITS}g}")


def _between_ranges(quantities: list[Quantity], text: str) -> list[Quantity]:
    """'between 20% and 25%', 'between 2,000 tonnes and 3,000 tonnes': one range, each bound with its unit."""
    out: list[Quantity] = []
    for q in quantities:
        prev = out[-1] if out else None
        if prev is not None and prev.low is None and q.low is None and prev.unit == q.unit \
                and _AND_BETWEEN.fullmatch(text, prev.end, q.start) \
                and _BETWEEN_BEFORE.search(text, max(0, prev.start - 40), prev.start):
            low, high = prev.value, q.value
            out[-1] = replace(prev, value=_round((low + high) / 2), low=low, high=high, text=text[prev.start:q.end],
                              end=q.end, basis=prev.basis or q.basis, qualifier=prev.qualifier or q.qualifier)
            continue
        out.append(q)
    return out


def _propagate_rates(found: list[tuple[Quantity, int, bool]], text: str) -> list[tuple[Quantity, int, bool]]:
    """'50,000 tons of alloy and 10,000 tons of powder each year': the rate covers both."""
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        q, tail, rate = out[i]
        nq, _, nrate = out[i + 1]
        if q.unit == "t" and nq.unit == "t/yr" and nrate and _COORDINATION.fullmatch(text[tail:nq.start]):
            out[i] = (replace(q, unit="t/yr"), tail, True)
    return out


_RATE_BEFORE = re.compile(r"\b(?:annual|yearly)\s+(?:[a-z-]+\s+)?(?:capacity|production|output|supply|throughput|"
                          r"demand|consumption|exports|imports|quota)\s+(?:of\s+|between\s+|at\s+)?"
                          r"(?:up\s+to\s+|about\s+|around\s+|some\s+|nearly\s+|over\s+)?$", re.IGNORECASE)
_AND_BETWEEN = re.compile(r"\s+and\s+")
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:(?:about|around|roughly|some|approximately)\s+)?$", re.IGNORECASE)
_PERIOD_HALF = re.compile(r"\b(?:first|second|latter|former|1st|2nd)[\s-]+$", re.IGNORECASE)
_COUNT_AFTER = re.compile(r"\s+of\s+(?:the\s+)?\d")  # "half of the 50 critical minerals": a count, not a share


def _fraction(m: re.Match[str], text: str, lex: QuantityLexicon) -> Quantity | None:
    """'nearly a quarter of' -> 25 %; never "the first half of 2025" (a period) nor "half of
    the 50 minerals" (a count)."""
    if _PERIOD_HALF.search(text, max(0, m.start("frac") - 12), m.start("frac")) or _COUNT_AFTER.match(text, m.end("frac")):
        return None
    value = lex.lookup(lex.fractions, m["frac"])
    qualifier = lex.lookup(lex.qualifiers, m["qual"]) if m["qual"] else None
    return Quantity(value=value, unit="%", text=m["frac"], start=m.start("frac"), end=m.end("frac"),
                    qualifier=qualifier)


def _multiple(m: re.Match[str], text: str, lex: QuantityLexicon) -> Quantity | None:
    """'could double output' -> 2 x; 'a 12-fold rise' -> 12 x; never the adjective ("a double salt")."""
    if phrase_key(m["mult"]) in lex.multiplier_base_forms \
            and not lex.multiplier_verb_before.search(text, max(0, m.start() - 40), m.start()):
        return None
    value = float(m["n"]) if m["n"] else lex.lookup(lex.multipliers, m["mult"])
    qualifier = lex.lookup(lex.qualifiers, m["qual"]) if m["qual"] else None
    return Quantity(value=value, unit=MULTIPLE_UNIT, text=m["mult"], start=m.start("mult"), end=m.end("mult"),
                    qualifier=qualifier)


def _merge_fractions(quantities: list[Quantity], fractions: list[Quantity], text: str) -> list[Quantity]:
    """'nearly a quarter (24.5%)': the exact figure wins and inherits the fraction's qualifier."""
    by_start = {q.start: i for i, q in enumerate(quantities)}
    out = list(quantities)
    extra = []
    for f in fractions:
        paren = re.match(r"\s*\(\s*", text[f.end:f.end + 8])
        target = by_start.get(f.end + paren.end()) if paren else None
        if target is not None and out[target].unit == "%":
            if out[target].qualifier is None and f.qualifier:
                out[target] = replace(out[target], qualifier=f.qualifier)
            continue
        if any(q.start <= f.start < q.end for q in quantities):
            continue
        extra.append(f)
    return sorted(out + extra, key=lambda q: q.start)
