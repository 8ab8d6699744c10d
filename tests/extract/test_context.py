"""The phrase matcher every lexicon goes through (`context.phrase_regex`)."""

from __future__ import annotations

import random
import re

from monazite.extract.context import phrase_key, phrase_regex


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


def test_longest_phrase_wins_over_its_prefix():
    pattern = phrase_regex(["rare earth", "rare earth magnet", "rare earth magnets", "rare"])
    assert _spans(pattern, "Rare earth magnets and rare metals.") == [(0, 18, "Rare earth magnets"), (23, 27, "rare")]


def test_apostrophes_match_either_form():
    pattern = phrase_regex(["the country's", "China's Ministry of Commerce"])
    text = "The country\u2019s exports; China's Ministry of Commerce said."
    assert [s[2] for s in _spans(pattern, text)] == ["The country\u2019s", "China's Ministry of Commerce"]


def test_spaces_and_hyphens_are_one_separator_and_words_are_bounded():
    pattern = phrase_regex(["year on year", "ore"])
    text = "Up year-on-year, year  on-year; more ore, ores."
    assert [s[2] for s in _spans(pattern, text)] == ["year-on-year", "year  on-year", "ore"]
    assert phrase_key("Year -on-year") == "year on year"


def test_empty_list_matches_nothing():
    assert phrase_regex([]).search("anything") is None
    assert phrase_regex(["", "  "]).search("anything") is None


def _flat(phrases: list[str]) -> re.Pattern[str]:
    """The plain longest-first alternation the trie must agree with (apostrophes left out,
    which the flat form cannot express without a character class)."""
    alts = [r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", p)))
            for p in sorted(set(phrases), key=len, reverse=True)]
    return re.compile(rf"(?<![\w])(?:{'|'.join(alts)})(?![\w])", re.IGNORECASE)


def test_trie_matches_what_a_longest_first_alternation_matches():
    rng = random.Random(7)
    words = ["rare", "earth", "earths", "oxide", "ore", "or", "magnet", "magnets", "mine", "min", "a", "an"]
    for _ in range(200):
        phrases = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 12))]
        text = " ".join(rng.choice(words + ["-", ",", "X"]) for _ in range(60))
        text = "".join(c.upper() if rng.random() < 0.1 else c for c in text)
        assert _spans(phrase_regex(phrases), text) == _spans(_flat(phrases), text), phrases
