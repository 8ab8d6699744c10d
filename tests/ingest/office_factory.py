"""Office files made by the tests: a docx report with a captioned table and a page break, an
xlsx workbook with a titled sheet, two header rows and a calculated formula, a CSV in a
semicolon locale, and a checker of the offset invariants every reader must keep."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement

from monazite.model import Document

INTRO = ("Lynas Rare Earths Limited reports its production for the 2024 financial year. NdPr oxide output "
         "rose as the Kalgoorlie processing facility ramped up through the second half of the year.")
OUTLOOK = "The company expects output to rise again in 2025 as the Malaysian expansion is commissioned."


def report_docx(path: Path | None = None) -> bytes:
    """Page 1: heading, intro, a paragraph with a page break inside it. Page 2: a caption, a
    production table (two-row header, a merged year cell, a merged row label), a note.
    Page 3, after a new-page section break: the outlook."""
    document = docx.Document()
    document.core_properties.title = "Lynas Annual Report 2024"
    document.core_properties.author = "Lynas Rare Earths"
    document.core_properties.created = dt.datetime(2024, 8, 28, 9, 30, tzinfo=dt.timezone.utc)
    document.add_heading("Annual Report 2024", 0)
    document.add_paragraph(INTRO)
    split = document.add_paragraph("Operations review continues overleaf.")
    split.add_run().add_break(WD_BREAK.PAGE)
    split.add_run("Production for the year is set out below.")
    document.add_paragraph("Table 1: Production by product (tonnes)")
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).text = "Product"
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Financial year"
    table.cell(1, 1).text, table.cell(1, 2).text = "FY2023", "FY2024"
    table.cell(2, 0).text, table.cell(2, 1).text, table.cell(2, 2).text = "NdPr oxide", "5,461", "6,558"
    table.cell(3, 0).text, table.cell(3, 1).text, table.cell(3, 2).text = "Total REO", "16,710", "12,004"
    for row in table.rows[:2]:  # the two header rows repeat on each page
        header = OxmlElement("w:tblHeader")
        row._tr.get_or_add_trPr().append(header)
    document.add_paragraph("Figures are unaudited.")
    document.add_section()  # a new section starts on a new page
    document.add_paragraph(OUTLOOK)
    data = _save(document)
    if path:
        path.write_bytes(data)
    return data


def plain_docx(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    return _save(document)


def _save(document: object) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def report_xlsx(path: Path | None = None) -> bytes:
    """Sheet "Production": a title row, a blank row, a header with merged years over H1/H2,
    products, and a total row whose first value is a formula with its cached value (as a
    spreadsheet application saves it). Sheet "Empty": nothing. Sheet "Prices": a date column
    and a percentage."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Production"
    sheet["A1"] = "Production by product (tonnes REO)"
    sheet["A3"], sheet["B3"], sheet["D3"] = "Product", 2023, 2024
    sheet.merge_cells("B3:C3")
    sheet.merge_cells("D3:E3")
    for column, half in zip("BCDE", ("H1", "H2", "H1", "H2"), strict=True):
        sheet[f"{column}4"] = half
    sheet.append(["NdPr oxide", 2950, 2511, 3100.5, 3458])
    sheet.append(["Heavy rare earths", 120, 98, 131, 140])
    sheet.append(["Total", "=SUM(B5:B6)", 2609, 3231.5, 3598])
    for column in "BCDE":
        for row in (5, 6, 7):
            sheet[f"{column}{row}"].number_format = "#,##0" if column != "D" else "#,##0.0"
    workbook.create_sheet("Empty")
    prices = workbook.create_sheet("Prices")
    prices.append(["Date", "NdPr oxide (US$/kg)", "Change"])
    prices.append([dt.date(2024, 6, 30), 55.25, 0.125])
    prices["C2"].number_format = "0.0%"
    workbook.properties.title = "Production workbook"
    workbook.properties.creator = "Investor Relations"
    data = with_cached_values(_save(workbook), {"=SUM(B5:B6)": "3070"})
    if path:
        path.write_bytes(data)
    return data


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """The workbook with each formula's cached value written (openpyxl never calculates)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                for formula, value in values.items():
                    body = re.escape(formula.lstrip("=")).encode()
                    part = re.sub(rb"(<f>" + body + rb"</f>)<v\s*/?>(?:</v>)?", rb"\1<v>" + value.encode() + rb"</v>",
                                  part)
            target.writestr(info, part)
    return out.getvalue()


def report_csv() -> bytes:
    """A statistical release exported in a German locale: title line, ';' fields, decimal commas."""
    return ("Seltene Erden: Einfuhren nach Produkt (Tonnen)\n"
            "Produkt;2023;2024\n"
            "Neodym-Oxid;1.234,5;1.502,0\n"
            "Dysprosium-Metall;12,5;15,25\n").encode("cp1252")


def check_offsets(document: Document) -> None:
    """The invariants: every page and cell indexes the text; pages are contiguous and
    cover the text in order; cells lie inside their table and their page."""
    text = document.text
    if document.pages:
        assert document.pages[0].start == 0 and document.pages[-1].end == len(text)
        for before, after in zip(document.pages, document.pages[1:], strict=False):
            assert before.end == after.start and before.number < after.number
    for table in document.tables:
        assert 0 <= table.start <= table.end <= len(text)
        for cell in table.cells:
            assert text[cell.start:cell.end] == cell.text
            assert table.start <= cell.start <= cell.end <= table.end
            if document.pages and cell.text:
                assert document.page_at(cell.start) == cell.page
