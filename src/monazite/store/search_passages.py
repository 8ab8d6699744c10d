"""The passage shown under a search hit, with the query's words marked.

Highlights are computed here rather than by the database (FTS5 ``snippet``,
``ts_headline``) so both backends show the same thing and so the result is a list of
(text, highlighted) segments: the page escapes each segment and wraps the marked ones,
never trusting markers embedded in untrusted text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Passage", "best_passage", "term_pattern"]

PASSAGE_CHARS = 260  # length of the shown passage
LEAD_CHARS = 60  # context kept before the first highlighted word
MIN_STEM = 4  # shortest prefix a query word is cut to when matching inflected forms
_SUFFIXES = ("ing", "ed", "es", "s")  # stripped so "exports" also marks "export", "exported"


@dataclass(frozen=True)
class Passage:
    """A window of a document's text: offsets into the repaired text and marked segments."""

    start: int
    end: int
    segments: tuple[tuple[str, bool], ...]
    clipped_start: bool
    clipped_end: bool

    @property
    def text(self) -> str:
        return "".join(s for s, _ in self.segments)

    def to_dict(self) -> dict:
        return {
            "start": self.start, "end": self.end, "text": self.text,
            "highlights": [[a, b] for a, b in _marked_offsets(self)],
            "clipped_start": self.clipped_start, "clipped_end": self.clipped_end,
        }


def _stem(word: str) -> str:
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= MIN_STEM:
            return word[: -len(suf)]
    return word


def term_pattern(terms: tuple[str, ...] | list[str]) -> re.Pattern[str] | None:
    stems = sorted({_stem(w.lower()) for w in terms if w}, key=len, reverse=True)
    if not stems:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)


def best_passage(text: str, terms: tuple[str, ...] | list[str] | re.Pattern[str] | None) -> Passage:
    """The window with the most distinct query words (then the most matches), marked.

    ``terms`` is the query's words, or the pattern ``term_pattern`` made of them (build it
    once when marking many documents).
    """
    pattern = terms if isinstance(terms, re.Pattern) or terms is None else term_pattern(terms)
    matches = list(pattern.finditer(text)) if pattern else []
    if not matches:
        end = _snap_end(text, min(len(text), PASSAGE_CHARS))
        return Passage(0, end, ((text[:end], False),) if end else (), False, end < len(text))
    best_i, best_key = 0, (-1, -1)
    for i, m in enumerate(matches):
        inside = [x for x in matches[i:] if x.end() <= m.start() + PASSAGE_CHARS - LEAD_CHARS]
        key = (len({x.group(0).lower() for x in inside}), len(inside))
        if key > best_key:
            best_i, best_key = i, key
    first = matches[best_i]
    start = _snap_start(text, max(0, first.start() - LEAD_CHARS))
    end = _snap_end(text, min(len(text), start + PASSAGE_CHARS))
    segments: list[tuple[str, bool]] = []
    pos = start
    for m in matches:
        if m.start() < start or m.end() > end:
            continue
        if m.start() > pos:
            segments.append((text[pos:m.start()], False))
        segments.append((text[m.start():m.end()], True))
        pos = m.end()
    if pos < end:
        segments.append((text[pos:end], False))
    return Passage(start, end, tuple(segments), start > 0, end < len(text))


def _snap_start(text: str, pos: int) -> int:
    """Move forward to the start of a word so the passage does not open mid-word."""
    if pos == 0:
        return 0
    space = text.find(" ", pos, pos + 20)
    return space + 1 if space != -1 else pos


def _snap_end(text: str, pos: int) -> int:
    if pos >= len(text):
        return len(text)
    space = text.rfind(" ", max(0, pos - 20), pos)
    return space if space > 0 else pos


def _marked_offsets(p: Passage) -> list[tuple[int, int]]:
    out, pos = [], p.start
    for seg, marked in p.segments:
        if marked:
            out.append((pos, pos + len(seg)))
        pos += len(seg)
    return out
