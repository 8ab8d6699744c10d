"""Readers of office files, by kind: what ``parse`` calls for docx, xlsx and csv inputs.

Each takes the raw input and the settings and returns a ``reading.Reading`` (text, pages,
tables, file metadata) or raises ``UnsupportedInput`` with the reason (a truncated file, a
workbook without data). The readers live in their own modules: ``docx`` (Word), ``spreadsheet``
(xlsx), ``delimited`` (CSV and other delimited text).
"""

from __future__ import annotations

from collections.abc import Callable

from monazite.ingest.delimited import read_csv
from monazite.ingest.docx import read_docx
from monazite.ingest.reading import Reading
from monazite.ingest.sources import RawInput
from monazite.ingest.spreadsheet import read_xlsx
from monazite.settings import Settings

__all__ = ["OFFICE_READERS", "read_csv", "read_docx", "read_xlsx"]

OFFICE_READERS: dict[str, Callable[[RawInput, Settings], Reading]] = {
    "docx": read_docx, "xlsx": read_xlsx, "csv": read_csv,
}
