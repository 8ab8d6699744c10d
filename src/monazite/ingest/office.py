"""Readers of office files, by kind: what ``parse`` calls for docx, xlsx and csv inputs.

Each takes the raw input and the settings and returns a ``reading.Reading`` (text, pages,
tables, file metadata) or raises ``UnsupportedInput`` with the reason (a truncated file, a
workbook without data). The readers live in their own modules: ``docx`` (Word), ``spreadsheet``
(xlsx), ``delimited`` (CSV and other delimited text). The ones exported here are guarded: an
exception a reader did not foresee (a library's reaction to a damaged file) still refuses
that one file with ``UnsupportedInput`` instead of stopping the batch.
"""

from __future__ import annotations

from collections.abc import Callable

from monazite.errors import IngestError, UnsupportedInput
from monazite.ingest import delimited, docx, spreadsheet
from monazite.ingest.reading import Reading
from monazite.ingest.sources import RawInput
from monazite.settings import Settings

__all__ = ["OFFICE_READERS", "read_csv", "read_docx", "read_xlsx"]

Reader = Callable[[RawInput, Settings], Reading]

_READERS: dict[str, Reader] = {"docx": docx.read_docx, "xlsx": spreadsheet.read_xlsx, "csv": delimited.read_csv}


def _guarded(kind: str) -> Reader:
    def read(raw: RawInput, settings: Settings) -> Reading:
        try:
            return _READERS[kind](raw, settings)
        except (IngestError, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - the last guard: one unreadable file, not a stopped batch
            raise UnsupportedInput(raw.origin, f"broken {kind}: {type(exc).__name__}: {exc}") from exc

    read.__name__ = read.__qualname__ = f"read_{kind}"
    read.__doc__ = _READERS[kind].__doc__
    return read


read_docx, read_xlsx, read_csv = _guarded("docx"), _guarded("xlsx"), _guarded("csv")

OFFICE_READERS: dict[str, Reader] = {"docx": read_docx, "xlsx": read_xlsx, "csv": read_csv}
