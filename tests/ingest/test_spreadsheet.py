"""xlsx workbooks: a table per sheet with its title and header rows, cached formula values,
numbers as the sheet shows them, dates as ISO; empty and broken workbooks refused."""

from __future__ import annotations

import io

import openpyxl
import pytest

from monazite.errors import IngestError, UnsupportedInput
from monazite.ingest.parse import parse_raw
from monazite.ingest.sources import RawInput
from monazite.ingest.spreadsheet import read_xlsx
from monazite.model import Document
from monazite.settings import Settings
from tests.ingest.office_factory import check_offsets, report_xlsx


def parse(data: bytes, name: str = "book.xlsx") -> Document:
    [result] = list(parse_raw(RawInput(origin=name, data=data, kind="xlsx"), Settings(semantic_search=False)))
    if isinstance(result, IngestError):
        raise result
    return result


def rows_of(table) -> list[list[str]]:
    return [[table.cell(r, c).text for c in range(table.n_cols)] for r in range(table.n_rows)]


def test_workbook_sheets_titles_headers_and_formula() -> None:
    document = parse(report_xlsx())
    check_offsets(document)
    assert document.content_type == "xlsx" and document.pages == []
    production, prices = document.tables
    assert (production.index, production.kind, production.sheet) == (1, "xlsx", "Production")
    assert production.caption == "Production by product (tonnes REO)" and production.header_rows == 2
    assert rows_of(production) == [
        ["Product", "2023", "", "2024", ""],
        ["", "H1", "H2", "H1", "H2"],
        ["NdPr oxide", "2,950", "2,511", "3,100.5", "3,458"],
        ["Heavy rare earths", "120", "98", "131.0", "140"],
        ["Total", "3,070", "2,609", "3,231.5", "3,598"],  # the formula's cached value
    ]
    assert (prices.sheet, prices.caption, prices.header_rows) == ("Prices", None, 1)
    assert rows_of(prices) == [["Date", "NdPr oxide (US$/kg)", "Change"], ["2024-06-30", "55.25", "12.5%"]]
    assert document.text.startswith(
        "Sheet: Production\nProduction by product (tonnes REO)\nProduct | 2023 |  | 2024 | \n")
    assert "Sheet: Empty" not in document.text and "\nSheet: Prices\n" in document.text
    assert (document.title, document.author) == ("Production workbook", "Investor Relations")
    assert not any(r.startswith("xlsx_formulas_without_cached_value") for r in document.repairs)


def test_uncalculated_formula_noted() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Product", "2024"])
    sheet.append(["NdPr oxide", 10])
    sheet.append(["Total", "=SUM(B2:B2)"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    reading = read_xlsx(RawInput("gen.xlsx", buffer.getvalue(), "xlsx"), Settings())
    assert reading.text == "Sheet: Sheet\nProduct | 2024\nNdPr oxide | 10\nTotal | "
    assert any(r.startswith("xlsx_formulas_without_cached_value:1") for r in reading.repairs)
    assert reading.author is None  # openpyxl as "creator" is a library, not a person


def test_spacer_columns_and_blank_rows_dropped() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet["B2"], sheet["D2"] = "Country", "Share"
    sheet["B4"], sheet["D4"] = "China", 0.69
    sheet["D4"].number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    reading = read_xlsx(RawInput("d.xlsx", buffer.getvalue(), "xlsx"), Settings())
    assert reading.text == "Sheet: Data\nCountry | Share\nChina | 69%"


def test_empty_and_broken_workbooks_refused() -> None:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    with pytest.raises(UnsupportedInput, match="empty xlsx"):
        read_xlsx(RawInput("empty.xlsx", buffer.getvalue(), "xlsx"), Settings())
    data = report_xlsx()
    for damaged in (data[: len(data) // 2], data[:100], b"PK\x03\x04" + bytes(200)):
        with pytest.raises(UnsupportedInput, match="broken xlsx"):
            read_xlsx(RawInput("bad.xlsx", damaged, "xlsx"), Settings())
    [result] = list(parse_raw(RawInput("bad.xlsx", data[:-40], "xlsx"), Settings()))
    assert isinstance(result, UnsupportedInput) and result.reason.startswith("broken xlsx")


def test_zip_bomb_refused() -> None:
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * 5_000_000 + b">")
    with pytest.raises(UnsupportedInput, match="oversized xlsx"):
        read_xlsx(RawInput("bomb.xlsx", buffer.getvalue(), "xlsx"), Settings(max_file_bytes=100_000))
