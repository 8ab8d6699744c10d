"""Spreadsheet values rendered as the sheet shows them, the exact value always recoverable."""

from __future__ import annotations

import datetime as dt

import pytest

from monazite.ingest.numformat import format_value


@pytest.mark.parametrize(("value", "number_format", "shown"), [
    (1234.5, "#,##0.0", "1,234.5"),
    (1234, "#,##0", "1,234"),
    (1234.56, "#,##0", "1,234.56"),  # the format would round: the digits are kept
    (0.125, "0.0%", "12.5%"),
    (0.1234, "0%", "12.34%"),
    (1234.5, "[$-409]#,##0.00", "1,234.50"),
    (-1234.5, '_(* #,##0.0_);_(* (#,##0.0);_(* "-"??_);_(@_)', "-1,234.5"),
    (1500, '"A$"#,##0', "1,500"),
    (2024, "General", "2024"),
    (12.0, None, "12"),
    (0.1 + 0.2, "General", "0.3"),
    (1e-7, "General", "0.0000001"),
    (3.5, "0.00E+00", "3.5"),
])
def test_numbers(value: float, number_format: str | None, shown: str) -> None:
    assert format_value(value, number_format) == shown
    number = float(shown.rstrip("%").replace(",", "")) / (100 if shown.endswith("%") else 1)
    assert number == pytest.approx(value, rel=1e-12)


def test_other_values() -> None:
    assert format_value(dt.datetime(2024, 3, 1), "yyyy-mm-dd") == "2024-03-01"
    assert format_value(dt.datetime(2024, 3, 1, 10, 5), "yyyy-mm-dd h:mm") == "2024-03-01T10:05:00"
    assert format_value(dt.date(2024, 3, 1)) == "2024-03-01"
    assert format_value(True) == "TRUE" and format_value(None) == "" and format_value("NdPr") == "NdPr"


@pytest.mark.parametrize(("value", "number_format", "shown", "scale"), [
    (1234567890, "#,##0,,", "1,234.56789", 1e6),  # shows 1,235: millions, every digit kept
    (1500000, '#,##0.0,," m"', "1.5", 1e6),
    (12345, "#,##0,", "12.345", 1e3),
    (2500000, "0.0,,", "2.5", 1e6),
    (-7000, "#,##0,;(#,##0,)", "-7", 1e3),
    (1234, "#,##0", "1,234", 1),  # a thousands separator alone scales nothing
])
def test_trailing_commas_scale_by_thousands(value: float, number_format: str, shown: str, scale: float) -> None:
    assert format_value(value, number_format) == shown
    assert float(shown.replace(",", "")) * scale == pytest.approx(value, rel=1e-12)


def test_a_sheet_in_millions_by_its_format_is_read_at_its_header_scale(tmp_path) -> None:
    import openpyxl

    from monazite.extract.document import extract_document
    from monazite.ingest.parse import parse_raw
    from monazite.ingest.sources import RawInput
    from monazite.settings import Settings
    from monazite.vocab import load_vocabulary

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["MP Materials", "FY2024"])
    sheet.append(["Revenue (US$ m)", 203_860_000])
    sheet["B2"].number_format = "#,##0,,"
    out = tmp_path / "figures.xlsx"
    workbook.save(out)
    doc = next(parse_raw(RawInput(str(out), out.read_bytes(), "xlsx"), Settings()))
    facts = [f for f in extract_document(doc, load_vocabulary()).facts if f.metric == "revenue"]
    assert [(f.value, f.unit) for f in facts] == [(203_860_000.0, "USD")]
