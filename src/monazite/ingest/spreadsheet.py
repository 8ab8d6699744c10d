"""xlsx workbooks as text and tables: each sheet with data is one table under a
"Sheet: NAME" line.

openpyxl reads the workbook in read-only mode (rows streamed, memory flat) with
``data_only=True``, so a formula gives the value the spreadsheet application last
calculated and saved. A file written by a generator that never calculated its formulas has
no such values: those cells are empty and the reading's repairs say how many there were.
Merged cells are not exposed in read-only mode, so the sheet's ``<mergeCell>`` list is read
from its XML (a merged cell in the first header row is what marks a two-row header).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import openpyxl
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from monazite.errors import UnsupportedInput
from monazite.ingest.grid import shape_grid
from monazite.ingest.numformat import format_value
from monazite.ingest.ooxml import BROKEN_PACKAGE, GENERATOR_NAMES, check_package
from monazite.ingest.reading import Reading, ReadingBuilder
from monazite.ingest.sources import RawInput
from monazite.settings import Settings

__all__ = ["MAX_CELLS", "read_xlsx"]

MAX_CELLS = 250_000  # cells read from one workbook; past this the rest is left out and noted
SCAN_CHUNK = 1 << 20  # bytes of a sheet's XML scanned at a time for merges and uncalculated formulas
SCAN_OVERLAP = 4096  # bytes carried between chunks, longer than any one match

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+\d+:[A-Z]+\d+)"')
# a formula followed by an empty or missing cached value
_UNCALCULATED = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>)\s*"
                           rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>|</(?:\w+:)?c>)")
_BROKEN = (InvalidFileException, *BROKEN_PACKAGE)


def _scan_sheet(package: zipfile.ZipFile, path: str | None) -> tuple[frozenset[int], int]:
    """The 0-based indices of rows where a merged cell spans columns, and the number of
    formulas without a cached value, read from the sheet's XML in chunks."""
    if not path or path not in package.namelist():
        return frozenset(), 0
    merged: set[int] = set()
    uncalculated = 0
    tail = b""
    with package.open(path) as stream:
        while chunk := stream.read(SCAN_CHUNK):
            buffer = tail + chunk
            for match in _MERGE.finditer(buffer):
                if match.end() > len(tail):
                    min_col, min_row, max_col, _max_row = range_boundaries(match.group(1).decode("ascii"))
                    if max_col > min_col:
                        merged.add(min_row - 1)
            uncalculated += sum(1 for m in _UNCALCULATED.finditer(buffer) if m.end() > len(tail))
            tail = buffer[-SCAN_OVERLAP:]
    return frozenset(merged), uncalculated


def _sheet_rows(sheet: object, budget: int) -> Iterator[list[str]]:
    """The sheet's rows as cell texts, from row 1 (empty rows as []), within ``budget`` cells."""
    sheet.reset_dimensions()  # type: ignore[attr-defined]  # the file's <dimension> may be wrong
    for row in sheet.iter_rows():  # type: ignore[attr-defined]
        if budget <= 0:
            return
        budget -= len(row)
        yield [format_value(cell.value, getattr(cell, "number_format", None)) for cell in row]


def _person(name: str | None) -> str | None:
    return name if name and name.strip().lower() not in GENERATOR_NAMES else None


def read_xlsx(raw: RawInput, settings: Settings) -> Reading:
    """Every sheet with data as a table (kind "xlsx", ``sheet`` its name) under a "Sheet: NAME"
    line; the workbook's title, creator and creation date. Raises ``UnsupportedInput`` for a
    broken file or a workbook without data."""
    check_package(raw.data, raw.origin, "xlsx", settings.max_file_bytes)
    builder = ReadingBuilder("xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(raw.data)) as package:
            workbook = openpyxl.load_workbook(io.BytesIO(raw.data), read_only=True, data_only=True)
            try:
                budget, uncalculated = MAX_CELLS, 0
                for sheet in workbook.worksheets:
                    if not hasattr(sheet, "iter_rows"):
                        continue  # a chart sheet
                    merged, missing = _scan_sheet(package, getattr(sheet, "_worksheet_path", None))
                    uncalculated += missing
                    rows = list(_sheet_rows(sheet, budget))
                    budget -= sum(len(r) for r in rows)
                    table = shape_grid(rows, merged_rows=merged)
                    if table is None:
                        continue
                    builder.add_text(f"Sheet: {sheet.title}")
                    builder.add_table(table.rows, header_rows=table.header_rows, caption=table.caption,
                                      sheet=sheet.title)
                    if budget <= 0:
                        builder.note(f"xlsx_truncated_at_cells:{MAX_CELLS}")
                        break
                properties = workbook.properties
            finally:
                workbook.close()
    except _BROKEN as exc:
        raise UnsupportedInput(raw.origin, f"broken xlsx: {type(exc).__name__}: {exc}") from exc
    if not builder.tables:
        raise UnsupportedInput(raw.origin, "empty xlsx: no sheet holds any data")
    if uncalculated:
        builder.note(f"xlsx_formulas_without_cached_value:{uncalculated} (the file was saved without "
                     "calculating them; those cells are empty)")
    return builder.build(title=properties.title or None, author=_person(properties.creator),
                         published=properties.created.isoformat() if properties.created else None)
