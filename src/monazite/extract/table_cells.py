"""Reading the parts of a table: the period a header names, the unit a label states, the
number a cell holds. Kept apart from ``tables`` (which binds them into facts) so each
reading can be tested alone.

Words come from ``vocab/tables.yaml`` (estimate and change words, totals, empty cells,
month-named quarters) and from ``units.yaml`` (quarter and half words, every unit and
currency spelling): a unit is read by handing the phrase to the quantity parser next to
the number 1 ("US$ million" -> "US$1 million" -> USD x 1e6), so a table knows exactly
the spellings prose knows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from monazite.extract.context import phrase_key, phrase_regex
from monazite.extract.dates import find_dates
from monazite.extract.facts import fact_rules, unit_kind
from monazite.extract.numbers import DIGITS_PATTERN, parse_digits
from monazite.extract.quantities import lexicon_for, parse_quantities
from monazite.vocab import Vocabulary

__all__ = ["BRACKETS", "CellValue", "TablePeriod", "TableRules", "Unit", "basis_of", "memo_reading", "read_cell",
           "read_period", "table_rules", "unit_in", "unit_probe", "years_in"]

RULES_MEMO_KEY = "extract.tables.rules"
READINGS_MEMO_KEY = "extract.tables.readings."  # + the reading's name: its cache, kept by the vocabulary
CACHE_SIZE = 8192  # header and label readings kept: a long table repeats the same few labels in every cell

_T = TypeVar("_T")

_Y4 = r"(?:19|20)\d\d"
_YY = r"(?:(?:19|20)\d\d|'?\d\d)"
_EST = r"(?P<est>[efEF])?"
_QUARTER_PATTERNS = (
    re.compile(rf"(?<![\w])Q(?P<q>[1-4])\s*[-/']?\s*(?:FY|CY)?\s*(?P<y>{_YY}){_EST}(?![\w])", re.IGNORECASE),
    re.compile(rf"(?<![\w])(?P<q>[1-4])Q\s*[-/']?\s*(?:FY|CY)?\s*(?P<y>{_YY}){_EST}(?![\w])", re.IGNORECASE),
    re.compile(rf"(?<![\w])(?P<y>{_Y4})\s*[-/ ]?\s*Q(?P<q>[1-4]){_EST}(?![\w])", re.IGNORECASE),
)
_HALF_PATTERNS = (
    re.compile(rf"(?<![\w])H(?P<h>[12])\s*[-/']?\s*(?:FY|CY)?\s*(?P<y>{_YY}){_EST}(?![\w])", re.IGNORECASE),
    re.compile(rf"(?<![\w])(?P<h>[12])H\s*[-/']?\s*(?:FY|CY)?\s*(?P<y>{_YY}){_EST}(?![\w])", re.IGNORECASE),
    re.compile(rf"(?<![\w])(?P<y>{_Y4})\s*[-/ ]?\s*H(?P<h>[12]){_EST}(?![\w])", re.IGNORECASE),
)
_FISCAL_SPLIT = re.compile(rf"(?<![\w.,])(?:FY\s*)?(?P<y1>{_Y4})\s*[/-]\s*(?P<y2>\d{{2}}|{_Y4}){_EST}(?![\w.,])",
                           re.IGNORECASE)
_FY = re.compile(rf"(?<![\w])(?:FY|CY)\s*(?P<y>{_YY}){_EST}(?![\w])", re.IGNORECASE)
_YEAR = re.compile(rf"(?<![\w.,$])(?P<y>{_Y4}){_EST}(?![\w.,%])")
BRACKETS = re.compile(r"[(\[]([^()\[\]]{1,40})[)\]]")
_FOOTNOTE = re.compile(r"(?:\s*\(\w\)|[\s*\u2020\u2021\u00a7\u00b9\u00b2\u00b3\u2070-\u2079]+)$")
_DASHES = re.compile(r"^[\s\-\u2010-\u2015\u2212.]*$")
_MINUS = re.compile(r"^[-\u2212\u2013]\s*")
_NUMBER = re.compile(rf"^\+?(?:{DIGITS_PATTERN})\s*(?P<pct>%)?$")
_CURRENCY_HEAD = re.compile(r"^(?P<cur>[A-Z]{0,3}\$|[A-Z]{3}|[\u20ac\u00a3\u00a5])\s*(?P<rest>.*)$")
_BARE_YEAR = re.compile(rf"{_Y4}")
_DIGITS = re.compile(DIGITS_PATTERN)
_THOUSANDS = re.compile(r"'000s?|\u2019000s?")


@dataclass(frozen=True)
class TablePeriod:
    """A period read from a header: its ``PartialDate`` form, and whether the header marks
    an estimate or was read from a split fiscal year ("2023/24")."""

    iso: str
    estimate: bool = False
    fiscal_split: bool = False


@dataclass(frozen=True)
class Unit:
    unit: str
    factor: float
    basis: str | None


@dataclass(frozen=True)
class TableRules:
    total: re.Pattern[str]
    change: re.Pattern[str]
    segment: re.Pattern[str]
    estimate: re.Pattern[str]
    unit_header: re.Pattern[str]
    empty: frozenset[str]
    quarter_months: re.Pattern[str] | None
    quarter_month_value: Mapping[str, int]
    quarter_words: re.Pattern[str] | None
    quarter_word_value: Mapping[str, int]
    half_words: re.Pattern[str] | None
    half_word_value: Mapping[str, int]


def table_rules(vocab: Vocabulary) -> TableRules:
    """The table lexicon of ``vocab`` (``tables.yaml``), compiled once per vocabulary."""
    return vocab.memo(RULES_MEMO_KEY, lambda: _build_rules(vocab))


def memo_reading(vocab: Vocabulary, name: str, key: object, read: Callable[[], _T]) -> _T:
    """``read()`` once per ``key`` for this vocabulary: the cache lives on the vocabulary
    (``vocab.memo``), so a vocabulary reloaded after an edit takes its readings with it, and
    holds at most ``CACHE_SIZE`` of them (emptied when full: labels repeat within a document)."""
    cache: dict[object, Any] = vocab.memo(READINGS_MEMO_KEY + name, dict)
    try:
        return cache[key]  # type: ignore[no-any-return]
    except KeyError:
        pass
    value = read()
    if len(cache) >= CACHE_SIZE:
        cache.clear()
    cache[key] = value
    return value


def _build_rules(vocab: Vocabulary) -> TableRules:
    raw: Mapping[str, Any] = getattr(vocab, "tables", None) or {}
    facts_raw = fact_rules(vocab).raw
    months = {phrase_key(str(k)): int(v) for k, v in (raw.get("quarter_months") or {}).items()}
    quarters = {phrase_key(str(k)): int(v) for k, v in (facts_raw.get("quarter_words") or {}).items()
                if not re.fullmatch(r"q[1-4]", phrase_key(str(k)))}
    halves = {phrase_key(str(k)): int(v) for k, v in (facts_raw.get("half_words") or {}).items()
              if not re.fullmatch(r"h[12]", phrase_key(str(k)))}

    def words(key: str) -> list[str]:
        return [str(w) for w in raw.get(key) or []]

    def word_period(table: Mapping[str, int], tail: str) -> re.Pattern[str] | None:
        if not table:
            return None
        alts = "|".join(re.escape(k).replace(r"\ ", r"[\s-]+") for k in sorted(table, key=len, reverse=True))
        return re.compile(rf"(?<![\w])(?P<word>{alts}){tail}", re.IGNORECASE)

    return TableRules(
        total=phrase_regex(words("total_labels")), change=_loose_regex(words("change_headers")),
        segment=phrase_regex(words("segment_words")),
        estimate=phrase_regex(words("estimate_words")), unit_header=phrase_regex(words("unit_headers")),
        empty=frozenset(w.casefold() for w in words("empty_cells")),
        quarter_months=word_period(months, rf"\.?[\s-]+(?:(?:quarter|qtr|qr)\.?\s*(?:FY|CY)?\s*(?P<y>{_YY})?|"
                                           rf"(?P<y2>{_YY})\s+(?:quarter|qtr|qr)\b){_EST}"),
        quarter_month_value=months,
        quarter_words=word_period(quarters, rf"(?:\s+of)?\s+(?:FY|CY)?\s*(?P<y>{_Y4}){_EST}"),
        quarter_word_value=quarters,
        half_words=word_period(halves, rf"(?:\s+of)?\s+(?:FY|CY)?\s*(?P<y>{_Y4}){_EST}"),
        half_word_value=halves,
    )


def _loose_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """Phrases that may hold symbols ("+/-", "% chg"): bounded by spaces or the text's ends."""
    alts = [re.escape(p).replace(r"\ ", r"\s+") for p in sorted({p.strip() for p in phrases if p.strip()},
                                                                  key=len, reverse=True)]
    body = "|".join(alts) or r"(?!x)x"
    return re.compile(rf"(?:(?<=\s)|(?<=^)|(?<=\())(?:{body})(?=$|\s|\)|:)", re.IGNORECASE)


