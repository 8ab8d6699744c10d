"""PDF tables without a ruled grid (rules above and below the header only, or none at all),
found from the alignment of their columns; prose and lists never become tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from monazite.ingest.parse import parse_raw
from monazite.ingest.reading import offset_problems
from monazite.ingest.sources import RawInput
from monazite.model import Document, Table
from monazite.settings import Settings
from tests.ingest.pdf_factory import PRODUCTION_HEADER, PRODUCTION_ROWS, PdfMaker, two_column_pdf

EDGES = [300, 380, 460]  # right edges of the number columns


def read(path: Path) -> Document:
    (doc,) = list(parse_raw(RawInput(str(path), path.read_bytes(), "pdf"), Settings()))
    assert isinstance(doc, Document), doc
    assert offset_problems(doc.text, doc.pages, doc.tables) == []
    return doc


def grid(table: Table) -> list[list[str]]:
    return [[table.cell(r, c).text for c in range(table.n_cols)] for r in range(table.n_rows)]


def report_page(rules: str) -> PdfMaker:
    maker = PdfMaker().new_page()
    maker.paragraph("Arafura Rare Earths Ltd presents its production for the year ended 30 June 2024. NdPr oxide "
                    "production reached 6,100 tonnes in 2024, up from 5,700 tonnes in 2023.")
    maker.line("Table 2: Production by product (tonnes)")
    maker.space(6)
    maker.aligned_table([PRODUCTION_HEADER, *PRODUCTION_ROWS], right_edges=EDGES, rules=rules)
    maker.paragraph("Production rose in every line as the cracking plant ran at a higher rate through the year.")
    return maker


@pytest.mark.parametrize("rules", ["horizontal", "none"])
def test_a_table_without_a_grid_is_a_table_with_its_cells(tmp_path: Path, rules: str) -> None:
    doc = read(report_page(rules).save(tmp_path / f"{rules}.pdf"))
    (table,) = doc.tables
    assert grid(table) == [PRODUCTION_HEADER, *PRODUCTION_ROWS]
    assert table.caption == "Table 2: Production by product (tonnes)" and table.header_rows == 1
    assert table.pages == (1,) and all(cell.page == 1 for cell in table.cells)
    assert doc.text.count("Samarium oxide") == 1 and doc.text.count("Production by product") == 1
    assert "6,100 tonnes in 2024" in doc.text[:table.start]
    assert doc.text[table.end:].strip().startswith("Production rose in every line")
    assert any(r.startswith("pdf_aligned_tables:1") for r in doc.repairs)


def test_an_empty_corner_a_unit_column_and_dashes_keep_their_columns(tmp_path: Path) -> None:
    rows = [["", "Unit", "FY2023", "FY2024"],
            ["Revenue", "A$m", "412.5", "468.0"],
            ["EBITDA", "A$m", "(12.4)", "35.1"],
            ["Terbium sales", "t", "-", "15"],
            ["NdPr sales", "t", "5,700", "6,100"]]
    maker = PdfMaker().new_page()
    maker.paragraph("Key figures of the financial year, from the audited accounts.")
    maker.aligned_table(rows, right_edges=[260, 360, 440])
    doc = read(maker.save(tmp_path / "units.pdf"))
    (table,) = doc.tables
    assert grid(table) == rows and table.header_rows == 1


def test_a_table_without_a_grid_across_a_page_break_is_one_table(tmp_path: Path) -> None:
    maker = PdfMaker().new_page()
    maker.paragraph("Output of each plant, in tonnes of rare-earth oxide equivalent.")
    maker.y = 160.0
    maker.line("Table 4: Output by plant (tonnes)")
    maker.space(6)
    header = ["Plant", "2022", "2023", "2024"]
    body = [[f"Plant {n}", f"{1000 + n:,}", f"{2000 + n:,}", f"{3000 + n:,}"] for n in range(1, 13)]
    maker.aligned_table([header, *body[:5]], right_edges=EDGES, rules="horizontal")
    maker.new_page().aligned_table([header, *body[5:]], right_edges=EDGES, rules="horizontal")
    maker.paragraph("Every plant ran through the year.")
    doc = read(maker.save(tmp_path / "split.pdf"))
    (table,) = doc.tables
    assert grid(table) == [header, *body] and table.pages == (1, 2)
    assert all(doc.page_at(cell.start) == cell.page for cell in table.cells)


def test_two_column_prose_is_not_a_table(tmp_path: Path) -> None:
    doc = read(two_column_pdf(tmp_path / "two.pdf"))
    assert doc.tables == []
    maker = PdfMaker().new_page()
    left = ["In 2023 the plant made 5,700 tonnes and in 2024 it made 6,100 tonnes of NdPr oxide, "
            "while 2,300 tonnes went to magnet makers in 2024 and 1,950 tonnes in 2023."] * 3
    right = ["Prices rose 12% in 2024 to US$ 62 per kg from US$ 55 in 2023, and 40% of sales went to "
             "Japan, 35% to Korea and 25% to Germany over 2024."] * 3
    maker.columns(left, right)
    doc = read(maker.save(tmp_path / "numbers.pdf"))
    assert doc.tables == [] and "went to magnet makers" in doc.text


def test_a_numbered_list_and_a_key_value_list_are_not_tables(tmp_path: Path) -> None:
    maker = PdfMaker().new_page()
    maker.paragraph("The board resolved the following at its meeting of 12 March 2025:")
    for n, item in enumerate(["Approve the 2024 accounts with revenue of A$ 468.0 million.",
                              "Re-elect Mr Smith, who holds 1,250,000 shares, as a director.",
                              "Fix the dividend at 2.5 cents per share for 2024.",
                              "Raise the Nolans budget by A$ 120 million over 2025 and 2026."], start=1):
        maker.line(f"{n}.")
        maker.y += 10 * 1.35
        maker.line(item, x=80)
    maker.space(12)
    for key, value in [("Shares on issue", "2,100,000,000"), ("Market capitalisation", "A$ 310 million"),
                       ("Cash at 30 June 2024", "A$ 64.1 million"), ("Employees", "312")]:
        maker.line(key)
        maker.y += 10 * 1.35
        maker.line(value, x=300)
    doc = read(maker.save(tmp_path / "lists.pdf"))
    assert doc.tables == []
    assert "Re-elect Mr Smith" in doc.text and "Employees" in doc.text


def test_an_annual_report_table_without_a_grid_gives_a_fact_per_cell(tmp_path: Path) -> None:
    import sqlalchemy as sa

    from monazite.pipeline import run_ingest
    from monazite.store import schema
    from monazite.store.engine import open_store

    maker = PdfMaker(title="Annual Report 2024", author="Arafura Rare Earths Ltd",
                     header="Arafura Rare Earths Ltd - Annual Report 2024", footer="Page {page}")
    maker.new_page().heading("Annual Report 2024")
    maker.paragraph("Arafura Rare Earths Ltd (ASX: ARU) presents its annual report for the year ended 30 June 2024.")
    maker.line("Table 2: Production by product (tonnes)")
    maker.space(6)
    maker.aligned_table([PRODUCTION_HEADER, *PRODUCTION_ROWS], right_edges=EDGES, rules="horizontal")
    settings = Settings(db=f"sqlite:///{tmp_path / 'kb.sqlite'}", semantic_search=False)
    report = run_ingest([str(maker.save(tmp_path / "annual.pdf"))], settings, progress=False)
    assert report.counts["new"] == 1
    engine = open_store(settings.db)
    with engine.connect() as conn:
        cells = conn.execute(sa.select(schema.facts.c.cell, schema.facts.c.page, schema.facts.c.value)
                             .where(schema.facts.c.cell.isnot(None))).fetchall()
    engine.dispose()
    assert sorted((cell, value) for cell, _, value in cells) == sorted(
        (f"1:{r}:{c}", float(PRODUCTION_ROWS[r - 1][c].replace(",", "")))
        for r in range(1, len(PRODUCTION_ROWS) + 1) for c in range(1, 4))
    assert {page for _, page, _ in cells} == {1}
