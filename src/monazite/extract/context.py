"""One document's text with its sentence index and resolved mentions, shared by the fact
and event extractors so each question ("which sentence holds offset 812?", "which
organizations are mentioned before it?") is a bisect, not a rescan.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from monazite.model import Entity, Mention, PartialDate

__all__ = ["ORG_KINDS", "PLACE_KINDS", "THING_KINDS", "DocContext", "phrase_key", "phrase_regex"]

ORG_KINDS = frozenset({"company", "state_body", "agency", "research_institute", "university"})
PLACE_KINDS = frozenset({"country", "region"})
THING_KINDS = frozenset({"element", "material"})
BACKWARD_MENTIONS = 200  # how many earlier mentions a reference word ("the company", "the country") may look through


def phrase_key(text: str) -> str:
    """The lookup key of a phrase matched by ``phrase_regex``: lower case, curly apostrophe
    folded, runs of spaces or hyphens as one space. Lexicon tables are keyed with it too, so
    "year-on-year", "Year on year" and "year on-year" find the same entry."""
    return " ".join(re.split(r"[\s-]+", text.strip().lower().replace("\u2019", "'")))


def phrase_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """Word-bounded, case-insensitive alternation of phrases, the longest matching one
    preferred; any apostrophe matches ' or ’, any run of spaces or hyphens matches another.

    The alternation is laid out as a trie (one branch per next character), so the regex
    engine tries one branch per position instead of every phrase: a vocabulary of hundreds
    of triggers costs about what a handful does."""
    return _phrase_regex(frozenset(p.strip() for p in phrases if p and p.strip()))


@lru_cache(maxsize=256)
def _phrase_regex(phrases: frozenset[str]) -> re.Pattern[str]:
    trie: dict = {}
    for p in phrases:
        node = trie
        for i, part in enumerate(re.split(r"[\s-]+", p)):
            units = ([_SEP] if i else []) + [_APOS if ch in "'’" else ch.lower() for ch in part]
            for unit in units:
                node = node.setdefault(unit, {})
        node[_END] = {}
    body = _trie_regex(trie) if trie else r"(?!x)x"
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)


def literal_alternation(words: Iterable[str]) -> str:
    """A regex body matching any of ``words`` literally (for use under IGNORECASE), laid out as
    a trie like ``phrase_regex``'s, the longest word preferred."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch.lower(), {})
        node[_END] = {}
    return _trie_regex(trie) if trie else r"(?!x)x"


_SEP, _APOS, _END = "\x00sep", "\x00apos", "\x00end"
_UNIT_REGEX = {_SEP: r"[\s-]+", _APOS: "['’]", _END: ""}


def _trie_regex(node: dict) -> str:
    """The regex of one trie node: each next unit then its subtree, the phrase ending here
    tried last, so a longer phrase wins over its own prefix as in a longest-first list. The
    branches exclude each other (they begin with different characters), so their order does
    not change what matches."""
    branches = []
    for unit in sorted(node, key=lambda u: (u == _END, u)):
        if unit == _END:
            branches.append("")
            continue
        branches.append(_UNIT_REGEX.get(unit) or re.escape(unit))
        branches[-1] += _trie_regex(node[unit])
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


@dataclass
class DocContext:
    """Text, sentence spans and mentions of one document, indexed for position lookups."""

    document_id: str
    text: str
    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    entities: Mapping[str, Entity]
    published: PartialDate | None = None
    dates: list = field(default_factory=list)  # DateMention, sorted by start
    adjectival: frozenset[int] = frozenset()  # starts of mentions used as adjectives ("Belgian", "Chinese")
    _sent_starts: list[int] = field(default_factory=list, repr=False)
    _mention_starts: list[int] = field(default_factory=list, repr=False)
    _date_starts: list[int] = field(default_factory=list, repr=False)
    _newlines: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.sentences = sorted(self.sentences)
        self.mentions = sorted(self.mentions, key=lambda m: (m.start, -m.end))
        self.dates = sorted(self.dates, key=lambda d: d.start)
        self._sent_starts = [s for s, _ in self.sentences]
        self._mention_starts = [m.start for m in self.mentions]
        self._date_starts = [d.start for d in self.dates]
        self._newlines = [m.start() for m in re.finditer("\n", self.text)]

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The sentence holding ``pos``; a position between sentences gets a one-line span."""
        i = bisect_right(self._sent_starts, pos) - 1
        if i >= 0 and self.sentences[i][0] <= pos < self.sentences[i][1]:
            return self.sentences[i]
        return self.line_span(pos)

    def line_span(self, pos: int) -> tuple[int, int]:
        """(start, end) of the line holding ``pos``, by bisect over the text's line breaks."""
        i = bisect_left(self._newlines, pos)
        start = self._newlines[i - 1] + 1 if i > 0 else 0
        end = self._newlines[i] if i < len(self._newlines) else len(self.text)
        return start, end

    def sentence_index(self, pos: int) -> int:
        return bisect_right(self._sent_starts, pos) - 1

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        lo = bisect_left(self._mention_starts, start)
        hi = bisect_left(self._mention_starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def mentions_back(self, pos: int, limit: int = BACKWARD_MENTIONS) -> Iterator[Mention]:
        """Mentions starting before ``pos``, nearest first, at most ``limit`` of them: looking
        back is bounded so that a long document stays linear."""
        i = bisect_left(self._mention_starts, pos)
        for j in range(i - 1, max(-1, i - 1 - limit), -1):
            yield self.mentions[j]

    def dates_in(self, start: int, end: int) -> list:
        lo = bisect_left(self._date_starts, start)
        hi = bisect_left(self._date_starts, end)
        return self.dates[lo:hi]

    def kind(self, m: Mention) -> str:
        ent = self.entities.get(m.entity_id)
        return ent.kind if ent is not None else m.kind

    def kind_of(self, entity_id: str) -> str | None:
        ent = self.entities.get(entity_id)
        return ent.kind if ent is not None else None

    def entity(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def paragraph_start(self, pos: int) -> int:
        """Start of the block (text after the last blank line or line break) holding ``pos``."""
        return self.line_span(pos)[0]
