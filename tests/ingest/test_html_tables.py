"""Tables in web pages: read with their headers and captions, spans expanded, layout tables
skipped; a page's data tables come after its article text, their figures once."""

from __future__ import annotations

import lxml.html
from hypothesis import given, settings
from hypothesis import strategies as st

from monazite.errors import IngestError
from monazite.ingest.html_tables import HtmlTable, append_tables, html_tables, is_data_table, split_tables
from monazite.ingest.parse import parse_raw
from monazite.ingest.sources import RawInput
from monazite.model import Document
from monazite.settings import Settings
from tests.ingest.office_factory import check_offsets

LEAD = ("Lynas Rare Earths said on Tuesday its quarterly production of NdPr oxide rose sharply as the "
        "Kalgoorlie plant ramped up, according to the company's quarterly report released in Perth.")
TAIL = ("Prices for NdPr oxide averaged 55 dollars per kilogram during the quarter, the company said, adding "
        "that demand from magnet makers remained firm through the period.")

PAGE = f"""<!doctype html><html><head><title>Lynas lifts NdPr output</title></head><body>
<nav><table><tr><td><a href="/">Home</a></td><td><a href="/markets">Markets</a></td></tr>
<tr><td><a href="/about">About</a></td><td><a href="/contact">Contact</a></td></tr></table></nav>
<table class="page"><tr><td>
<article><h1>Lynas lifts NdPr output</h1><p>{LEAD}</p>
<p>The company reported the following figures for the quarter, with commentary from the chief executive.</p>
<h3>Quarterly production</h3>
<table><caption>Production by product (tonnes)</caption>
<thead><tr><th rowspan="2">Product</th><th colspan="2">2024</th></tr><tr><th>Q3</th><th>Q4</th></tr></thead>
<tbody><tr><th scope="row">NdPr oxide</th><td>1,502</td><td>1,695</td></tr>
<tr><th scope="row">Total REO</th><td>3,300</td><td>—</td></tr></tbody></table>
<h3>Board</h3>
<table><tr><th>Name</th><th>Role</th></tr><tr><td>Amanda Lacaze</td><td>Managing Director</td></tr>
<tr><td>Kathleen Conlon</td><td>Chair</td></tr></table>
<p>{TAIL}</p></article>
</td></tr></table>
<aside><table><caption>Share prices</caption><tr><th>Ticker</th><th>Price</th></tr>
<tr><td>LYC</td><td>6.51</td></tr><tr><td>ILU</td><td>5.20</td></tr></table></aside>
</body></html>"""


def parse(html: str) -> Document:
    [result] = list(parse_raw(RawInput("https://news.example.com/lynas", html.encode(), "html"),
                              Settings(semantic_search=False)))
    if isinstance(result, IngestError):
        raise result
    return result


def test_tables_read_with_spans_headers_captions() -> None:
    tables = html_tables(PAGE)
    # the navigation table (links), the page's layout table (it holds tables) are skipped
    assert [t.caption for t in tables] == ["Production by product (tonnes)", "Board", "Share prices"]
    production, board, _prices = tables
    assert production.rows == [["Product", "2024", ""], ["", "Q3", "Q4"], ["NdPr oxide", "1,502", "1,695"],
                               ["Total REO", "3,300", "—"]]
    assert production.header_rows == 2 and board.header_rows == 1
    assert [is_data_table(t) for t in tables] == [True, False, True]


def test_layout_tables_skipped() -> None:
    prose = " ".join(["Rare earth magnets are made from neodymium and praseodymium oxides"] * 3)
    html = f"""<html><body>
    <table><tr><td>Only one column</td></tr><tr><td>12</td></tr></table>
    <table><tr><td>{prose}</td><td>{prose}</td></tr><tr><td>{prose}</td><td>short</td></tr></table>
    <table role="presentation"><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>
    </body></html>"""
    assert html_tables(html) == []


def test_rowspan_and_colspan_grid() -> None:
    html = """<table><tr><th>Region</th><th>Mine</th><th>2023</th></tr>
    <tr><td rowspan="2">Australia</td><td>Mt Weld</td><td>10</td></tr><tr><td>Browns Range</td><td>2</td></tr>
    <tr><td colspan="2">Total</td><td>12</td></tr></table>"""
    [table] = html_tables(html)
    assert table.rows == [["Region", "Mine", "2023"], ["Australia", "Mt Weld", "10"], ["", "Browns Range", "2"],
                          ["Total", "", "12"]]


