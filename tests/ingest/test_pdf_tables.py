"""PDF tables: read in place of their words, captioned, one table across a page break."""

from __future__ import annotations

from pathlib import Path

import pytest

from monazite.ingest.parse import parse_raw
from monazite.ingest.reading import offset_problems
from monazite.ingest.sources import RawInput
from monazite.model import Document
from monazite.settings import Settings
from tests.ingest.pdf_factory import PRODUCTION_HEADER, PRODUCTION_ROWS, PdfMaker, annual_report_pdf


def read(path: Path) -> Document:
    (doc,) = list(parse_raw(RawInput(str(path), path.read_bytes(), "pdf"), Settings()))
    assert isinstance(doc, Document), doc
    assert offset_problems(doc.text, doc.pages, doc.tables) == []
    return doc


@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_table_across_a_page_break_is_one_table(tmp_path: Path, repeat_header: bool) -> None:
    doc = read(annual_report_pdf(tmp_path / "annual.pdf", split_after=3, repeat_header=repeat_header))
    (table,) = doc.tables
    assert table.caption == "Table 2: Production by product (tonnes)"
    assert table.pages == (1, 2) and table.kind == "pdf" and table.header_rows == 1
    rows = [[table.cell(r, c).text for c in range(table.n_cols)] for r in range(table.n_rows)]
    assert rows == [PRODUCTION_HEADER, *PRODUCTION_ROWS]  # the repeated header once
    assert [table.cell(r, 0).page for r in range(table.n_rows)] == [1, 1, 1, 1, 2, 2, 2]
    for cell in table.cells:
        assert doc.text[cell.start:cell.end] == cell.text
        assert doc.page_at(cell.start) == cell.page
    assert doc.text[table.start:table.end].split("\n")[:3] == [
        "Table 2: Production by product (tonnes)", "Product | 2022 | 2023 | 2024", "NdPr oxide | 5,200 | 5,700 | 6,100"]


def test_table_words_are_not_repeated_as_prose(tmp_path: Path) -> None:
    doc = read(annual_report_pdf(tmp_path / "annual.pdf"))
    assert doc.text.count("Samarium oxide") == 1 and doc.text.count("Lanthanum carbonate") == 1
    assert doc.text.count("Production by product") == 1  # the caption only in the table
    assert "6,100 tonnes in 2024" in doc.text  # the prose keeps its own figures
    assert "pdf_tables:1" in doc.repairs


def test_a_table_on_one_page_and_prose_around_it(tmp_path: Path) -> None:
    doc = read(annual_report_pdf(tmp_path / "annual.pdf", split_after=None))
    (table,) = doc.tables
    assert table.pages == (1,) and table.n_rows == 7
    before, after = doc.text[:table.start], doc.text[table.end:]
    assert "Nolans project" in before and "Production of separated products" in after


def test_two_tables_on_a_page_keep_their_order_and_captions(tmp_path: Path) -> None:
    maker = PdfMaker().new_page()
    maker.paragraph("Exports and imports of rare-earth products by the company's plants in 2024.")
    maker.line("Table 1: Exports (tonnes)")
    maker.space(4)
    maker.table([["Market", "2024"], ["Japan", "1,200"], ["Germany", "800"]], widths=[200, 120])
    maker.line("Table 2: Imports (tonnes)")
    maker.space(4)
    maker.table([["Origin", "2024"], ["Myanmar", "3,100"], ["Laos", "650"]], widths=[200, 120])
    maker.paragraph("Both tables give calendar-year totals.")
    doc = read(maker.save(tmp_path / "two-tables.pdf"))
    assert [t.caption for t in doc.tables] == ["Table 1: Exports (tonnes)", "Table 2: Imports (tonnes)"]
    assert [t.index for t in doc.tables] == [1, 2]
    assert doc.tables[1].cell(1, 0).text == "Myanmar" and doc.tables[0].cell(2, 1).text == "800"
    assert doc.text.endswith("Both tables give calendar-year totals.")


def test_a_table_across_three_pages_is_one_table(tmp_path: Path) -> None:
    header = ["Plant", "2023", "2024"]
    body = [[f"Plant {n}", f"{1000 + n:,}", f"{2000 + n:,}"] for n in range(1, 51)]
    maker = PdfMaker().new_page()
    maker.paragraph("Output of every plant the company runs, in tonnes of rare-earth oxide equivalent.")
    maker.y = 200.0
    maker.line("Table 3: Output by plant (tonnes)")
    maker.space(4)
    maker.table([header, *body[:5]], widths=[200, 120, 120])
    maker.new_page().table([header, *body[5:40]], widths=[200, 120, 120])  # the whole of page 2
    maker.new_page().table([header, *body[40:]], widths=[200, 120, 120])
    maker.paragraph("All plants ran through the year.")
    doc = read(maker.save(tmp_path / "three.pdf"))
    (table,) = doc.tables
    assert table.pages == (1, 2, 3) and table.caption == "Table 3: Output by plant (tonnes)"
    assert [[table.cell(r, c).text for c in range(3)] for r in range(table.n_rows)] == [header, *body]
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert [table.cell(r, 0).page for r in range(table.n_rows)] == [1] * 6 + [2] * 35 + [3] * 10
    assert all(doc.page_at(cell.start) == cell.page for cell in table.cells)
    assert doc.text.endswith("All plants ran through the year.")
