"""PDFs read or refused: encrypted, permissions-only, truncated, broken, scanned."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from monazite.errors import UnsupportedInput
from monazite.ingest.parse import parse_raw
from monazite.ingest.sources import RawInput
from monazite.model import Document
from monazite.settings import Settings
from monazite.ingest.pdf_ocr import OCR_DPI, OCR_MAX_PIXELS, render_scale
from tests.ingest.pdf_factory import (
    PAGE_HEIGHT, PAGE_WIDTH, annual_report_pdf, encrypt_pdf, image_only_pdf, two_column_pdf,
)

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="tesseract-ocr is not installed (scripts/system_deps.sh installs it)")
SCAN = ["Scanned notice. The ministry set export quotas for dysprosium and terbium at 1,200 tonnes for the year.",
        "Licences for magnet exports are granted for six months."]


def parse(path: Path, settings: Settings | None = None) -> Document | UnsupportedInput:
    (item,) = list(parse_raw(RawInput(str(path), path.read_bytes(), "pdf"), settings or Settings()))
    return item


def test_a_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    source = two_column_pdf(tmp_path / "two.pdf")
    for algorithm in ("RC4-128", "AES-256"):
        item = parse(encrypt_pdf(source, tmp_path / f"locked-{algorithm}.pdf", user_password="s3cret",
                                 algorithm=algorithm))
        assert isinstance(item, UnsupportedInput) and item.reason == "encrypted PDF: needs a password"


def test_an_empty_user_password_pdf_is_read(tmp_path: Path) -> None:
    source = annual_report_pdf(tmp_path / "annual.pdf")
    plain = parse(source)
    for algorithm in ("RC4-128", "AES-128", "AES-256"):
        doc = parse(encrypt_pdf(source, tmp_path / f"open-{algorithm}.pdf", user_password="", algorithm=algorithm))
        assert isinstance(doc, Document), doc
        assert doc.text == plain.text and len(doc.tables) == 1  # pdfplumber opens it too
        assert doc.tables[0].cells == plain.tables[0].cells


@pytest.mark.parametrize("keep", [0.95, 0.5, 0.1])
def test_a_truncated_pdf_is_refused_whole(tmp_path: Path, keep: float) -> None:
    data = annual_report_pdf(tmp_path / "annual.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[:int(len(data) * keep)])
    item = parse(cut)
    assert isinstance(item, UnsupportedInput) and item.reason.startswith("broken PDF: truncated")


def test_garbage_with_a_pdf_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    item = parse(path)
    assert isinstance(item, UnsupportedInput) and item.reason.startswith("broken PDF:")
    path.write_bytes(b"<html>not a pdf</html>")
    item = parse(path)
    assert isinstance(item, UnsupportedInput) and item.reason == "broken PDF: no %PDF- header"


def test_an_image_only_pdf_without_ocr_is_refused(tmp_path: Path) -> None:
    item = parse(image_only_pdf(tmp_path / "scan.pdf", SCAN), Settings(ocr=False))
    assert isinstance(item, UnsupportedInput)
    assert item.reason == "image-only PDF: no text layer (install tesseract-ocr or enable setting ocr)"


def test_a_scanned_page_without_ocr_is_kept_as_no_text_layer(tmp_path: Path) -> None:
    doc = parse(image_only_pdf(tmp_path / "scan.pdf", SCAN, text_pages_before=1), Settings(ocr=False))
    assert isinstance(doc, Document)
    assert [(p.number, p.status) for p in doc.pages] == [(1, "text"), (2, "no_text_layer")]
    assert doc.text[doc.pages[1].start:doc.pages[1].end] == ""
    (note,) = [r for r in doc.repairs if r.startswith("pdf_no_text_layer")]
    assert "page 2" in note and "tesseract-ocr" in note


@needs_tesseract
def test_a_scanned_page_is_read_by_tesseract(tmp_path: Path) -> None:
    doc = parse(image_only_pdf(tmp_path / "scan.pdf", SCAN, text_pages_before=1))
    assert isinstance(doc, Document)
    assert [(p.number, p.status) for p in doc.pages] == [(1, "text"), (2, "ocr")]
    page_two = doc.text[doc.pages[1].start:doc.pages[1].end]
    assert "export quotas for dysprosium and terbium at 1,200 tonnes" in page_two
    assert "Licences for magnet exports" in page_two
    assert any(r.startswith("pdf_ocr_pages:1") for r in doc.repairs)


@needs_tesseract
def test_a_scan_on_a_huge_page_is_read_at_a_bounded_size(tmp_path: Path) -> None:
    # 14,400 by 20,360 points: at 300 dpi a 4.9-gigapixel picture; rendered within OCR_MAX_PIXELS
    doc = parse(image_only_pdf(tmp_path / "huge.pdf", SCAN, text_pages_before=1, page_scale=14400 / PAGE_HEIGHT))
    assert isinstance(doc, Document), doc
    assert [(p.number, p.status) for p in doc.pages] == [(1, "text"), (2, "ocr")]
    assert "export quotas for dysprosium and terbium" in doc.text[doc.pages[1].start:]


def test_the_ocr_picture_is_300_dpi_up_to_a_pixel_cap() -> None:
    assert render_scale(PAGE_WIDTH, PAGE_HEIGHT) == OCR_DPI / 72
    scale = render_scale(14400, 14400)
    assert 0.99 * OCR_MAX_PIXELS <= (14400 * scale) ** 2 <= OCR_MAX_PIXELS
    assert render_scale(1e9, 1e9) > 0
