"""Sentence spans for news text, markdown tables, bullet lists and headings.

Every fact quotes its sentence, so spans must be exact offsets into the text, must never
run across a table cell, a bullet or a heading, and must not break at "U.S.", "Co." or
"3.5". The splitter works in two passes:

1. cut the text into blocks: each table cell, each bullet line, each heading-like line
   (short, no final punctuation) and each paragraph (wrapped lines joined back);
2. cut each block at sentence punctuation followed by space and a capital, a digit or a
   quote, unless the word before the point is an abbreviation or an initial.
"""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

HEADING_MAX_CHARS = 90  # an unpunctuated line this short is a heading, not a wrapped sentence
MAX_SENTENCE_CHARS = 2000  # a longer run without a sentence end (a table dump, a one-line file) is cut at spaces
LOOK_CHARS = 64  # how far either side of a full stop the abbreviation and next-word checks read

# Never a sentence end, whatever follows: titles, "e.g.", "No. 5", initials are handled apart.
_ALWAYS_ABBREV = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "st", "mt", "ft",
    "e.g", "i.e", "cf", "vs", "approx", "no", "nos", "fig", "op", "vol", "pp", "sr", "jr", "messrs",
})
# Usually not a sentence end ("U.S. firms", "Co. Ltd"), but a sentence may end on them when
# the next word is a typical sentence opener ("... in the U.S. The firm said").
_SOFT_ABBREV = frozenset({
    "u.s", "u.k", "u.n", "e.u", "u.s.a", "p.r.c", "d.c", "co", "inc", "ltd", "corp", "plc", "bros", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "est", "al",
})
_OPENERS = frozenset({
    "the", "this", "that", "these", "those", "it", "its", "in", "on", "at", "he", "she", "they", "we", "i",
    "but", "and", "a", "an", "as", "meanwhile", "however", "there", "while", "with", "for", "after", "by",
})

_LINE = re.compile(r"[^\n]*\n?")
_BULLET = re.compile(r"^\s*(?:[-*+\u2022\u25aa\u25cf\u2013\u2014]|\d{1,3}[.)]|[a-z][.)])\s+")
_TABLE_SEPARATOR = re.compile(r"^\s*:?-{2,}:?\s*$")
_TERMINAL = ".!?:;\"'\u201d\u2019)]"
_BOUNDARY = re.compile(r"([.!?\u2026]+)([\"'\u201d\u2019)\]]*)(\s+)(?=[\"'\u201c\u2018(\[]?[^\s])")
_WORD_BEFORE = re.compile(r"([\w.\-]+)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence; ``text[start:end]`` has no surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    for start, end in _blocks(text):
        _split_block(text, start, end, spans)
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _blocks(text: str) -> list[tuple[int, int]]:
    blocks: list[tuple[int, int]] = []
    para: tuple[int, int] | None = None  # paragraph being built from wrapped lines
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        s, e = _trim(text, m.start(), m.end())
        line = text[s:e]
        if not line:
            para = _flush(para, blocks)
            continue
        if "|" in line:
            para = _flush(para, blocks)
            _cells(text, s, e, blocks)
            continue
        bullet = _BULLET.match(line)
        if bullet:
            para = _flush(para, blocks)
            blocks.append((s + bullet.end(), e))
            continue
        if para is not None and _continues(text[para[1] - 1], para[1] - para[0], line):
            para = (para[0], e)
            continue
        para = _flush(para, blocks)
        para = (s, e)
    _flush(para, blocks)
    return blocks


def _continues(last_char: str, length: int, line: str) -> bool:
    """A wrapped line continues its paragraph (``length`` characters so far, ending in
    ``last_char``); a heading or a finished sentence does not."""
    if last_char in _TERMINAL:
        return False
    return line[0].islower() or length > HEADING_MAX_CHARS


def _flush(para: tuple[int, int] | None, blocks: list[tuple[int, int]]) -> None:
    if para is not None and para[1] > para[0]:
        blocks.append(para)
    return None


def _cells(text: str, start: int, end: int, blocks: list[tuple[int, int]]) -> None:
    pos = start
    while pos <= end:
        bar = text.find("|", pos, end)
        cell_end = end if bar < 0 else bar
        s, e = _trim(text, pos, cell_end)
        if e > s and not _TABLE_SEPARATOR.match(text[s:e]):
            blocks.append((s, e))
        if bar < 0:
            break
        pos = bar + 1


def _split_block(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    block = text[start:end]
    cut = 0
    for m in _BOUNDARY.finditer(block):
        if not _is_boundary(block, m):
            continue
        _add(text, start + cut, start + m.end(2), spans)
        cut = m.end()
    _add(text, start + cut, end, spans)


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append the trimmed span, cut at whitespace into pieces of at most MAX_SENTENCE_CHARS:
    every later step reads a figure's sentence, so an unbounded one makes extraction quadratic."""
    s, e = _trim(text, start, end)
    while e - s > MAX_SENTENCE_CHARS:
        limit = s + MAX_SENTENCE_CHARS
        space = max(text.rfind(" ", s + MAX_SENTENCE_CHARS // 2, limit), text.rfind("\n", s + MAX_SENTENCE_CHARS // 2, limit))
        piece_end = space if space > s else limit
        ps, pe = _trim(text, s, piece_end)
        if pe > ps:
            spans.append((ps, pe))
        s, e = _trim(text, piece_end, e)
    if e > s:
        spans.append((s, e))


def _is_boundary(block: str, m: re.Match[str]) -> bool:
    # Only a bounded look either side: a paragraph of thousands of sentences stays linear.
    after = block[m.end():m.end() + LOOK_CHARS]
    nxt = after.lstrip("\"'\u201c\u2018([")[:1]
    if nxt.islower():
        return False
    if m.group(1) != ".":
        return True  # "?", "!", "..." end a sentence before any capital or digit
    before = _WORD_BEFORE.search(block, max(0, m.start() - LOOK_CHARS), m.start())
    if before is None:
        return True
    word = before.group(1).lower().lstrip("-")
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "Donald J. Trump"
    if word in _ALWAYS_ABBREV:
        return False
    if word in _SOFT_ABBREV or re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
        next_word = re.match(r"[\w']+", after)
        return bool(next_word) and next_word.group(0).lower() in _OPENERS and not nxt.isdigit()
    return True
