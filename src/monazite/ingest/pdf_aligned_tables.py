"""PDF tables drawn without a grid, found from the alignment of their columns.

Most reports print their tables with a rule above and below the header and none between
the columns, or with no rule at all; pdfplumber's "lines" finder (``pdf_tables``) sees no
cells there, and the rows would be read as prose, one cell per line. Here the page's
segments (``pdf_layout``: a row cut at gaps wider than a word space) are read for rows
whose cells fall into the same columns.

Prose must never become a table, so a run of rows is a table only when all of these hold:

- at least ``MIN_ROWS`` rows, ``MIN_DATA_ROWS`` of them holding two numbers or more in
  separate cells (a year header counts: it is what a table's header looks like);
- at least ``MIN_NUMBER_COLUMNS`` columns of figures (most of their cells numbers or dashes)
  and at least three columns in all;
- every row's cells fall into the columns (no cell straddles two, no column holds two cells
  of one row), rows follow each other at a table's spacing, in one font size;
- text cells are short (a column of prose lines beside a table is prose).

A two-column page (two long text segments per line), a numbered list (one number per line)
and a key-value list (one figure per line) fail these, and stay prose.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from monazite.ingest.pdf_layout import Segment
from monazite.ingest.pdf_tables import FoundTable
from monazite.ingest.tables import clean_cell

__all__ = ["find_aligned_tables"]

MIN_ROWS = 3
MIN_DATA_ROWS = 2
MIN_NUMBER_COLUMNS = 2
NUMBER_COLUMN_SHARE = 0.6  # of a figures column's body cells, at least this share numbers or dashes
ROW_TOLERANCE = 0.35  # font sizes: baselines closer than this are one row
ROW_GAP = 2.6  # font sizes: a wider gap between baselines ends the table...
ROW_GAP_SPACING = 1.6  # ...as does one over this many times the table's usual row spacing
SIZE_TOLERANCE = 0.2  # share: a row in another font size (a running header, a heading) is not the table's
MAX_HEADER_ROWS = 3
MAX_LABEL_CHARS = 80  # the first column's labels
MAX_TEXT_CELL_CHARS = 40  # another text column's cells (units, countries, statuses)
EDGE_TOLERANCE = 1.0  # points

NUMBER = re.compile(
    r"^[(\-\u2212\u2013+]?\s*(?:[A-Z]{0,3}[$\u20ac\u00a3\u00a5]|[$\u20ac\u00a3\u00a5])?\s*"
    r"(?:\d{1,3}(?:[,\u00a0\u202f ]\d{3})+|\d+)(?:[.,]\d+)?\s*(?:%|x|bps?|pts?)?\s*\)?\s*[*\u2020\u2021]?$")
DASH = re.compile(r"^(?:[-\u2010-\u2015\u2212]+|n/?a|n\.?m\.?|nil|\.{2,3}|\u2026)$", re.I)
# a column heading naming a period: "2024", "2024/25", "FY2024", "FY24", "H1 2024", "Q3 24", "2025E"
PERIOD = re.compile(r"^(?:(?:FY|CY|H[12]|Q[1-4]|[1-4][QH])\s*'?\d{2}(?:\d{2})?|'\d{2}"
                    r"|(?:19|20)\d{2}(?:\s*[/\u2013-]\s*\d{2,4})?)[AEFPB]?$", re.I)


def _is_number(text: str) -> bool:
    return bool(NUMBER.match(text))


def _is_figure(text: str) -> bool:
    """A figures column's cell: a number or a dash (no value)."""
    return bool(NUMBER.match(text) or DASH.match(text))


def _is_heading(text: str) -> bool:
    """A header row's cell: words or a period, not a figure."""
    return bool(PERIOD.match(text)) or not _is_figure(text)


@dataclass
class _Row:
    segments: list[Segment]  # left to right

    @property
    def baseline(self) -> float:
        return max(s.bottom for s in self.segments)

    @property
    def size(self) -> float:
        return statistics.median(s.size for s in self.segments)

    @property
    def is_data(self) -> bool:
        """Three cells or more, two of them numbers: the rows a table is recognised by."""
        return len(self.segments) >= 3 and sum(1 for s in self.segments if _is_number(s.text)) >= 2

    @property
    def is_heading(self) -> bool:
        return len(self.segments) >= 2 and all(_is_heading(s.text) and len(s.text) <= MAX_TEXT_CELL_CHARS
                                               for s in self.segments)


def _rows(segments: Sequence[Segment]) -> list[_Row]:
    rows: list[_Row] = []
    for segment in sorted(segments, key=lambda s: (s.bottom, s.x0)):
        if rows and abs(segment.bottom - rows[-1].baseline) <= ROW_TOLERANCE * max(segment.size, 1.0):
            rows[-1].segments.append(segment)
        else:
            rows.append(_Row([segment]))
    for row in rows:
        row.segments.sort(key=lambda s: s.x0)
    return rows


