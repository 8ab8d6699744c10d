"""The shape of a sheet: a grid of cells (an xlsx sheet, a CSV file) turned into a table with
its caption and header rows, the way an analyst would read it.

Spreadsheets behind disclosures are laid out for people, not parsers: a title in the first
row ("Production by product (tonnes REO)"), a header row whose cells span two or more
columns ("2023" over "H1" and "H2"), spacer columns and blank rows. ``shape_grid`` keeps the
data and says which rows are headers; it never reorders or edits a cell's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["GridTable", "is_number_text", "is_period_text", "looks_like_data", "shape_grid"]

MAX_TITLE_ROWS = 3  # single-cell rows above the header read as the caption (title, subtitle, unit line)
BODY_NUMBER_SHARE = 0.5  # a row whose value cells are at least this share numbers is data, not a header

_NUMBER = re.compile(r"^[(\-\u2212+]?\s*[$€£¥]?\s*\d[\d,.\s\u202f\u00a0']*\s*%?\)?$")
# a period label heading a column: a year, a financial year, a quarter or half, with an
# optional estimate mark ("2024e") or range ("2023-24")
_PERIOD = re.compile(r"^(?:(?:FY|CY)\s?)?(?:19|20)\d{2}(?:\s?[-/]\s?\d{2,4})?[ef]?$|^(?:Q[1-4]|H[12])\b.*$",
                     re.IGNORECASE)


@dataclass
class GridTable:
    """A sheet's table: rows of cell texts, headers first, and the caption above it."""

    rows: list[list[str]]
    header_rows: int
    caption: str | None = None


def is_number_text(text: str) -> bool:
    """Whether a cell reads as a figure ("1,234", "(56.7)", "12.5%", "$3.2")."""
    return bool(_NUMBER.match(text.strip()))


def is_period_text(text: str) -> bool:
    """Whether a cell reads as a period heading a column ("2024", "FY2024", "Q3 2024", "2024e")."""
    return bool(_PERIOD.match(text.strip()))


def _is_value(text: str) -> bool:
    """A figure that is not a period label: the mark of a data row."""
    return is_number_text(text) and not is_period_text(text)


def looks_like_data(row: Sequence[str]) -> bool:
    """Whether a row reads as data: its value cells (after the row label) are mostly figures
    other than period labels."""
    values = [t for t in row[1:] if t] or [t for t in row if t]
    return bool(values) and sum(map(_is_value, values)) / len(values) >= BODY_NUMBER_SHARE


def _non_empty(row: Sequence[str]) -> int:
    return sum(1 for t in row if t)


def _drop_empty(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    """Rows with text (with their index in the sheet), and only the columns holding text
    somewhere (spacer columns dropped)."""
    rows = [(i, r) for i, r in rows if any(r)]
    width = max((len(r) for _, r in rows), default=0)
    rows = [(i, r + [""] * (width - len(r))) for i, r in rows]
    keep = [c for c in range(width) if any(r[c] for _, r in rows)]
    return [(i, [r[c] for c in keep]) for i, r in rows]


def _second_header(first: Sequence[str], second: Sequence[str], spans_columns: bool) -> bool:
    """Whether ``second`` continues the header ``first`` starts: the first row spans columns
    (merged cells, or blanks where the second row names its columns: "2023" over "H1", "H2")
    and the second row is labels, not figures."""
    if looks_like_data(second) or _non_empty(second) < 2:
        return False
    blanks_over_labels = any(not a and b for a, b in zip(first[1:], second[1:], strict=False))
    return spans_columns or blanks_over_labels


def shape_grid(rows: Sequence[Sequence[str]], *, merged_rows: frozenset[int] = frozenset()) -> GridTable | None:
    """The table a grid of cell texts holds, or None when it holds no text.

    1. empty rows and columns are dropped;
    2. up to ``MAX_TITLE_ROWS`` single-cell rows at the top of a wider grid are the caption;
    3. the first row is the header unless it reads as data; the second row is a header too
       when the first spans columns (a merged cell: its sheet row index is in ``merged_rows``;
       or blanks above the second row's labels) and the second row is labels.
    """
    indexed = _drop_empty([(i, [t.strip() for t in r]) for i, r in enumerate(rows)])
    if not indexed:
        return None
    titles: list[str] = []
    while len(indexed[0][1]) > 1 and len(indexed) > 1 and len(titles) < MAX_TITLE_ROWS \
            and _non_empty(indexed[0][1]) == 1 and not looks_like_data(indexed[0][1]):
        titles.append(next(t for t in indexed[0][1] if t))
        indexed = _drop_empty(indexed[1:])
    caption = " ".join(titles) or None
    grid = [r for _, r in indexed]
    if looks_like_data(grid[0]) or len(grid) == 1:
        header_rows = 0 if looks_like_data(grid[0]) else 1
    elif len(grid) > 2 and _second_header(grid[0], grid[1], indexed[0][0] in merged_rows):
        header_rows = 2
    else:
        header_rows = 1
    return GridTable(rows=grid, header_rows=header_rows, caption=caption)