def test_page_tables_appended_once() -> None:
    document = parse(PAGE)
    check_offsets(document)
    [table] = document.tables  # the data table of the article; not the sidebar's share prices
    assert (table.index, table.kind, table.header_rows) == (1, "html", 2)
    assert table.caption == "Production by product (tonnes)"
    assert document.text.count("1,695") == 1 and document.text.count("3,300") == 1
    assert "| 1,502 |" not in document.text.replace("NdPr oxide | 1,502 | 1,695", "")
    assert "6.51" not in document.text
    assert document.text.index(TAIL) < table.start  # after the article text
    assert document.text[table.start:table.end] == ("Production by product (tonnes)\nProduct | 2024 | \n | Q3 | Q4\n"
                                                    "NdPr oxide | 1,502 | 1,695\nTotal REO | 3,300 | —")
    assert "Amanda Lacaze" in document.text  # a text table stays in the prose, as trafilatura gave it
    assert "html_tables:1" in document.repairs


def test_page_without_tables_unchanged() -> None:
    document = parse(f"<html><body><article><p>{LEAD}</p><p>{TAIL}</p></article></body></html>")
    assert document.tables == [] and LEAD in document.text


def test_split_and_append_helpers() -> None:
    body = "Intro line.\n| Caption |  | \n| Product | 2024 | \n| NdPr | 1,502 | \nOutro."
    html = ("<table><caption>Caption</caption><tr><th>Product</th><th>2024</th></tr>"
            "<tr><td>NdPr</td><td>1,502</td></tr></table>")
    text, tables = split_tables(html, body)
    assert text == "Intro line.\nOutro." and len(tables) == 1
    assert split_tables(html, "No table text here at all.") == ("No table text here at all.", [])
    joined, placed = append_tables("Article.", [HtmlTable(rows=[["a", "1"], ["b", "2"]], caption="T")], first_index=3)
    assert joined == "Article.\n\nT\na | 1\nb | 2" and placed[0].index == 3
    assert [joined[c.start:c.end] for c in placed[0].cells] == ["a", "1", "b", "2"]


def test_xhtml_with_declaration_and_huge_spans() -> None:
    html = ('<?xml version="1.0" encoding="utf-8"?><html><body><table><tr><th>Year</th><th colspan="100000">Output</th>'
            '</tr><tr><td>2024</td><td rowspan="99999">12</td></tr><tr><td>2025</td></tr></table></body></html>')
    [table] = html_tables(html)
    assert len(table.rows[0]) == 101 and table.rows[1][:2] == ["2024", "12"] and table.rows[2][0] == "2025"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(max_size=8), min_size=1, max_size=4), min_size=1, max_size=5),
       st.text(max_size=30))
def test_appended_cells_index_the_text(rows: list[list[str]], article: str) -> None:
    text, [table] = append_tables(article, [HtmlTable(rows=rows, header_rows=1, caption="Caption")])
    assert text.startswith(article)
    for cell in table.cells:
        assert text[cell.start:cell.end] == cell.text


def test_a_grid_grown_by_spans_carried_into_rows_without_cells_is_capped(monkeypatch) -> None:
    from monazite.ingest import html_tables as module

    monkeypatch.setattr(module, "MAX_TABLE_CELLS", 500)
    markup = ('<table><tr><td colspan="50" rowspan="50">x</td></tr>' + "<tr></tr>" * 49
              + "<tr><td>NdPr</td><td>1</td></tr></table>")
    table = lxml.html.fromstring(markup)
    assert module._grid(module._own_rows(table)) is None  # 50 x 50 positions, past the cap
    small = lxml.html.fromstring('<table><tr><td colspan="5" rowspan="5">x</td></tr>' + "<tr></tr>" * 4 + "</table>")
    grid = module._grid(module._own_rows(small))
    assert grid is not None and len(grid[0]) == 5 and all(len(r) == 5 for r in grid[0])
