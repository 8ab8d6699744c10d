"""Dates and periods stated in text, each tied to its span.

News gives "April 15, 2025", "Apr 18, 2025", "2025-04-15", but also "February 28" with no
year, "first-quarter revenue", "1Q25", "H1", "this year" and "2024 alone". ``find_dates``
keeps exactly what is stated (a ``PartialDate``) and fills a missing year only from the
same sentence or from the publication date:

- a year-less day, month, quarter or half takes the year stated before it in its sentence, else the
  publication year, else the previous year when it would fall more than about two months
  after publication (a January article's "fourth quarter" is last year's);
- "this year", "last year", "next year" need the publication date and are skipped without it;
- numbers that only look like years are refused: "60%", "2000-ton", "$2025", "Section 232",
  "15th Five-Year Plan", "1234 program", "over 2000 tons".
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass

from monazite.extract.gating import PatternSet
from monazite.extract.sentences import split_sentences
from monazite.model import PartialDate

__all__ = ["DateMention", "find_dates", "resolve_period"]

FUTURE_TOLERANCE_DAYS = 62  # a year-less date this far past publication belongs to the year before
YEAR_MIN, YEAR_MAX = 1950, 2100  # four-digit numbers outside this range are never years

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_ORD = r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
_NOT_NUM_AFTER = r"(?![\d,.]\d|\d|%|\s?(?:percent|per cent))"
# A year must not be a quantity: "2000-ton", "2000 tons", "$2025", "over 2000".
_YEAR_BAD_AFTER = re.compile(
    r"^(?:s\b|\s?-\s?[A-Za-z]|\s?(?:%|percent|tons?|tonnes?|t\b|kg|mt|units|people|employees|workers|"
    r"yuan|dollars|program|programme|km|MW|GW|sq)\b)", re.IGNORECASE)
_YEAR_BAD_BEFORE = re.compile(
    r"(?:[$\u00a5\u20ac\u00a3#]|\d[.,]?|Section\s|No\.\s?|over\s|more than\s|nearly\s|about\s|approximately\s|"
    r"some\s|almost\s|exceeding\s|up to\s|least\s|[A-Z]{2,}\$\s?)$")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    date: PartialDate
    year_inferred: bool = False  # True when the year came from the sentence or the publication date


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b" + _YEAR + r"-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("mdy", re.compile(r"\b" + _MONTH + r"\s" + _DAY + r",?\s" + _YEAR + r"\b")),
    ("dmy", re.compile(r"\b" + _DAY + r"\s" + _MONTH + r",?\s" + _YEAR + r"\b")),
    ("my", re.compile(r"\b" + _MONTH + r",?\s(?:of\s)?" + _YEAR + r"\b")),
    ("md", re.compile(r"\b" + _MONTH + r"\s" + _DAY + r"\b" + _NOT_NUM_AFTER)),
    ("dm", re.compile(r"\b" + _DAY + r"\s" + _MONTH + r"\b")),
    ("m", re.compile(r"(?:\b(?i:in|since|by|until|from|during|through|early|late|mid|end of|start of|beginning of"
                     r"|last|this|next)[\s-])" + _MONTH + r"\b")),
    ("q_ord", re.compile(r"\b" + _ORD + r"[\s-]quarter(?:\s(?:of\s)?" + _YEAR + r")?\b", re.IGNORECASE)),
    ("q_code", re.compile(r"\bQ(?P<q>[1-4])(?:[\s'-]?(?P<yy>(?:19|20)?\d\d))?\b")),
    ("q_code_rev", re.compile(r"\b(?P<q>[1-4])Q[\s'-]?(?P<yy>(?:19|20)?\d\d)\b")),
    ("h_ord", re.compile(r"\b(?P<ord>first|second|1st|2nd)[\s-]half(?:\s(?:of\s)?" + _YEAR + r")?\b", re.IGNORECASE)),
    ("h_code", re.compile(r"\bH(?P<h>[12])(?:[\s'-]?(?P<yy>(?:19|20)?\d\d))?\b")),
    ("h_code_rev", re.compile(r"\b(?P<h>[12])H[\s'-]?(?P<yy>(?:19|20)?\d\d)\b")),
    ("half_year", re.compile(r"\b(?:half-year|half year|interim)\b", re.IGNORECASE)),
    ("fy", re.compile(r"\bFY[\s']?(?P<yy>(?:19|20)?\d\d)\b")),
    ("relative", re.compile(r"\b(?P<rel>this|last|next|previous|past)\syear\b(?![\s-](?:on|over|to)[\s-]year)",
                            re.IGNORECASE)),
    ("year", re.compile(r"(?<![\w.\-/])" + _YEAR + r"(?![\w])")),
]
_PATTERN_SET = PatternSet(_PATTERNS)  # the word-led ones share one scan for their leading words
_YEAR_DEPENDENT = {"md", "dm", "m", "q_ord", "q_code", "h_ord", "h_code", "half_year"}


def find_dates(text: str, published: PartialDate | None = None) -> list[DateMention]:
    """Every date or period in ``text``, in order, without overlaps (longest match wins)."""
    raw: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, m in _PATTERN_SET.finditer(text):
        if kind == "year" and not _plausible_year(text, m):
            continue
        raw.append((m.start(), m.end(), kind, m))
    raw.sort(key=lambda r: (r[0] - r[1], r[0]))
    taken = bytearray(len(text))
    chosen = []
    for start, end, kind, m in raw:
        if taken.find(1, start, end) >= 0:
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, end, kind, m))
    chosen.sort(key=lambda r: r[0])
    sentences = split_sentences(text) if any(k in _YEAR_DEPENDENT for _, _, k, _ in chosen) else []
    explicit = [(s, _explicit_year(k, m)) for s, _, k, m in chosen if _explicit_year(k, m)]
    context = _ContextYears(sentences, explicit)
    out = []
    for start, end, kind, m in chosen:
        mention = _build(text, start, end, kind, m, published, context.year_at(start))
        if mention is not None:
            out.append(mention)
    return out


def resolve_period(sentence_dates: list[DateMention], published: PartialDate | None = None) -> PartialDate | None:
    """The period a figure in a sentence refers to: a quarter or half first, then a year, then
    a month; a day date stands for its year. Year-less periods take the publication year."""
    def rank(d: DateMention) -> int:
        return {"quarter": 0, "half": 1, "year": 2, "month": 3, "day": 4}[d.date.precision]
    for d in sorted(sentence_dates, key=lambda d: (rank(d), d.start)):
        date = d.date
        if date.year is None:
            if published is None or published.year is None:
                continue
            date = date.with_year(published.year)
        return PartialDate(date.year) if date.precision == "day" else date
    return None


def _plausible_year(text: str, m: re.Match[str]) -> bool:
    year = int(m.group("year"))
    if not YEAR_MIN <= year < YEAR_MAX:
        return False
    after = text[m.end():m.end() + 12]
    before = text[max(0, m.start() - 16):m.start()]
    if _YEAR_BAD_AFTER.match(after) or _YEAR_BAD_BEFORE.search(before):
        return False
    return not (after.startswith(",") and after[1:2].isdigit())


def _yy(value: str | None) -> int | None:
    if not value:
        return None
    year = int(value)
    return year + 2000 if year < 100 else year


def _explicit_year(kind: str, m: re.Match[str]) -> int | None:
    groups = m.groupdict()
    if groups.get("year"):
        return int(groups["year"])
    if kind in ("q_code", "q_code_rev", "h_code", "h_code_rev", "fy"):
        return _yy(groups.get("yy"))
    return None


class _ContextYears:
    """The last year stated earlier in the same sentence, by bisect (linear in the text)."""

    def __init__(self, sentences: list[tuple[int, int]], explicit: list[tuple[int, int]]) -> None:
        self.sentences = sentences
        self.sentence_starts = [s for s, _ in sentences]
        self.explicit = sorted(explicit)
        self.positions = [p for p, _ in self.explicit]

    def year_at(self, pos: int) -> int | None:
        i = bisect_right(self.sentence_starts, pos) - 1
        if i < 0 or not self.sentences[i][0] <= pos < self.sentences[i][1]:
            return None
        j = bisect_right(self.positions, pos) - 1
        if j >= 0 and self.positions[j] >= self.sentences[i][0]:
            return self.explicit[j][1]
        return None


def _build(text: str, start: int, end: int, kind: str, m: re.Match[str], published: PartialDate | None,
           context_year: int | None) -> DateMention | None:
    g = m.groupdict()
    year = _explicit_year(kind, m)
    try:
        if kind == "iso":
            date = PartialDate(year, int(g["m"]), int(g["d"]))
        elif kind in ("mdy", "dmy", "md", "dm"):
            date = PartialDate(year, _MONTHS[g["month"].lower()], int(g["day"]))
        elif kind in ("my", "m"):
            date = PartialDate(year, _MONTHS[g["month"].lower()])
        elif kind in ("q_ord", "q_code", "q_code_rev"):
            date = PartialDate(year, quarter=_ORDINALS[g["ord"].lower()] if g.get("ord") else int(g["q"]))
        elif kind in ("h_ord", "h_code", "h_code_rev"):
            date = PartialDate(year, half=_ORDINALS[g["ord"].lower()] if g.get("ord") else int(g["h"]))
        elif kind == "half_year":
            date = PartialDate(None, half=1)
        elif kind == "relative":
            if published is None or published.year is None:
                return None
            shift = {"this": 0, "last": -1, "previous": -1, "past": -1, "next": 1}[g["rel"].lower()]
            return DateMention(start, end, text[start:end], PartialDate(published.year + shift), True)
        else:  # fy, year
            date = PartialDate(year)
    except ValueError:
        return None  # "February 30", "Q0": not a date
    if date.year is not None:
        return DateMention(start, end, text[start:end], date)
    if context_year is not None:
        return DateMention(start, end, text[start:end], date.with_year(context_year), True)
    resolved = _from_publication(date, published)
    if resolved is not None:
        return DateMention(start, end, text[start:end], resolved, True)
    if date.month is None:
        return None  # a quarter or half with no year anywhere tells nothing
    return DateMention(start, end, text[start:end], date)


def _from_publication(date: PartialDate, published: PartialDate | None) -> PartialDate | None:
    if published is None or published.year is None:
        return None
    candidate = date.with_year(published.year)
    begins, pub = candidate.as_date(), published.as_date()
    if begins is not None and pub is not None and begins - pub > dt.timedelta(days=FUTURE_TOLERANCE_DAYS):
        return date.with_year(published.year - 1)
    return candidate