def _year(token: str) -> int:
    digits = token.lstrip("'")
    year = int(digits)
    if len(digits) == 2:
        year += 1900 if year >= 70 else 2000
    return year


def read_period(text: str, vocab: Vocabulary) -> TablePeriod | None:
    """The period a table header names, or None when it names none (or several)."""
    return memo_reading(vocab, "period", text, lambda: _read_period(text, vocab))


def _read_period(text: str, vocab: Vocabulary) -> TablePeriod | None:
    if not text or not text.strip():
        return None
    rules = table_rules(vocab)
    flat = " ".join(text.split())
    estimate = bool(rules.estimate.search(flat))
    for pattern in _QUARTER_PATTERNS:
        m = pattern.search(flat)
        if m:
            return TablePeriod(f"{_year(m['y']):04d}-Q{m['q']}", estimate or bool(m["est"]))
    if rules.quarter_months is not None:
        m = rules.quarter_months.search(flat)
        if m and (m["y"] or m["y2"]):
            quarter = rules.quarter_month_value[phrase_key(m["word"])]
            return TablePeriod(f"{_year(m['y'] or m['y2']):04d}-Q{quarter}", estimate or bool(m["est"]))
    if rules.quarter_words is not None:
        m = rules.quarter_words.search(flat)
        if m:
            quarter = rules.quarter_word_value[phrase_key(m["word"])]
            return TablePeriod(f"{_year(m['y']):04d}-Q{quarter}", estimate or bool(m["est"]))
    for pattern in _HALF_PATTERNS:
        m = pattern.search(flat)
        if m:
            return TablePeriod(f"{_year(m['y']):04d}-H{m['h']}", estimate or bool(m["est"]))
    if rules.half_words is not None:
        m = rules.half_words.search(flat)
        if m:
            half = rules.half_word_value[phrase_key(m["word"])]
            return TablePeriod(f"{_year(m['y']):04d}-H{half}", estimate or bool(m["est"]))
    dated = _date_header(flat, rules)
    if dated is not None:
        return TablePeriod(dated, estimate)
    m = _FISCAL_SPLIT.search(flat)
    if m:
        first, second = int(m["y1"]), m["y2"]
        end = int(second) if len(second) == 4 else first - first % 100 + int(second)
        if end == first + 1:
            return TablePeriod(f"{end:04d}", estimate or bool(m["est"]), fiscal_split=True)
    m = _FY.search(flat)
    if m:
        return TablePeriod(f"{_year(m['y']):04d}", estimate or bool(m["est"]))
    years = {(int(m["y"]), bool(m["est"])) for m in _YEAR.finditer(flat)}
    if len({y for y, _ in years}) == 1:
        year, est = next(iter(years))
        return TablePeriod(f"{year:04d}", estimate or est)
    return None


