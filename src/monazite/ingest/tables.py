"""Tables as text: every reader (PDF, web page, spreadsheet, word-processor file) hands its
tables here as rows of cell strings, and gets back the lines to put into the document's
text and a ``Table`` whose cells point at their own characters in those lines.

A table is rendered one line per row, cells joined by `` | ``, under its caption; an empty
cell is an empty span at its place in the line. The rendering is what an analyst reads on
the document page and what ``monazite show`` prints, so it is plain and stable: the same
rows always give the same text.
"""

from __future__ import annotations

from collections.abc import Sequence

from monazite.model import Table, TableCell

__all__ = ["CELL_SEPARATOR", "clean_cell", "render_table", "shift_table"]

CELL_SEPARATOR = " | "


def clean_cell(value: object) -> str:
    """A cell's text on one line: whitespace runs collapsed, a separator bar replaced (so a
    cell never splits in two when the rendering is read back), None as empty."""
    if value is None:
        return ""
    text = str(value).replace("|", "/")
    return " ".join(text.split())


def render_table(rows: Sequence[Sequence[object]], *, index: int, kind: str, header_rows: int = 1,
                 caption: str | None = None, sheet: str | None = None,
                 row_pages: Sequence[int | None] | None = None) -> tuple[str, Table]:
    """``(text, table)``: the table rendered as lines, and the ``Table`` with offsets relative
    to the start of ``text`` (move it into the document with ``shift_table``).

    ``rows`` are the table's rows, headers first; short rows are padded to the widest.
    ``row_pages`` gives the page each row is printed on, for a table spanning pages.
    """
    width = max((len(r) for r in rows), default=0)
    lines: list[str] = []
    cells: list[TableCell] = []
    position = 0
    caption_text = clean_cell(caption) if caption else None
    if caption_text:
        lines.append(caption_text)
        position = len(caption_text) + 1
    for r, row in enumerate(rows):
        page = row_pages[r] if row_pages is not None and r < len(row_pages) else None
        parts: list[str] = []
        column_start = position
        for c in range(width):
            text = clean_cell(row[c]) if c < len(row) else ""
            if c:
                column_start += len(CELL_SEPARATOR)
            cells.append(TableCell(row=r, col=c, text=text, start=column_start, end=column_start + len(text),
                                   page=page))
            parts.append(text)
            column_start += len(text)
        line = CELL_SEPARATOR.join(parts)
        lines.append(line)
        position += len(line) + 1
    text = "\n".join(lines)
    pages = tuple(sorted({p for p in (row_pages or ()) if p is not None}))
    table = Table(index=index, start=0, end=len(text), cells=cells, header_rows=min(header_rows, len(rows)),
                  caption=caption_text, kind=kind, sheet=sheet, pages=pages)
    return text, table


def shift_table(table: Table, offset: int, *, index: int | None = None) -> Table:
    """The same table with every offset moved by ``offset`` characters (and, when given, a
    new index): for placing a rendered table at its position in the document text."""
    return Table(
        index=table.index if index is None else index, start=table.start + offset, end=table.end + offset,
        cells=[TableCell(row=c.row, col=c.col, text=c.text, start=c.start + offset, end=c.end + offset,
                         page=c.page) for c in table.cells],
        header_rows=table.header_rows, caption=table.caption, kind=table.kind, sheet=table.sheet,
        pages=table.pages,
    )
