"""The dictionary matcher behind mentions: one Aho-Corasick pass over a normalised text.

Text and aliases are normalised the same way (dashes and line breaks become spaces, runs
of spaces collapse, curly apostrophes straighten) so "neodymium-iron-boron" meets
"neodymium iron boron" and "Rare\\nEarth" meets "Rare Earth". A piecewise offset map
takes every match back to exact offsets in the original text.

Two automata share the pass: case-insensitive names, and exact-case short acronyms,
symbols, tickers, demonyms and capitals ("US" but not "us", "Polish" but not "polish").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import ahocorasick

from monazite.vocab import AliasSpec, Vocabulary

__all__ = ["Candidate", "Matcher", "NormalisedText", "build_matcher", "normalise"]

_TRANSLATE = str.maketrans({
    "-": " ", "\u2010": " ", "\u2011": " ", "\u2012": " ", "\u2013": " ", "\u2014": " ", "\u2015": " ",
    "\n": " ", "\r": " ", "\t": " ", "\f": " ", "\v": " ", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "\u2018": "'", "\u2019": "'", "\u02bc": "'",
})
_SPACE_RUN = re.compile(r" {2,}")
LATIN_LIMIT = 0x370  # characters below this (Latin, digits) form words with their neighbours


@dataclass(frozen=True)
class Candidate:
    """A possible mention in original-text offsets, before overlaps are resolved."""

    start: int
    end: int
    entity_id: str
    form: str


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def normalise(text: str) -> str:
    """The normal form used for aliases (and, with an offset map, for texts)."""
    return _SPACE_RUN.sub(" ", text.translate(_TRANSLATE)).strip()


class NormalisedText:
    """A text in normal form plus the map from normal offsets back to the original."""

    def __init__(self, text: str) -> None:
        translated = text.translate(_TRANSLATE)
        pieces: list[str] = []
        self._norm_starts: list[int] = []
        self._orig_starts: list[int] = []
        pos = npos = 0
        for m in _SPACE_RUN.finditer(translated):
            piece = translated[pos:m.start() + 1]
            self._norm_starts.append(npos)
            self._orig_starts.append(pos)
            pieces.append(piece)
            npos += len(piece)
            pos = m.end()
        self._norm_starts.append(npos)
        self._orig_starts.append(pos)
        pieces.append(translated[pos:])
        self.cased = "".join(pieces)
        self.lower = _lower(self.cased)

    def original(self, index: int) -> int:
        j = bisect_right(self._norm_starts, index) - 1
        return self._orig_starts[j] + index - self._norm_starts[j]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.original(start), self.original(end - 1) + 1


class Matcher:
    """Both automata for one vocabulary; built once and kept in ``Vocabulary.memo``."""

    def __init__(self, loose: ahocorasick.Automaton, exact: ahocorasick.Automaton) -> None:
        self._loose = loose
        self._exact = exact

    def candidates(self, norm: NormalisedText) -> list[Candidate]:
        out: list[Candidate] = []
        for automaton, hay, exact in ((self._loose, norm.lower, False), (self._exact, norm.cased, True)):
            if len(automaton) == 0:
                continue
            n = len(hay)
            for last, (length, entity_id, form) in automaton.iter(hay):
                first = last - length + 1
                if first > 0 and _joined(hay[first - 1], hay[first]):
                    if not (exact and _camel_start(hay, first)):
                        continue
                nxt = last + 1
                if nxt < n and (_joined(hay[last], hay[nxt]) or hay[nxt] == "$"):
                    continue  # inside a word, or a currency prefix such as "US$"
                start, end = norm.span(first, last + 1)
                out.append(Candidate(start, end, entity_id, form))
        return out


def _latin_word(c: str) -> bool:
    return c.isalnum() and ord(c) < LATIN_LIMIT


def _joined(a: str, b: str) -> bool:
    """Two adjacent characters of one Latin-script word. Chinese names need no spaces around
    them, and a stray Thai letter from mojibake ("CNRE\u0e42s") does not glue to a Latin name."""
    return _latin_word(a) and _latin_word(b)


def _camel_start(hay: str, i: int) -> bool:
    """An acronym glued to a heading's last word ("SqueezeCNRE") still starts a name."""
    return hay[i - 1].islower() and hay[i].isupper() and i + 1 < len(hay) and hay[i + 1].isupper()


def build_matcher(vocab: Vocabulary) -> Matcher:
    loose: dict[str, tuple[int, str, AliasSpec]] = {}
    exact: dict[str, tuple[int, str, AliasSpec]] = {}

    def better(current: tuple[int, str, AliasSpec] | None, spec: AliasSpec) -> bool:
        if current is None:
            return True
        old = vocab.kind_rank(vocab.entities[current[2].entity_id].kind)
        return vocab.kind_rank(vocab.entities[spec.entity_id].kind) < old

    for spec in vocab.alias_specs:
        key = normalise(spec.text)
        if not key:
            continue
        table = exact if spec.case_sensitive else loose
        key = key if spec.case_sensitive else _lower(key)
        if better(table.get(key), spec):
            table[key] = (len(key), spec.entity_id, spec)
    automata = []
    for table in (loose, exact):
        automaton = ahocorasick.Automaton()
        for key, (length, entity_id, spec) in table.items():
            automaton.add_word(key, (length, entity_id, spec.form))
        if table:
            automaton.make_automaton()
        automata.append(automaton)
    return Matcher(*automata)
