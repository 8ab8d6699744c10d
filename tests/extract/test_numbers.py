"""Digits, separators and number words, read alone."""

from __future__ import annotations

import pytest

from monazite.extract.numbers import NumberWords, parse_digits
from monazite.vocab import load_vocabulary


@pytest.mark.parametrize(("token", "value"), [
    ("8,000", 8000.0), ("8 000", 8000.0), ("8\u00a0000", 8000.0), ("8000", 8000.0), ("24.5", 24.5),
    ("1,234,567.89", 1234567.89), (".5", 0.5),
])
def test_parse_digits(token: str, value: float) -> None:
    assert parse_digits(token) == value


@pytest.mark.parametrize("token", ["", "abc", "1.2.3", "--"])
def test_parse_digits_refuses_non_numbers(token: str) -> None:
    with pytest.raises(ValueError):
        parse_digits(token)


@pytest.mark.parametrize(("text", "value"), [
    ("five", 5), ("Twenty", 20), ("twenty-one", 21), ("forty five", 45), ("a dozen", 12),
])
def test_number_words(text: str, value: float) -> None:
    words = NumberWords.from_lexicon(load_vocabulary().units)
    assert words.value(text) == value


def test_unknown_number_word_is_an_error() -> None:
    words = NumberWords.from_lexicon(load_vocabulary().units)
    with pytest.raises(KeyError):
        words.value("umpteen")