def _date_header(flat: str, rules: TableRules) -> str | None:
    """'Jan 2024', '30 June 2024', '2024-06-30': a header that is one date (a month or a day,
    once its bracketed unit and estimate words are set aside) is that month or day; a date
    inside a phrase ("Year ended 31 December 2024") is not the period of the column."""
    bare = rules.estimate.sub(" ", BRACKETS.sub(" ", flat)).strip(" ,:;")
    found = find_dates(bare, None)
    if len(found) == 1 and found[0].date.month is not None and found[0].date.year is not None \
            and found[0].start == 0 and found[0].end == len(bare):
        return found[0].date.iso
    return None


def years_in(text: str) -> list[int]:
    return sorted({int(m["y"]) for m in _YEAR.finditer(text)})


def unit_probe(candidate: str, vocab: Vocabulary) -> Unit | None:
    """The unit a short phrase names ("t", "tonnes REO", "US$ million", "A$m", "%"), read by
    parsing it next to the number 1: the quantity parser's own spellings, scales and bases."""
    return memo_reading(vocab, "unit_probe", candidate, lambda: _unit_probe(candidate, vocab))


def _unit_probe(candidate: str, vocab: Vocabulary) -> Unit | None:
    phrase = _THOUSANDS.sub("thousand", " ".join(candidate.split())).strip(" ,:;")
    if not phrase or len(phrase) > 40 or re.search(r"\d", phrase.replace("'000", "")):
        return None
    probes = []
    head = _CURRENCY_HEAD.match(phrase)
    if head and head["cur"]:
        rest = head["rest"]
        probes.append(f"{head['cur']}1{' ' if len(rest) > 2 and rest[0].isalpha() else ''}{rest}")
    probes += [f"1 {phrase}", f"1{phrase}"]
    for probe in probes:
        found = parse_quantities(probe, vocab)
        if len(found) != 1:
            continue
        q = found[0]
        rest = probe[q.end:].strip(" .,;:")
        if q.start != 0 or (rest and q.basis is None):
            continue
        return Unit(unit=q.unit, factor=q.value, basis=q.basis)
    return None


