"""PDF reading order and page provenance, on PDFs each test draws itself (``pdf_factory``)."""

from __future__ import annotations

from pathlib import Path

from monazite.ingest.parse import parse_raw
from monazite.ingest.pdf import read_pdf
from monazite.ingest.reading import offset_problems
from monazite.ingest.sources import RawInput
from monazite.model import Document
from monazite.settings import Settings
from tests.ingest.pdf_factory import (
    LEFT_COLUMN, RIGHT_COLUMN, PdfMaker, annual_report_pdf, landscape_page_pdf, remapped_text_pdf, rotate_pdf,
    two_column_pdf,
)


def read(path: Path, settings: Settings | None = None) -> Document:
    (doc,) = list(parse_raw(RawInput(str(path), path.read_bytes(), "pdf"), settings or Settings()))
    assert isinstance(doc, Document), doc
    assert offset_problems(doc.text, doc.pages, doc.tables) == []
    return doc


def test_two_columns_read_left_then_right_though_drawn_row_by_row(tmp_path: Path) -> None:
    doc = read(two_column_pdf(tmp_path / "two.pdf"))
    paragraphs = doc.text.split("\n")
    assert paragraphs == ["Quarterly activities report", *LEFT_COLUMN, *RIGHT_COLUMN,
                          "This closing line spans the full width of the page below both columns of the report."]
    assert doc.content_type == "pdf" and [(p.number, p.start, p.end, p.status) for p in doc.pages] == [
        (1, 0, len(doc.text), "text")]


def test_rotated_pages_read_upright(tmp_path: Path) -> None:
    source = two_column_pdf(tmp_path / "two.pdf")
    upright = read(source).text
    for degrees in (90, 180, 270):
        doc = read(rotate_pdf(source, tmp_path / f"turned{degrees}.pdf", degrees=degrees))
        assert doc.text == upright
        assert doc.pages[0].rotation == degrees
    landscape = read(landscape_page_pdf(tmp_path / "landscape.pdf", [
        "Capacity by plant, landscape page drawn sideways under /Rotate 90.",
        "Kuantan separation plant holds the largest share of NdPr capacity."]))
    assert landscape.text.startswith("Capacity by plant, landscape page drawn sideways")
    assert landscape.pages[0].rotation == 90


def test_line_end_hyphens_join_but_compounds_keep_theirs(tmp_path: Path) -> None:
    maker = PdfMaker().new_page()
    maker.lines(["The separation plant raised its pro-", "duction of oxide, and the rare-earth refiners",
                 "in Malaysia bought more rare-", "earth concentrate for the ex-", "pansion in 2025."])
    doc = read(maker.save(tmp_path / "hyphens.pdf"))
    assert doc.text == ("The separation plant raised its production of oxide, and the rare-earth refiners "
                        "in Malaysia bought more rare-earth concentrate for the expansion in 2025.")
    assert "pdf_running_lines_removed" not in " ".join(doc.repairs)


def test_running_headers_footers_and_page_numbers_go(tmp_path: Path) -> None:
    maker = PdfMaker(header="Lynas Rare Earths - Quarterly Report", footer="Page {page} of 3")
    for n in range(1, 4):
        maker.new_page().paragraph(f"Body of page {n}: the Kalgoorlie plant processed concentrate and the Kuantan "
                                   f"plant separated NdPr oxide in month {n} of the quarter.")
    doc = read(maker.save(tmp_path / "running.pdf"))
    assert "Quarterly Report" not in doc.text and "Page 2 of 3" not in doc.text
    assert [doc.text[p.start:p.end].strip().split(":")[0] for p in doc.pages] == [
        "Body of page 1", "Body of page 2", "Body of page 3"]
    assert "pdf_running_lines_removed:6" in doc.repairs


def test_a_lone_page_number_goes_even_on_one_page(tmp_path: Path) -> None:
    maker = PdfMaker(footer="- {page} -").new_page()
    maker.paragraph("A single page notice on rare-earth export licences for magnet makers in Japan and Korea.")
    doc = read(maker.save(tmp_path / "one.pdf"))
    assert doc.text.strip().endswith("Korea.")


