"""The period a figure refers to: "2024 exports" -> 2024, "first-quarter" published in
2025 -> 2025-Q1, "this year" -> the publication year, or None when the text does not say.

A period is never guessed from today's date: with no publication date, "this year" and a
quarter without a year stay unresolved.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from typing import Any

from monazite.extract.context import DocContext, phrase_key, phrase_regex
from monazite.model import PartialDate

__all__ = ["PeriodFinder"]

ANAPHORA_SENTENCES = 20  # how far back "in the quarter" may look for the period it refers to
INHERIT_SENTENCES = 2  # earlier sentences of the same paragraph whose period a figure may inherit
_YEAR = re.compile(r"(?<![\w.,$])(?:19[5-9]\d|20\d\d)(?![\w%]|-(?:ton|tonne|t)\b)", re.IGNORECASE)



class PeriodFinder:
    """Period cues of one document, found once and looked up per figure."""

    def __init__(self, ctx: DocContext, rules: Mapping[str, Any], blocked: Iterable[tuple[int, int]]) -> None:
        self.ctx = ctx
        self.quarters = {phrase_key(k): int(v) for k, v in (rules.get("quarter_words") or {}).items()}
        self.halves = {phrase_key(k): int(v) for k, v in (rules.get("half_words") or {}).items()}
        self.relative = {phrase_key(k): int(v) for k, v in (rules.get("relative_periods") or {}).items()}
        self.anaphors = {phrase_key(k): int(v) for k, v in (rules.get("anaphoric_periods") or {}).items()}
        cue = phrase_regex([*self.quarters, *self.halves, *self.relative, *self.anaphors])
        spans = sorted(blocked)
        starts = [b for b, _ in spans]
        self.cues: list[tuple[int, str, Any]] = []  # (position, kind, value)
        for m in cue.finditer(ctx.text):
            self.cues.append((m.start(), "word", phrase_key(m.group(0))))
        for m in _YEAR.finditer(ctx.text):
            i = bisect_left(starts, m.start() + 1) - 1
            if i < 0 or not spans[i][0] <= m.start() < spans[i][1]:
                self.cues.append((m.start(), "year", int(m.group(0))))
        for d in ctx.dates:
            if d.date.year is not None:
                self.cues.append((d.start, "year", d.date.year))
                if d.date.month is not None:
                    self.cues.append((d.start, "month", PartialDate(d.date.year, d.date.month).iso))
        self.cues.sort(key=lambda c: (c[0], c[1]))
        self._positions = [c[0] for c in self.cues]
        self._by_sentence: dict[tuple[tuple[int, int], str], list[tuple[int, str, Any]]] = {}

    def period_for(self, pos: int, sentence: tuple[int, int], segment: tuple[int, int] | None = None) -> str | None:
        found = self._resolve(pos, sentence, segment or sentence)
        if found is not None:
            return found
        para = self.ctx.paragraph_start(sentence[0])
        idx = self.ctx.sentence_index(sentence[0])
        for back in range(1, INHERIT_SENTENCES + 1):
            j = idx - back
            if j < 0 or self.ctx.sentences[j][0] < para:
                break
            prev = self.ctx.sentences[j]
            found = self._resolve(prev[1], prev, prev, anaphora=False)
            if found is not None:
                return found
        return None

    def _cues(self, span: tuple[int, int]) -> list[tuple[int, str, Any]]:
        return self.cues[bisect_left(self._positions, span[0]):bisect_left(self._positions, span[1])]

    def _sentence_cues(self, sentence: tuple[int, int], kind: str) -> list[tuple[int, str, Any]]:
        """Cues of one kind in a sentence, computed once per sentence (figures share sentences)."""
        key = (sentence, kind)
        if key not in self._by_sentence:
            self._by_sentence[key] = [c for c in self._cues(sentence) if c[1] == kind]
        return self._by_sentence[key]

    def _anchor(self, pos: int, kind: str, sentence: tuple[int, int], segment: tuple[int, int]) -> Any:
        """The figure's own cue: the first after it in its clause ("20 tonnes in 2024"), else the
        last before it there, else the sentence's first (its main clause's: "300 tonnes in 2024,
        compared with 270,000 tonnes for China")."""
        own = [c for c in self._cues(segment) if c[1] == kind]
        after = [c for c in own if c[0] >= pos]
        before = [c for c in own if c[0] < pos]
        if after or before:
            return (after[0] if after else before[-1])[2]
        rest = self._sentence_cues(sentence, kind)
        return rest[0][2] if rest else None

    def _resolve(self, pos: int, sentence: tuple[int, int], segment: tuple[int, int],
                 anaphora: bool = True) -> str | None:
        year = self._anchor(pos, "year", sentence, segment)
        published = self.ctx.published.year if self.ctx.published else None
        for _, _, key in self._sentence_cues(sentence, "word"):
            if key in self.quarters or key in self.halves:
                y = year or published
                if y is None:
                    return None
                if key in self.quarters:
                    return PartialDate(y, quarter=self.quarters[key]).iso
                return PartialDate(y, half=self.halves[key]).iso
            if key in self.relative and year is None:
                return str(published + self.relative[key]) if published else None
            if key in self.anaphors and year is None and anaphora:
                return self._anaphoric(sentence, self.anaphors[key])
        month = self._anchor(pos, "month", segment, segment)
        if month is not None and (year is None or month.startswith(str(year))):
            return month
        return str(year) if year else None

    def _anaphoric(self, sentence: tuple[int, int], offset: int) -> str | None:
        """'in the quarter', 'the following year': the period last stated, moved by ``offset`` years."""
        idx = self.ctx.sentence_index(sentence[0])
        for j in range(idx - 1, max(-1, idx - 1 - ANAPHORA_SENTENCES), -1):
            prev = self.ctx.sentences[j]
            if self._cues(prev):
                found = self._resolve(prev[0], prev, prev, anaphora=False)
                if found is None:
                    return None
                if offset == 0:
                    return found
                return str(int(found[:4]) + offset) if found[:4].isdigit() else None
        return None
