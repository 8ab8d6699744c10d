"""CSV files: delimiter sniffed, encoding detected, a title line as caption, cells as written."""

from __future__ import annotations

import pytest

from monazite.errors import IngestError, UnsupportedInput
from monazite.ingest.delimited import read_csv, sniff_delimiter
from monazite.ingest.parse import parse_raw
from monazite.ingest.sources import RawInput
from monazite.model import Document
from monazite.settings import Settings
from tests.ingest.office_factory import check_offsets, report_csv


def parse(data: bytes, name: str = "release.csv") -> Document:
    [result] = list(parse_raw(RawInput(origin=name, data=data, kind="csv"), Settings(semantic_search=False)))
    if isinstance(result, IngestError):
        raise result
    return result


def test_semicolon_release_with_title() -> None:
    document = parse(report_csv())
    check_offsets(document)
    [table] = document.tables
    assert (table.kind, table.header_rows, table.sheet) == ("csv", 1, None)
    assert table.caption == "Seltene Erden: Einfuhren nach Produkt (Tonnen)" == document.title
    assert document.text == ("Seltene Erden: Einfuhren nach Produkt (Tonnen)\n"
                             "Produkt | 2023 | 2024\n"
                             "Neodym-Oxid | 1.234,5 | 1.502,0\n"
                             "Dysprosium-Metall | 12,5 | 15,25")
    assert table.cell(1, 2).text == "1.502,0" and document.content_type == "csv"


def test_cp1252_and_quoted_fields() -> None:
    data = 'Company,Country,Capacity (t)\n"Société Générale des Terres Rares, SA",France,"1,200"\n'.encode("cp1252")
    reading = read_csv(RawInput("fr.csv", data, "csv"), Settings())
    assert reading.tables[0].cell(1, 0).text == "Société Générale des Terres Rares, SA"
    assert reading.tables[0].cell(1, 2).text == "1,200" and reading.encoding == "cp1252"


@pytest.mark.parametrize(("text", "delimiter"), [
    ("a\tb\tc\n1\t2\t3\n", "\t"),
    ("Product|2024\nNdPr|1\n", "|"),
    ("x;y\n1,5;2,5\n3,5;4,5\n", ";"),
    ("Title line without delimiters\nx;y;z\n1;2;3\n4;5;6\n", ";"),
])
def test_sniff_delimiter(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


def test_empty_csv_refused() -> None:
    with pytest.raises(UnsupportedInput, match="empty csv"):
        read_csv(RawInput("e.csv", b";;;\n;;\n", "csv"), Settings())