def unit_in(label: str, vocab: Vocabulary, *, loose: bool) -> Unit | None:
    """The unit a row label, header or caption states: in brackets first ("Revenue (A$m)"),
    then after a comma, then (``loose``) its last words ("Production tonnes"); a counted
    noun ("employees") only when bracketed or after a comma, never from a label's last word."""
    return memo_reading(vocab, "unit_in", (label, loose), lambda: _unit_in(label, vocab, loose=loose))


def _unit_in(label: str, vocab: Vocabulary, *, loose: bool) -> Unit | None:
    if not label:
        return None
    explicit = [m.group(1) for m in BRACKETS.finditer(label)]
    if "," in label:
        explicit.append(label.rsplit(",", 1)[1])
    for cand in explicit:
        unit = unit_probe(cand, vocab)
        if unit is not None:
            return unit
    if not loose:
        return None
    words = BRACKETS.sub(" ", label).split()
    for n in (3, 2, 1):
        if len(words) >= n:
            unit = unit_probe(" ".join(words[-n:]), vocab)
            if unit is not None and unit_kind(unit.unit) != "count":
                return unit
    return None


@dataclass
class CellValue:
    value: float
    text: str
    unit: Unit | None  # the cell's own unit ("12.5%", "US$25/kg"), else None
    estimate: bool = False
    scaled: bool = False  # the cell writes its own scale ("$3.2m"): a "US$ million" label adds nothing


def read_cell(text: str, vocab: Vocabulary, rules: TableRules) -> CellValue | None:
    """The number a cell holds, signed (a bracketed or minus figure is negative), with the
    unit the cell itself writes; None for an empty, dash or "n/a" cell, for words and for a
    bare year ("2024": a period label, as the quantity parser reads it too)."""
    raw = " ".join(text.split())
    if not raw or raw.casefold() in rules.empty or _DASHES.match(raw):
        return None
    core = _FOOTNOTE.sub("", raw).strip()
    sign = 1.0
    if core.startswith("(") and core.endswith(")"):
        core, sign = core[1:-1].strip(), -1.0
    m = _MINUS.match(core)
    if m:
        core, sign = core[m.end():], -sign
    estimate = False
    if re.fullmatch(rf"(?:{DIGITS_PATTERN})[eEfF]", core):
        core, estimate = core[:-1], True
    if not core:
        return None
    if _BARE_YEAR.fullmatch(core) and sign > 0:
        return None  # "2024" in a cell is a year (a label of a table turned on its side), not an amount
    plain = _NUMBER.match(core)
    if plain:
        digits = core.rstrip("% ").lstrip("+")
        try:
            value = parse_digits(digits)
        except ValueError:
            return None
        unit = Unit("%", 1.0, None) if plain["pct"] else None
        return CellValue(sign * value, raw, unit, estimate)
    found = parse_quantities(core, vocab)
    if len(found) != 1 or found[0].start != 0:
        return None
    q = found[0]
    if core[q.end:].strip(" .,;:") and q.basis is None:
        return None  # "12 t of which 3 t..." is not one figure
    digits = _DIGITS.search(core)
    try:
        scaled = digits is None or parse_digits(digits.group(0)) != q.value
    except ValueError:
        scaled = True
    return CellValue(sign * q.value, raw, Unit(q.unit, 1.0, q.basis), estimate, scaled)



def basis_of(label: str, vocab: Vocabulary) -> str | None:
    """'NdPr oxide' -> oxide: the basis word a label names, read as prose reads "tonnes of NdPr oxide"."""
    lex = lexicon_for(vocab)
    m = lex.basis_after.match(" of " + BRACKETS.sub(" ", label).strip())
    return lex.lookup(lex.bases, m["basis"]) if m else None
