"""The quantity lexicon of ``vocab/units.yaml`` compiled into one scanning regex.

Compiled once per vocabulary (kept in ``Vocabulary.memo``), so a document is scanned
in a single pass whatever the size of the lexicon. Every spelling comes from the YAML
file; this module only arranges the alternations.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from monazite.extract.context import phrase_key
from monazite.extract.numbers import DIGITS_PATTERN, NumberWords, words_pattern

__all__ = ["QuantityLexicon", "compile_lexicon"]

# Words that never modify a counted noun: "2 of the companies" is not "2 companies".
_COUNT_STOPWORDS = (
    "of", "the", "a", "an", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from", "than",
    "its", "their", "his", "her", "our", "this", "that", "these", "those", "per", "each", "was", "were",
    "is", "are", "has", "have", "had", "will", "would", "be", "been", "as",
)
_BASIS_STOPWORDS = ("and", "or", "to", "for", "in", "at", "by", "from", "with", "per", "each", "a", "an",
                    "which", "that", "while")


def _fold(mapping: Mapping[str, Any] | None) -> dict[str, Any]:
    """Case-insensitive lookups: keys lower-cased with whitespace/hyphens collapsed."""
    return {phrase_key(k): v for k, v in (mapping or {}).items()}



def _alt(words) -> str:
    return words_pattern(str(w) for w in words)


@dataclass(frozen=True)
class QuantityLexicon:
    scanner: re.Pattern[str]
    fraction_scanner: re.Pattern[str]
    multiplier_scanner: re.Pattern[str]
    multiplier_verb_before: re.Pattern[str]
    multiplier_base_forms: frozenset[str]
    basis_after: re.Pattern[str]
    rate_after: re.Pattern[str]
    rate_after_phrase: re.Pattern[str]
    plant_size_after: re.Pattern[str]
    growth_after: re.Pattern[str]
    label_before: re.Pattern[str]
    name_after: re.Pattern[str]
    numbers: NumberWords
    qualifiers: dict[str, str]
    fractions: dict[str, float]
    multipliers: dict[str, float]
    scales: dict[str, float]
    short_scales: dict[str, float]
    percent: dict[str, str]
    mass: dict[str, float]
    mass_rates: dict[str, float]
    mass_exact: dict[str, float]
    mass_rates_exact: dict[str, float]
    currency_prefix: dict[str, str]
    currency_suffix: dict[str, str]
    per_units: dict[str, str]
    durations: dict[str, str]
    growth: dict[str, str]
    bases: dict[str, str]
    range_openers: frozenset[str]

    def lookup(self, table: Mapping[str, Any], text: str) -> Any:
        return table[phrase_key(text)]

    def mass_factor(self, text: str, rate: bool) -> float:
        """Factor to tonnes of a mass (or, with ``rate``, mass-rate) unit: the exact spelling
        first ("Mt" is a million tonnes, "MT" a metric tonne), then case-insensitively."""
        exact = self.mass_rates_exact if rate else self.mass_exact
        return exact[text] if text in exact else self.lookup(self.mass_rates if rate else self.mass, text)


def compile_lexicon(units: Mapping[str, Any]) -> QuantityLexicon:
    numbers = NumberWords.from_lexicon(units)
    currencies = units.get("currencies") or {}
    prefix = {str(k): v for k, v in (currencies.get("prefix") or {}).items()}
    suffix = {str(k): v for k, v in (currencies.get("suffix") or {}).items()}
    bases: dict[str, str] = {}
    for basis, terms in (units.get("bases") or {}).items():
        for term in terms:
            bases.setdefault(phrase_key(term), basis)
    quals = units.get("qualifiers") or {}
    scales = units.get("scales") or {}
    short_scales = units.get("short_scales") or {}
    count_nouns = units.get("count_nouns") or []
    modifiers = int(units.get("count_modifier_words", 2))
    window = int(units.get("basis_window_words", 4))

    num = f"(?:{DIGITS_PATTERN}|(?:{numbers.pattern()})(?![\\w]))"
    cur_pre = "|".join(re.escape(c) for c in sorted(prefix, key=len, reverse=True))
    scale = f"(?:{_alt(scales)})(?![\\w])|(?:{_alt(short_scales)})(?![\\w])"
    stop = "|".join(_COUNT_STOPWORDS)
    modifier = f"(?:(?!(?:{stop})\\b)[a-z][a-z-]*\\s+)"
    count_noun = _alt(count_nouns)
    seps = "|".join(re.escape(s) for s in (units.get("range_separators") or ["-", "to"]))
    openers = _alt(units.get("range_openers") or ["between"])
    scanner = re.compile(
        r"(?<![\w.$€£¥₹])"
        rf"(?:(?P<qual>{_alt(quals)})\s+)?"
        rf"(?:(?P<opener>{openers})\s+)?"
        rf"(?:(?P<cur>{cur_pre})\s?)?"
        rf"(?P<n1>{num})(?:[\s-]?(?P<sc1>{scale}))?"
        rf"(?:\s*(?P<rsep>{seps}|(?(opener)and|(?!x)x))\s*(?:(?:{cur_pre})\s?)?(?P<n2>{num})(?:[\s-]?(?P<sc2>{scale}))?)?"
        r"(?:"
        rf"\s?(?P<pct>{_alt(units.get('percent') or {})})(?![\w])"
        rf"|[\s-]?(?P<mrate>{_alt(units.get('mass_rates') or {})})(?![\w/])"
        rf"|[\s-]?(?P<mass>{_alt(units.get('mass') or {})})(?![\w/])"
        rf"|\s?(?P<cursuf>{_alt(suffix)})(?![\w])"
        rf"|[\s-](?P<dur>{_alt(units.get('durations') or {})})(?![\w])"
        rf"|\s+(?P<count>{modifier}{{0,{modifiers}}}(?:{count_noun})(?:\s+and\s+(?:{count_noun}))?)(?![\w])"
        r")?"
        rf"(?:[\s-]?(?P<per>{_alt(units.get('per_units') or {})})(?![\w]))?",
        re.IGNORECASE,
    )
    fraction_scanner = re.compile(
        r"(?<![\w.])"
        rf"(?:(?P<qual>{_alt(quals)})\s+)?"
        rf"(?P<frac>{_alt(units.get('fractions') or {})})(?=\s+of\b|\s*\()",
        re.IGNORECASE,
    )
    # "could double output", "a 12-fold rise": never inside a hyphenated compound ("double-digit")
    multiplier_scanner = re.compile(
        rf"(?<![\w-])(?:(?P<qual>{_alt(quals)})\s+)?"
        rf"(?P<mult>(?P<n>\d+(?:\.\d+)?)[\s-]?fold|{_alt(units.get('multipliers') or {})})(?![\w-])",
        re.IGNORECASE,
    )
    multiplier_verb_before = re.compile(
        rf"\b(?:{_alt(units.get('multiplier_verb_cues') or [])})\s+(?:[\w-]+\s+){{0,2}}$", re.IGNORECASE)
    bstop = "|".join(_BASIS_STOPWORDS)
    basis_after = re.compile(
        rf"(?:\s+of)?\s+(?:(?!(?:{bstop})\b)[\w-]+\s+){{0,{window - 1}}}?(?P<basis>{_alt(bases)})(?![\w])",
        re.IGNORECASE,
    )
    rate_after = re.compile(rf"\s*(?P<rate>{_alt(units.get('rate_markers') or [])})(?![\w])", re.IGNORECASE)
    # "10,000 tonnes of monazite sand per year": the rate may follow a short "of ..." phrase
    rate_after_phrase = re.compile(
        rf"(?:\s+of)?(?:\s+(?!(?:{bstop})\b)[\w-]+){{1,{window}}}?\s*(?P<rate>{_alt(units.get('rate_markers') or [])})(?![\w])",
        re.IGNORECASE)
    # "a 3,000-tonne plant", "a 5,000-tonne magnet factory": the size of a plant, a yearly rate
    plant_size_after = re.compile(
        rf"\s+(?:(?!(?:{bstop})\b)[a-z][\w-]*\s+)?(?:{_alt(units.get('plant_size_nouns') or [])})(?![\w-])",
        re.IGNORECASE) if units.get("plant_size_nouns") else re.compile(r"(?!)")
    growth_after = re.compile(rf"[\s-]*(?P<growth>{_alt(units.get('growth_markers') or {})})(?![\w])",
                              re.IGNORECASE)
    label_before = re.compile(rf"(?:^|[^\w])(?:{_alt(units.get('label_words') or [])})\s*$", re.IGNORECASE)
    name_after = re.compile(rf"[\s\"'\u201d]*(?:{_alt(units.get('name_words') or [])})\b", re.IGNORECASE)
    return QuantityLexicon(
        scanner=scanner, fraction_scanner=fraction_scanner, multiplier_scanner=multiplier_scanner,
        multiplier_verb_before=multiplier_verb_before,
        multiplier_base_forms=frozenset(phrase_key(w) for w in units.get("multiplier_base_forms") or []),
        basis_after=basis_after,
        rate_after=rate_after, rate_after_phrase=rate_after_phrase, plant_size_after=plant_size_after,
        growth_after=growth_after, label_before=label_before,
        name_after=name_after, numbers=numbers,
        qualifiers=_fold(quals), fractions={phrase_key(k): float(v) for k, v in (units.get("fractions") or {}).items()},
        multipliers={phrase_key(k): float(v) for k, v in (units.get("multipliers") or {}).items()},
        scales={phrase_key(k): float(v) for k, v in scales.items()},
        short_scales={phrase_key(k): float(v) for k, v in short_scales.items()},
        percent=_fold(units.get("percent")), mass=_fold(units.get("mass")),
        mass_exact={str(k): v for k, v in (units.get("mass") or {}).items()},
        mass_rates_exact={str(k): v for k, v in (units.get("mass_rates") or {}).items()},
        mass_rates=_fold(units.get("mass_rates")),
        currency_prefix={k.lower(): v for k, v in prefix.items()},
        currency_suffix=_fold(suffix), per_units=_fold(units.get("per_units")),
        durations=_fold(units.get("durations")), growth=_fold(units.get("growth_markers")), bases=bases,
        range_openers=frozenset(phrase_key(o) for o in units.get("range_openers") or ["between"]),
    )