def _columns(rows: Sequence[_Row]) -> list[tuple[float, float]]:
    """The x intervals the rows' cells occupy, overlapping ones merged: one per column."""
    spans = sorted((s.x0, s.x1) for row in rows for s in row.segments)
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 <= merged[-1][1] + EDGE_TOLERANCE:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _place(row: _Row, columns: Sequence[tuple[float, float]], *, heading: bool) -> list[str] | None:
    """The row's cells in ``columns``, or None when it does not fit them: a cell outside every
    column or straddling two, or two cells in one column. A heading's cell may span columns
    (it goes to the first) or sit between them (it goes to the nearest)."""
    cells = [""] * len(columns)
    for segment in row.segments:
        hits = [i for i, (a, b) in enumerate(columns)
                if segment.x0 <= b + EDGE_TOLERANCE and segment.x1 >= a - EDGE_TOLERANCE]
        if not hits and heading:
            hits = [min(range(len(columns)), key=lambda i: abs(sum(columns[i]) / 2 - segment.center_x))]
        if not hits or (len(hits) > 1 and not heading) or cells[hits[0]]:
            return None
        cells[hits[0]] = clean_cell(segment.text)
    return cells


def _close(above: _Row, below: _Row, spacing: float | None) -> bool:
    """Whether ``below`` follows ``above`` at a table's row spacing and in its font size."""
    size = max(above.size, below.size, 1.0)
    gap = below.baseline - above.baseline
    if abs(above.size - below.size) > SIZE_TOLERANCE * size:
        return False
    return 0 < gap <= ROW_GAP * size and (spacing is None or gap <= ROW_GAP_SPACING * spacing)


def _run(rows: Sequence[_Row], first: int) -> tuple[int, int]:
    """[start, end) of the rows around the data row ``first``: heading rows directly above
    it, then rows below at the table's spacing (a one-cell row only between two others)."""
    start = first
    while start > 0 and first - start < MAX_HEADER_ROWS and rows[start - 1].is_heading \
            and _close(rows[start - 1], rows[start], None):
        start -= 1
    end = first + 1
    while end < len(rows):
        gaps = [b.baseline - a.baseline for a, b in zip(rows[first:end], rows[first + 1:end])]
        spacing = statistics.median(gaps) if gaps else None
        if not _close(rows[end - 1], rows[end], spacing):
            break
        if len(rows[end].segments) < 2 and not (end + 1 < len(rows) and len(rows[end + 1].segments) >= 2
                                                 and _close(rows[end], rows[end + 1], spacing)):
            break
        end += 1
    return start, end


def _table(rows: Sequence[_Row]) -> tuple[FoundTable, int] | None:
    """The table the leading rows of ``rows`` make and how many rows it takes, or None when a
    guard fails. Columns come from the data rows; the table ends at the first row that does
    not fit them."""
    header = 0
    while header < min(MAX_HEADER_ROWS, len(rows)) and not rows[header].is_data and rows[header].is_heading:
        header += 1
    if header < len(rows) and rows[header].is_data and all(_is_heading(s.text) for s in rows[header].segments) \
            and header < MAX_HEADER_ROWS:
        header += 1  # a header of years ("Product | 2022 | 2023") reads like a data row
    columns = _columns([r for r in rows[header:] if r.is_data])
    if len(columns) < 3:
        return None
    grid: list[list[str]] = []
    taken: list[_Row] = []
    for i, row in enumerate(rows):
        cells = _place(row, columns, heading=i < header)
        if cells is None:
            if i < header:
                return None  # a heading above that does not fit: leave it to the caller's next try
            break
        grid.append(cells)
        taken.append(row)
    while len(taken) > header and len(taken[-1].segments) < 2:
        taken.pop()
        grid.pop()
    body = grid[header:]
    if len(grid) < MIN_ROWS or sum(1 for r in taken[header:] if r.is_data) < MIN_DATA_ROWS:
        return None
    figures = 0
    for c in range(1, len(columns)):
        values = [row[c] for row in body if row[c]]
        numbers = sum(1 for v in values if _is_number(v))
        if numbers >= 2 and sum(1 for v in values if _is_figure(v)) >= NUMBER_COLUMN_SHARE * len(values):
            figures += 1
        elif any(len(v) > MAX_TEXT_CELL_CHARS for v in values):
            return None  # a column of prose lines beside the figures
    if figures < MIN_NUMBER_COLUMNS or any(len(row[0]) > MAX_LABEL_CHARS for row in grid):
        return None
    segments = [s for row in taken for s in row.segments]
    box = (min(s.x0 for s in segments), min(s.top for s in segments), max(s.x1 for s in segments),
           max(s.bottom for s in segments))
    return FoundTable(rows=grid, box=box, column_edges=tuple(a for a, _ in columns), header_rows=header,
                      segments=segments), len(taken)


def find_aligned_tables(segments: Sequence[Segment]) -> list[FoundTable]:
    """Tables drawn without a grid among ``segments`` (one page's, ruled tables' words already
    out), top to bottom; each ``FoundTable.segments`` holds the segments it took."""
    rows = _rows(segments)
    found: list[FoundTable] = []
    i = 0
    while i < len(rows):
        if not rows[i].is_data:
            i += 1
            continue
        start, end = _run(rows, i)
        made = _table(rows[start:end])
        if made is None and start < i:  # without the rows taken for its header
            start, made = i, _table(rows[i:end])
        if made is None:
            i += 1
            continue
        table, taken = made
        found.append(table)
        i = start + taken
    return found
