"""Ruled tables of a PDF page, found by pdfplumber's table finder.

pdfplumber finds a table from the lines and boxes drawn around its cells (its "lines"
strategy) and reads each cell's text. It is slow next to PDFium's text layer, so it is asked
only about pages that draw paths at all; its boxes are brought into the page's reading frame
(``pdf_glyphs.Frame``) so the prose reader can leave the table's words out and put the table
in its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from monazite.ingest.pdf_glyphs import Frame
from monazite.ingest.pdf_layout import Segment
from monazite.ingest.tables import clean_cell

__all__ = ["FoundTable", "MIN_PATHS_FOR_TABLES", "find_tables", "same_columns"]

MIN_PATHS_FOR_TABLES = 4  # a page drawing fewer paths (rules, boxes) has no ruled table to find
COLUMN_MATCH_TOLERANCE = 0.06  # share of a table's width within which two parts' column edges agree


@dataclass
class FoundTable:
    rows: list[list[str]]  # cell texts, one list per row, the finder's order (top to bottom)
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in the reading frame
    column_edges: tuple[float, ...]  # left edge of each column in the frame, for joining parts across pages
    header_rows: int = 1  # ruled tables: the first row is taken as the header
    segments: list[Segment] = field(default_factory=list)  # a table found by alignment: the words it took

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def find_tables(plumber_page: object, frame: Frame) -> list[FoundTable]:
    """Tables of at least two rows and two columns on ``plumber_page`` (a ``pdfplumber.page.Page``),
    top to bottom; empty rows dropped."""
    _, displayed_height = frame.displayed_size()
    found: list[FoundTable] = []
    for table in plumber_page.find_tables():  # type: ignore[attr-defined]
        rows = [[clean_cell(cell) for cell in row] for row in table.extract()]
        rows = [row for row in rows if any(row)]
        if len(rows) < 2 or max(len(r) for r in rows) < 2:
            continue  # a box drawn round a paragraph, a rule under a heading
        x0, top, x1, bottom = table.bbox
        box = frame.box(x0, displayed_height - bottom, x1, displayed_height - top, displayed=True)
        first_row = table.rows[0].cells if table.rows else []
        edges = tuple(sorted(frame.box(c[0], displayed_height - c[3], c[2], displayed_height - c[1],
                                       displayed=True)[0] for c in first_row if c is not None))
        found.append(FoundTable(rows=rows, box=box, column_edges=edges))
    found.sort(key=lambda t: t.box[1])
    return found


def same_columns(first: FoundTable, second: FoundTable) -> bool:
    """Whether ``second`` (at the top of a page) continues ``first`` (at the foot of the page
    before): as many columns, at the same places."""
    if first.n_cols != second.n_cols:
        return False
    width = max(first.box[2] - first.box[0], 1.0)
    if len(first.column_edges) != len(second.column_edges):
        return abs(first.box[0] - second.box[0]) <= COLUMN_MATCH_TOLERANCE * width
    return all(abs(a - b) <= COLUMN_MATCH_TOLERANCE * width for a, b in zip(first.column_edges, second.column_edges))
