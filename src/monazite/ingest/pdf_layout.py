"""Reading order of one PDF page from the positions of its characters.

A PDF stores glyphs at coordinates, in whatever order its producer wrote them; many write
two columns row by row across the page, so a reader that follows the content stream
interleaves them. Here the characters (already turned upright, in a top-down frame) become:

1. rows: characters on one baseline;
2. segments: a row cut where the horizontal gap is a column gutter, not a word space;
3. order: gutters are x bands no segment of the body crosses, with text on both sides; a
   segment crossing one (a title, a full-width paragraph, a table) closes a section, and
   within a section the columns are read left to right, each top to bottom;
4. paragraphs: lines of one column joined while the gap to the next baseline stays a line
   spacing and the font size stays the same; a word broken by a hyphen at a line end is
   joined again unless the hyphenated form occurs elsewhere in the document ("rare-earth").
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "Block", "Char", "Segment", "join_lines", "order_segments", "paragraphs", "segments_from_chars",
]

ROW_TOLERANCE = 0.35  # baselines closer than this many font sizes are one row
WORD_GAP = 0.18  # a gap wider than this many font sizes between glyphs is a word space
GUTTER_GAP = 1.5  # a gap wider than this many font sizes cuts a row into segments (columns, table cells)
GUTTER_MIN_WIDTH = 6.0  # points: a narrower empty band is not a gutter
GUTTER_CROSSING_SHARE = 0.12  # a gutter may be crossed by at most this share of the segments beside it
GUTTER_SIDE_SHARE = 0.25  # each side of a gutter holds at least this share of the page's segments
GUTTER_MAX_SPAN = 14400.0  # points: wider than the largest page PDF allows (200 in), no column search
COLUMN_MIN_WIDTH_SHARE = 0.22  # each column's mean line is at least this share of the text's width
PARAGRAPH_GAP = 1.3  # a baseline gap over this many times the column's usual spacing starts a paragraph...
PARAGRAPH_GAP_SIZES = 1.55  # ...when it is also over this many font sizes
USUAL_LEADING = 1.2  # line spacing in font sizes assumed for a column of too few lines to measure
MIN_GAPS_FOR_SPACING = 3
SIZE_CHANGE = 0.15  # a font size differing by more than this share starts a new paragraph (a heading)
SHORT_LINE = 0.7  # a line ending a sentence this short of the column's width ends its paragraph

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
             "\ufb06": "st"}
HARD_HYPHENS = "-\u2010"
SOFT_HYPHEN = "\u00ad"
_HYPHENATED_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)+")


@dataclass(frozen=True)
class Char:
    """A glyph in the page's upright top-down frame (points from the top-left corner)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class Segment:
    """A run of text on one baseline, between gutters: a line of one column, a heading, a cell."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def center_x(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Block:
    """An element of the page in reading order: a paragraph (its lines) or a table (``table``
    holds the reader's table object, placed by the caller)."""

    lines: list[Segment] = field(default_factory=list)
    table: object | None = None
    top: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0


def _clean_glyph(text: str) -> str:
    return LIGATURES.get(text, text)


def segments_from_chars(chars: Sequence[Char]) -> list[Segment]:
    """Rows of glyphs cut into segments at gutter-wide gaps, top to bottom, left to right."""
    visible = [c for c in chars if c.x1 >= c.x0 and c.bottom >= c.top]
    if not visible:
        return []
    visible.sort(key=lambda c: (c.bottom, c.x0))
    rows: list[list[Char]] = []
    row_base = None
    for char in visible:
        tolerance = ROW_TOLERANCE * max(char.size, 1.0)
        if row_base is not None and abs(char.bottom - row_base) <= tolerance and not char.text.isspace() \
                or (row_base is not None and char.text.isspace() and abs(char.bottom - row_base) <= 2 * tolerance):
            rows[-1].append(char)
        else:
            rows.append([char])
            row_base = char.bottom
    segments: list[Segment] = []
    for row in rows:
        row.sort(key=lambda c: c.x0)
        current: list[Char] = []
        previous_end = None
        for char in row:
            size = max(char.size, 1.0)
            if char.text.isspace():
                if current:
                    current.append(char)
                continue
            if previous_end is not None and char.x0 - previous_end > GUTTER_GAP * size and current:
                segments.append(_segment(current))
                current = []
            current.append(char)
            previous_end = char.x1
        if current:
            segments.append(_segment(current))
    segments = [s for s in segments if s.text]
    segments.sort(key=lambda s: (round(s.bottom, 1), s.x0))
    return segments


def _segment(chars: list[Char]) -> Segment:
    parts: list[str] = []
    previous: Char | None = None
    pending_space = False
    glyphs = [c for c in chars if not c.text.isspace()]
    for char in chars:
        if char.text.isspace():
            pending_space = True
            continue
        if previous is not None and (pending_space or char.x0 - previous.x1 > WORD_GAP * max(char.size, 1.0)):
            parts.append(" ")
        parts.append(_clean_glyph(char.text))
        previous, pending_space = char, False
    sizes = [c.size for c in glyphs] or [0.0]
    return Segment(text="".join(parts).strip(), x0=min(c.x0 for c in glyphs), x1=max(c.x1 for c in glyphs),
                   top=min(c.top for c in glyphs), bottom=max(c.bottom for c in glyphs),
                   size=statistics.median(sizes))


def _gutters(segments: Sequence[Segment]) -> list[tuple[float, float]]:
    """Empty x bands of the page's body with text on both sides: the column gutters."""
    if len(segments) < 6:
        return []
    left, right = min(s.x0 for s in segments), max(s.x1 for s in segments)
    if not right - left <= GUTTER_MAX_SPAN:  # also NaN: the cover below is one count per point
        return []
    width = int(right - left) + 1
    if width < 3 * GUTTER_MIN_WIDTH:
        return []
    # segments crossing each point of the width: +1 where a segment starts, -1 after it ends
    steps = np.zeros(width + 1, dtype=np.int64)
    np.add.at(steps, np.array([int(s.x0 - left) for s in segments]), 1)
    np.add.at(steps, np.array([min(int(s.x1 - left) + 1, width) for s in segments]), -1)
    cover = np.cumsum(steps[:width]).tolist()
    found: list[tuple[float, float]] = []
    x = 0
    while x < width:
        if cover[x] > len(segments) * GUTTER_CROSSING_SHARE:
            x += 1
            continue
        start = x
        while x < width and cover[x] <= len(segments) * GUTTER_CROSSING_SHARE:
            x += 1
        # the gutter proper is the least-crossed stretch of this sparse run (a ragged column
        # edge thins out towards it)
        lowest = min(cover[start:x])
        best, run_start = (start, start), None
        for position in range(start, x + 1):
            if position < x and cover[position] == lowest:
                run_start = position if run_start is None else run_start
            elif run_start is not None:
                if position - run_start > best[1] - best[0]:
                    best = (run_start, position)
                run_start = None
        band = (left + best[0], left + best[1])
        if band[1] - band[0] < GUTTER_MIN_WIDTH:
            continue
        lefts = [s for s in segments if s.x1 <= band[0] + 1]
        rights = [s for s in segments if s.x0 >= band[1] - 1]
        crossing = len(segments) - len(lefts) - len(rights)
        if min(len(lefts), len(rights)) < GUTTER_SIDE_SHARE * len(segments) or \
                crossing > GUTTER_CROSSING_SHARE * (len(lefts) + len(rights)):
            continue
        text_width = right - left
        if min(statistics.mean(s.x1 - s.x0 for s in lefts), statistics.mean(s.x1 - s.x0 for s in rights)) \
                < COLUMN_MIN_WIDTH_SHARE * text_width:
            continue  # short aligned items (a list, a key and its value): not columns
        found.append(band)
    return found


def order_segments(elements: Sequence[Block]) -> list[Block]:
    """Blocks (each a single line or a table, with its box) in reading order: sections split at
    elements crossing a gutter, columns read left to right within a section."""
    singles = [Segment(text="", x0=e.x0, x1=e.x1, top=e.top, bottom=e.bottom, size=1.0)
               for e in elements if e.table is None]
    gutters = _gutters(singles)
    ordered = sorted(elements, key=lambda e: (e.top, e.x0))
    if not gutters:
        return ordered
    cuts = [(a + b) / 2 for a, b in gutters]

    def column_of(element: Block) -> int | None:
        for band in gutters:
            if element.x0 < band[0] - 1 and element.x1 > band[1] + 1:
                return None  # crosses a gutter: full width
        return sum(1 for cut in cuts if (element.x0 + element.x1) / 2 > cut)

    result: list[Block] = []
    section: list[list[Block]] = [[] for _ in range(len(cuts) + 1)]
    for element in ordered:
        column = column_of(element)
        if column is None:
            for items in section:
                result.extend(items)
            section = [[] for _ in range(len(cuts) + 1)]
            result.append(element)
        else:
            section[column].append(element)
    for items in section:
        result.extend(items)
    return result


def hyphenated_words(texts: Iterable[str]) -> set[str]:
    """Words written with a hyphen inside a line ("rare-earth"), lower-cased: a line-end
    hyphen between their halves is kept."""
    found: set[str] = set()
    for text in texts:
        for match in _HYPHENATED_WORD.finditer(text):
            found.add(match.group(0).lower().replace("\u2010", "-"))
    return found


def join_lines(lines: Sequence[str], keep_hyphen: set[str] | frozenset[str] = frozenset()) -> str:
    """Lines of one paragraph as one string: a space between lines, a word broken at a line-end
    hyphen joined ("pro-" + "duction" -> "production") unless ``keep_hyphen`` holds it; a soft
    hyphen (U+00AD) marks a break only and is always dropped."""
    text = ""
    for raw in lines:
        line = raw.strip()
        soft_break = line.endswith(SOFT_HYPHEN)
        line = line.replace(SOFT_HYPHEN, "")
        if not line:
            continue
        if text.endswith(SOFT_HYPHEN):
            text = text[:-1] + line
        elif text and text[-1] in HARD_HYPHENS and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
            head = re.search(r"[^\W\d_]+$", text[:-1])
            tail = re.match(r"[^\W\d_]+", line)
            compound = f"{head.group(0) if head else ''}-{tail.group(0) if tail else ''}".lower()
            text = (text if compound in keep_hyphen else text[:-1]) + line
        elif text and text[-1] in HARD_HYPHENS and text[-2:-1].isdigit() and line[:1].isdigit():
            text += line  # a range broken after its dash: "5-" + "10"
        else:
            text = f"{text} {line}" if text else line
        if soft_break:
            text += SOFT_HYPHEN
    return text.replace(SOFT_HYPHEN, "")


def paragraphs(lines: Sequence[Segment]) -> list[list[Segment]]:
    """Consecutive lines of one column grouped into paragraphs, by line spacing, font size
    and short sentence-ending lines."""
    if not lines:
        return []
    gaps = sorted(b.bottom - a.bottom for a, b in zip(lines, lines[1:]) if 0 < b.bottom - a.bottom)
    # the column's line spacing: its tighter gaps (paragraph gaps are the wider ones)
    usual = gaps[len(gaps) // 4] if len(gaps) >= MIN_GAPS_FOR_SPACING else None
    width = max(s.x1 for s in lines) - min(s.x0 for s in lines)
    groups: list[list[Segment]] = [[lines[0]]]
    for previous, line in zip(lines, lines[1:]):
        gap = line.bottom - previous.bottom
        size_changed = abs(line.size - previous.size) > SIZE_CHANGE * max(previous.size, 1.0)
        size = max(previous.size, line.size, 1.0)
        threshold = max(PARAGRAPH_GAP_SIZES * size, PARAGRAPH_GAP * (usual or USUAL_LEADING * size))
        new = (
            gap <= 0  # a new column or section started above
            or size_changed
            or gap > threshold
            or abs(line.x0 - previous.x0) > 3 * max(previous.size, 1.0) and line.x0 < previous.x0
            or (previous.text[-1:] in ".:!?" and (previous.x1 - previous.x0) < SHORT_LINE * width)
        )
        if new:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups
