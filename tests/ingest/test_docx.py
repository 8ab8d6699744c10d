"""Word files: text in body order, tables in place with captions and merged cells, pages from
explicit breaks, core properties; broken files refused with a reason."""

from __future__ import annotations

import docx
import pytest
from docx.enum.text import WD_BREAK

from monazite.errors import IngestError, UnsupportedInput
from monazite.ingest.docx import read_docx
from monazite.ingest.parse import parse_raw
from monazite.ingest.sources import RawInput
from monazite.model import Document
from monazite.settings import Settings
from tests.ingest.office_factory import INTRO, OUTLOOK, check_offsets, plain_docx, report_docx


def parse(data: bytes, name: str = "report.docx") -> Document:
    [result] = list(parse_raw(RawInput(origin=name, data=data, kind="docx"), Settings(semantic_search=False)))
    if isinstance(result, IngestError):
        raise result
    return result


def test_report_pages_table_and_caption() -> None:
    document = parse(report_docx())
    check_offsets(document)
    assert document.content_type == "docx"
    assert [p.number for p in document.pages] == [1, 2, 3]
    first, second, third = (document.text[p.start:p.end] for p in document.pages)
    assert INTRO in first and "Operations review continues overleaf." in first
    assert second.startswith("Production for the year is set out below.")  # the text after the break
    assert OUTLOOK in third and "Figures are unaudited." in second
    [table] = document.tables
    assert (table.index, table.kind, table.pages, table.header_rows) == (1, "docx", (2,), 2)
    assert table.caption == "Table 1: Production by product (tonnes)"
    assert document.text.count("Table 1: Production by product (tonnes)") == 1  # the caption is not a paragraph too
    rows = [[table.cell(r, c).text for c in range(table.n_cols)] for r in range(table.n_rows)]
    assert rows == [["Product", "Financial year", ""], ["", "FY2023", "FY2024"],
                    ["NdPr oxide", "5,461", "6,558"], ["Total REO", "16,710", "12,004"]]
    # the table sits between the paragraphs around it
    assert document.text.index("set out below") < table.start < table.end < document.text.index("unaudited")
    assert document.page_at(table.cell(2, 2).start) == 2
    assert (document.title, document.author) == ("Lynas Annual Report 2024", "Lynas Rare Earths")


def test_no_breaks_no_pages() -> None:
    reading = read_docx(RawInput("plain.docx", plain_docx(["First paragraph of the note.", "", "Second one."]),
                                 "docx"), Settings())
    assert reading.pages == [] and reading.text == "First paragraph of the note.\nSecond one."
    assert reading.author is None and reading.published is None  # python-docx's template defaults are not the file's


def test_page_break_before_tabs_and_line_breaks() -> None:
    document = docx.Document()
    document.add_paragraph("Quarterly activities report\tQ3 2024")
    broken = document.add_paragraph("Line one")
    broken.add_run().add_break()  # a line break, not a page
    broken.add_run("line two")
    later = document.add_paragraph("Starts page two.")
    later.paragraph_format.page_break_before = True
    document.add_paragraph("Ends with a break.").add_run().add_break(WD_BREAK.PAGE)
    import io
    buffer = io.BytesIO()
    document.save(buffer)
    reading = read_docx(RawInput("q.docx", buffer.getvalue(), "docx"), Settings())
    assert reading.text == ("Quarterly activities report\tQ3 2024\nLine one\nline two\n\n"
                            "Starts page two.\nEnds with a break.")
    assert [(p.number, reading.text[p.start:p.end]) for p in reading.pages] == [
        (1, "Quarterly activities report\tQ3 2024\nLine one\nline two\n\n"),
        (2, "Starts page two.\nEnds with a break."),  # a break at the very end starts no empty page
    ]


def test_table_without_caption_keeps_paragraph_above() -> None:
    document = docx.Document()
    document.add_paragraph("The board met twice.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Metric", "Value"
    table.cell(1, 0).text, table.cell(1, 1).text = "Capacity", "12,000"
    import io
    buffer = io.BytesIO()
    document.save(buffer)
    reading = read_docx(RawInput("t.docx", buffer.getvalue(), "docx"), Settings())
    assert reading.text == "The board met twice.\nMetric | Value\nCapacity | 12,000"
    assert reading.tables[0].caption is None and reading.tables[0].header_rows == 1


@pytest.mark.parametrize("damage", ["truncated", "not_zip", "xlsx_inside"])
def test_broken_docx_refused(damage: str) -> None:
    data = report_docx()
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "not_zip":
        data = b"This is a plain text file someone renamed to report.docx." * 5
    else:
        from tests.ingest.office_factory import report_xlsx
        data = report_xlsx()
    with pytest.raises(UnsupportedInput, match="broken docx") as caught:
        read_docx(RawInput("bad.docx", data, "docx"), Settings())
    assert caught.value.origin == "bad.docx"
    [result] = list(parse_raw(RawInput("bad.docx", data, "docx"), Settings()))
    assert isinstance(result, UnsupportedInput) and "broken docx" in result.reason


def _saved(document: object) -> bytes:
    import io
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def test_a_blank_page_between_breaks_is_a_page_of_its_own() -> None:
    document = docx.Document()
    document.add_paragraph("Page one of the quarterly report.").add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # page two holds nothing
    document.add_paragraph("Page three of the quarterly report.")
    parsed = parse(_saved(document))
    check_offsets(parsed)
    assert [p.number for p in parsed.pages] == [1, 2, 3]
    assert [parsed.text[p.start:p.end].strip() for p in parsed.pages] == [
        "Page one of the quarterly report.", "", "Page three of the quarterly report."]
    assert parsed.page_at(parsed.text.index("Page three")) == 3


def _rendered_break() -> object:
    from docx.oxml import OxmlElement
    return OxmlElement("w:lastRenderedPageBreak")


def test_pages_from_where_word_last_rendered_them() -> None:
    """Word writes <w:lastRenderedPageBreak/> where each page ended when it last saved the file:
    most real files have no explicit break, and these are their pages. A rendered break just
    after an explicit one is the same break."""
    document = docx.Document()
    document.add_paragraph("Lynas quarterly report, the first page of text.")
    second = document.add_paragraph()
    second.add_run()._r.append(_rendered_break())
    second.add_run("Page two starts with this paragraph.")
    split = document.add_paragraph()
    run = split.add_run("Page two ends in the middle of")
    run._r.append(_rendered_break())
    split.add_run("this sentence on page three.")
    document.add_paragraph("Still page three.").add_run().add_break(WD_BREAK.PAGE)
    fourth = document.add_paragraph()
    fourth.add_run()._r.append(_rendered_break())  # Word's mark of the hard break above: not another page
    fourth.add_run("Page four after a hard break.")
    table = document.add_table(rows=3, cols=2)
    for r, (label, value) in enumerate([("Product", "2024"), ("NdPr oxide (t)", "10,500"), ("Total REO (t)", "16,000")]):
        table.cell(r, 0).text, table.cell(r, 1).text = label, value
    table.cell(2, 0).paragraphs[0].runs[0]._r.insert(0, _rendered_break())  # the last row ran onto page five
    document.add_paragraph("After the table, on page five.")
    parsed = parse(_saved(document))
    check_offsets(parsed)
    assert [p.number for p in parsed.pages] == [1, 2, 3, 4, 5]

    def page_of(snippet: str) -> int | None:
        return parsed.page_at(parsed.text.index(snippet))

    assert [page_of(s) for s in ("first page", "Page two starts", "Page two ends", "this sentence on page three",
                                 "Still page three", "Page four after", "After the table")] == [1, 2, 2, 3, 3, 4, 5]
    [placed] = parsed.tables
    assert [c.page for c in placed.cells if c.col == 0] == [4, 4, 5]
    assert page_of("Total REO") == 5 and page_of("NdPr oxide") == 4
