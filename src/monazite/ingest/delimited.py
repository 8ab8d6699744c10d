"""CSV and other delimited text files as one table.

Statistical releases often come as CSV exported from a spreadsheet, in the exporter's
locale: ``;`` between fields where the decimal mark is a comma, tabs, pipes. The delimiter is
sniffed (``csv.Sniffer`` over the first lines, then the most regular candidate), the
encoding found as for any text input (``encoding.decode_bytes``), and the grid shaped like a
sheet (``grid.shape_grid``: a title line is the caption, one or two header rows). Cells keep
the text as written: "1.234,5" stays "1.234,5".
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from monazite.errors import UnsupportedInput
from monazite.ingest.encoding import decode_bytes
from monazite.ingest.grid import shape_grid
from monazite.ingest.reading import Reading, ReadingBuilder
from monazite.ingest.repair import repair_text
from monazite.ingest.sources import RawInput
from monazite.ingest.spreadsheet import MAX_CELLS
from monazite.settings import Settings

__all__ = ["DELIMITERS", "read_csv", "sniff_delimiter"]

DELIMITERS = ",;\t|"
SNIFF_CHARS = 16_384  # text handed to the sniffer
SNIFF_LINES = 50  # lines the fallback counts delimiters over


def sniff_delimiter(text: str) -> str:
    """The field delimiter: ``csv.Sniffer`` when it decides among ``DELIMITERS``; else the
    candidate found the same non-zero number of times on most lines (a title line aside)."""
    sample = text[:SNIFF_CHARS]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        pass
    lines = [line for line in sample.splitlines()[:SNIFF_LINES] if line.strip()]
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        counts = Counter(line.count(delimiter) for line in lines)
        counts.pop(0, None)
        score = max(counts.values(), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(raw: RawInput, settings: Settings) -> Reading:
    """The file as one table (kind "csv"); the caption, when the first line is a title, is
    also the reading's title. Raises ``UnsupportedInput`` for binary or empty input."""
    text, encoding = decode_bytes(raw.data, raw.origin)
    text, repairs = repair_text(text)
    delimiter = sniff_delimiter(text)
    rows: list[list[str]] = []
    cells = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append(row)
            cells += len(row)
            if cells >= MAX_CELLS:
                repairs.append(f"csv_truncated_at_cells:{MAX_CELLS}")
                break
    except csv.Error as exc:
        raise UnsupportedInput(raw.origin, f"broken csv: {exc}") from exc
    table = shape_grid(rows)
    if table is None:
        raise UnsupportedInput(raw.origin, "empty csv: no field holds any text")
    builder = ReadingBuilder("csv")
    builder.add_table(table.rows, header_rows=table.header_rows, caption=table.caption)
    reading = builder.build(title=table.caption, repairs=repairs)
    reading.encoding = encoding
    return reading