def test_pages_are_contiguous_and_page_at_finds_each_character(tmp_path: Path) -> None:
    doc = read(annual_report_pdf(tmp_path / "annual.pdf"))
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.pages[0].start == 0 and doc.pages[-1].end == len(doc.text)
    assert all(a.end == b.start for a, b in zip(doc.pages, doc.pages[1:]))
    assert doc.text.split("\n\n")[-1].startswith("Outlook")
    assert doc.page_at(doc.text.index("Outlook")) == 3
    assert doc.page_at(doc.text.index("Nolans project in the Northern")) == 1
    assert doc.page_at(doc.text.index("Production of separated products")) == 2
    assert doc.page_at(len(doc.text)) == 3


def test_metadata_title_author_and_date_only_without_a_dateline(tmp_path: Path) -> None:
    doc = read(annual_report_pdf(tmp_path / "annual.pdf"))
    assert doc.title == "Annual Report 2024" and doc.author == "Arafura Rare Earths Ltd"
    assert str(doc.published) == "2025-03-28" and doc.published_source == "metadata"
    maker = PdfMaker(title="Microsoft Word - notice.docx").new_page()
    maker.paragraph("Canberra, 4 February 2025")
    maker.paragraph("The government named new critical minerals projects for rare-earth separation and magnet "
                    "production.")
    dated = read(maker.save(tmp_path / "dated.pdf"))
    assert str(dated.published) == "2025-02-04" and dated.published_source == "text"
    assert dated.title != "Microsoft Word - notice.docx"


def test_read_pdf_returns_the_reading_directly(tmp_path: Path) -> None:
    path = two_column_pdf(tmp_path / "two.pdf")
    reading = read_pdf(RawInput(str(path), path.read_bytes(), "pdf"), Settings())
    assert reading.content_type == "pdf" and len(reading.pages) == 1 and reading.tables == []


def test_a_pdf_without_extension_is_sniffed(tmp_path: Path) -> None:
    path = two_column_pdf(tmp_path / "two.pdf")
    (doc,) = list(parse_raw(RawInput("https://example.org/report", path.read_bytes(), None), Settings()))
    assert isinstance(doc, Document) and doc.content_type == "pdf"


def test_characters_beyond_the_bmp_are_one_character_and_lone_surrogates_go(tmp_path: Path) -> None:
    path = remapped_text_pdf(tmp_path / "astral.pdf", [
        "Magnet output at plant X rose to 5,000 tonnes in 2024, the company said.",
        "The notice is marked Y and the old map leaves Q where it was written."],
        {"X": "\U0001d400", "Y": "\U0001f600", "Q": "\ud835"})  # math bold A, an emoji, a lone high surrogate
    doc = read(path)
    assert "plant \U0001d400 rose to 5,000 tonnes" in doc.text and "marked \U0001f600 and" in doc.text
    assert "leaves  where" in doc.text or "leaves where" in doc.text
    doc.text.encode("utf-8")  # no surrogate left to break the store


def test_a_pdf_beyond_the_bmp_is_stored(tmp_path: Path) -> None:
    from monazite.pipeline import run_ingest

    path = remapped_text_pdf(tmp_path / "astral.pdf", [
        "Lynas said NdPr oxide output at plant X rose to 5,000 tonnes in 2024.",
        "Its notice on the magnet plant Y was filed with the exchange, reading Q."],
        {"X": "\U0001d400", "Y": "\U0001f600", "Q": "\ud835"})
    settings = Settings(db=f"sqlite:///{tmp_path / 'kb.sqlite'}", semantic_search=False)
    report = run_ingest([str(path)], settings, extract=False, progress=False)
    assert report.counts["new"] == 1, report.to_dict()


def test_text_drawn_outside_the_page_is_left_out(tmp_path: Path) -> None:
    maker = PdfMaker().new_page()
    for n in range(6):
        maker.paragraph(f"Paragraph {n}: the separation plant in Malaysia produced 5,000 tonnes of NdPr oxide "
                        "during the year, the company said in its quarterly report.")
    for x in (2e7, -5e4):
        maker.line("Hidden text far off the page.", x=x)
    maker.space(2000).line("Hidden below the page.", x=100)
    doc = read(maker.save(tmp_path / "offpage.pdf"))
    assert "Hidden" not in doc.text and doc.text.endswith("said in its quarterly report.")
    assert any(r.startswith("pdf_off_page_chars:") for r in doc.repairs)
