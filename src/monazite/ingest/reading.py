"""What a reader of a paginated or tabular file (PDF, docx, xlsx, csv) hands to ``parse``:
the final text, with its pages and tables already pointing at their characters.

Readers of such files build their text here, block by block, instead of returning a body
for ``parse`` to clean: boilerplate cleaning removes lines and would shift every page and
cell offset. ``ReadingBuilder`` keeps the offsets right by construction:

- blocks of one page are joined by ``"\\n"``; pages by ``"\\n\\n"`` (the separator belongs to
  the page before, so pages are contiguous and cover the text in order);
- a table is rendered by ``ingest.tables.render_table`` and placed as one block; when its
  rows run onto the next page (``row_pages``), that page starts at the first row printed on
  it, so ``Document.page_at(cell.start) == cell.page`` for every cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from monazite.ingest.tables import render_table, shift_table
from monazite.model import Page, Table

__all__ = ["BLOCK_SEPARATOR", "PAGE_SEPARATOR", "Reading", "ReadingBuilder", "offset_problems"]

BLOCK_SEPARATOR = "\n"  # between paragraphs (and tables) of one page
PAGE_SEPARATOR = "\n\n"  # between pages


@dataclass
class Reading:
    """A file's text as read, with pages and tables indexing it exactly; the file's own
    metadata (title, author, a creation date) fill what the text does not say."""

    text: str
    pages: list[Page] = field(default_factory=list)  # empty for unpaginated files (csv, xlsx)
    tables: list[Table] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    published: str | None = None  # a date from the file's metadata (ISO 8601 or the raw value)
    content_type: str = "pdf"  # pdf | docx | xlsx | csv
    encoding: str | None = None  # for text-based files (csv)
    repairs: list[str] = field(default_factory=list)  # notes on what was done or could not be read


@dataclass
class _PageMark:
    number: int
    start: int
    status: str
    rotation: int


class ReadingBuilder:
    """Appends blocks and tables to a text, recording where pages and tables lie.

    Call ``start_page`` before each page's blocks (not at all for unpaginated files); a
    page started by a table's continuation rows is only updated (status, rotation).
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._parts: list[str] = []
        self._length = 0
        self._marks: list[_PageMark] = []
        self._page_has_blocks = False
        self.tables: list[Table] = []
        self.repairs: list[str] = []

    @property
    def position(self) -> int:
        """The offset the next character will get."""
        return self._length

    @property
    def current_page(self) -> int | None:
        return self._marks[-1].number if self._marks else None

    def _append(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)

    def start_page(self, number: int, *, status: str = "text", rotation: int = 0) -> None:
        """Begin page ``number`` (pages must come in increasing order). A page a table has
        already run onto (the last page begun, or one a table crossed whole on its way to a
        later page) keeps its start and takes the status and rotation given."""
        for mark in reversed(self._marks):
            if mark.number == number:
                mark.status, mark.rotation = status, rotation
                return
            if mark.number < number:
                break
        if self._marks and number < self._marks[-1].number:
            raise ValueError(f"page {number} after page {self._marks[-1].number}")
        if self._length:
            self._append(PAGE_SEPARATOR)
        self._marks.append(_PageMark(number, self._length, status, rotation))
        self._page_has_blocks = False

    def _begin_block(self) -> None:
        if self._page_has_blocks or (not self._marks and self._length):
            self._append(BLOCK_SEPARATOR)
        self._page_has_blocks = True

    def add_text(self, block: str) -> tuple[int, int]:
        """Append one block (a paragraph, a heading; may hold line breaks) to the current
        page; returns its [start, end). Empty blocks are skipped."""
        if not block:
            return self._length, self._length
        self._begin_block()
        start = self._length
        self._append(block)
        return start, self._length

    def add_table(self, rows: Sequence[Sequence[object]], *, header_rows: int = 1, caption: str | None = None,
                  sheet: str | None = None, row_pages: Sequence[int | None] | None = None,
                  kind: str | None = None) -> Table:
        """Render ``rows`` (headers first) as one block and record the table (numbered in
        order of addition). Rows printed on a later page than the current one start that
        page at their line."""
        text, table = render_table(rows, index=len(self.tables) + 1, kind=kind or self.kind, header_rows=header_rows,
                                   caption=caption, sheet=sheet, row_pages=row_pages)
        self._begin_block()
        start = self._length
        self._append(text)
        placed = shift_table(table, start)
        self.tables.append(placed)
        if row_pages and self._marks:
            self._mark_pages_inside(placed, text, start)
        return placed

    def _mark_pages_inside(self, table: Table, text: str, start: int) -> None:
        """Start each later page at the line of the first row printed on it."""
        first_cells: dict[int, int] = {}
        for cell in table.cells:
            if cell.col == 0 and cell.page is not None:
                first_cells.setdefault(cell.page, cell.start)
        for page, offset in sorted(first_cells.items()):
            if page <= self._marks[-1].number:
                continue
            line_start = text.rfind("\n", 0, offset - start) + 1 + start
            self._marks.append(_PageMark(page, line_start, "text", 0))
            self._page_has_blocks = True

    def note(self, repair: str) -> None:
        self.repairs.append(repair)

    def build(self, **metadata: object) -> Reading:
        """The reading: text, pages (each up to the next page's start, the last to the end of
        the text), tables, and the metadata given (``title``, ``author``, ``published``...)."""
        text = "".join(self._parts)
        pages: list[Page] = []
        for i, mark in enumerate(self._marks):
            end = self._marks[i + 1].start if i + 1 < len(self._marks) else len(text)
            pages.append(Page(number=mark.number, start=mark.start, end=end, status=mark.status,
                              rotation=mark.rotation))
        repairs = [*self.repairs, *metadata.pop("repairs", [])]  # type: ignore[misc]
        return Reading(text=text, pages=pages, tables=list(self.tables), content_type=self.kind,
                       repairs=repairs, **metadata)  # type: ignore[arg-type]


def offset_problems(text: str, pages: Sequence[Page], tables: Sequence[Table]) -> list[str]:
    """What breaks the invariants every consumer relies on: pages contiguous, in order and
    covering ``text``; each table inside the text, its cells inside it, each cell's
    [start, end) holding exactly its text; the text storable as UTF-8 (no lone surrogate a
    reader let through). Empty when all hold."""
    problems: list[str] = []
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        problems.append(f"character {exc.start} is not storable text ({text[exc.start]!a})")
    if pages:
        if pages[0].start != 0 or pages[-1].end != len(text):
            problems.append(f"pages cover [{pages[0].start}, {pages[-1].end}) of a text of {len(text)} characters")
        for before, page in zip(pages, pages[1:]):
            if page.start != before.end or page.number <= before.number:
                problems.append(f"page {page.number} does not follow page {before.number}")
        problems += [f"page {p.number} ends before it starts" for p in pages if p.end < p.start]
    for table in tables:
        if not 0 <= table.start <= table.end <= len(text):
            problems.append(f"table {table.index} lies outside the text")
            continue
        for cell in table.cells:
            if not (table.start <= cell.start <= cell.end <= table.end) or text[cell.start:cell.end] != cell.text:
                problems.append(f"table {table.index} cell ({cell.row}, {cell.col}) does not index its text")
                break
    return problems
