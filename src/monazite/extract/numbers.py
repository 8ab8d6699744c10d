"""Reading the number itself: digits with separators, decimals and number words.

Kept apart from ``quantities`` (which finds units, currencies, qualifiers around a
number) so the arithmetic of "8 000", "24.5" and "twenty-one" can be tested alone.
The word lists come from ``vocab/units.yaml``; this module only knows how to combine
them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from monazite.extract.context import phrase_key

__all__ = ["DIGITS_PATTERN", "NumberWords", "parse_digits", "words_pattern"]

# Thousands groups may be split by a comma, a plain, thin or no-break space; a bare run
# of digits is read as one integer. Decimal point only (a decimal comma is ambiguous
# with thousands in English news and is not read).
DIGITS_PATTERN = (
    r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d,])|\d+)(?:\.\d+)?"
    r"|\.\d+"
)

_SEPARATORS = re.compile(r"[,\s\u00a0\u2009\u202f]")


def parse_digits(token: str) -> float:
    """'8,000' -> 8000.0, '8 000' -> 8000.0, '24.5' -> 24.5; raises ValueError otherwise."""
    cleaned = _SEPARATORS.sub("", token)
    if not cleaned or not re.fullmatch(r"\d*\.?\d+|\d+\.?", cleaned):
        raise ValueError(f"not a number: {token!r}")
    return float(cleaned)


def words_pattern(words: Iterable[str]) -> str:
    """Regex alternation of phrases, longest first, with flexible inner whitespace/hyphens."""
    out = []
    for w in sorted(set(words), key=len, reverse=True):
        parts = re.split(r"[\s-]+", w.strip())
        out.append(r"[\s-]+".join(re.escape(p) for p in parts))
    return "|".join(out) if out else r"(?!x)x"


@dataclass(frozen=True)
class NumberWords:
    """Number words from the lexicon: units ("five"), tens ("twenty"), combinations."""

    values: Mapping[str, float]
    tens: frozenset[str]

    @classmethod
    def from_lexicon(cls, units: Mapping) -> NumberWords:
        values = {phrase_key(k): float(v) for k, v in (units.get("number_words") or {}).items()}
        tens = frozenset(phrase_key(t) for t in units.get("tens_words") or [])
        return cls(values=values, tens=tens)

    def pattern(self) -> str:
        """'twenty-one' / 'twenty one' first, then single words."""
        singles = words_pattern(self.values)
        units = [w for w, v in self.values.items() if 1 <= v <= 9 and " " not in w]
        if self.tens and units:
            compound = f"(?:{words_pattern(self.tens)})[\\s-](?:{words_pattern(units)})"
            return f"{compound}|{singles}"
        return singles

    def value(self, text: str) -> float:
        """The value of a word number matched by ``pattern``; raises KeyError when unknown."""
        key = phrase_key(text)
        if key in self.values:
            return self.values[key]
        parts = re.split(r"[\s-]+", key)
        if len(parts) == 2 and parts[0] in self.tens:
            return self.values[parts[0]] + self.values[parts[1]]
        raise KeyError(text)

