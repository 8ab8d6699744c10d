"""Pages and tables of a PDF in the store: written with the document, read back exactly,
through the real ingest pipeline (a folder of good and bad files) and the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from monazite.ingest.parse import parse_raw
from monazite.ingest.sources import RawInput
from monazite.model import Document
from monazite.pipeline import run_ingest
from monazite.settings import Settings
from monazite.store.documents import document_dict, document_pages, document_tables, get_document, insert_document
from monazite.store.engine import open_store
from tests.ingest.pdf_factory import annual_report_pdf, encrypt_pdf, two_column_pdf


@pytest.fixture(autouse=True)
def _no_embeddings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MONAZITE_SEMANTIC_SEARCH", "false")


def _pdf_document(path: Path) -> Document:
    (doc,) = list(parse_raw(RawInput(str(path), path.read_bytes(), "pdf"), Settings()))
    assert isinstance(doc, Document), doc
    return doc


def test_pages_and_tables_round_trip(store_url: str, tmp_path: Path) -> None:
    doc = _pdf_document(annual_report_pdf(tmp_path / "annual.pdf"))
    engine = open_store(store_url)
    with engine.begin() as conn:
        insert_document(conn, doc)
    with engine.connect() as conn:
        back = get_document(conn, doc.id)
        assert back.pages == doc.pages and back.tables == doc.tables and back.text == doc.text
        assert document_pages(conn, doc.id) == doc.pages and document_tables(conn, doc.id) == doc.tables
        shown = document_dict(conn, doc.id)
        assert shown["page_count"] == 3 and shown["disclosure"] == (
            {k: v for k, v in vars(doc.disclosure).items() if v is not None} if doc.disclosure else None)
        assert shown["pages"] == [{"number": p.number, "start": p.start, "end": p.end, "status": p.status}
                                  for p in doc.pages]
        assert shown["content_type"] == "pdf" and shown["text"] == doc.text
        cell = back.tables[0].cell(4, 3)  # Lanthanum carbonate, 2024: on page 2
        assert back.text[cell.start:cell.end] == cell.text == "11,200" and back.page_at(cell.start) == cell.page == 2


def test_an_unpaginated_document_has_no_pages(sqlite_url: str, tmp_path: Path) -> None:
    text_file = tmp_path / "note.txt"
    text_file.write_text("Lynas said its Malaysian plant produced 1,500 tonnes of NdPr oxide in the quarter.\n")
    report = run_ingest([str(text_file)], Settings(db=sqlite_url), extract=False, progress=False)
    (outcome,) = report.outcomes
    with open_store(sqlite_url).connect() as conn:
        shown = document_dict(conn, outcome.document_id)
        assert shown["page_count"] is None and shown["pages"] == [] and document_tables(conn, outcome.document_id) == []


def test_a_batch_of_good_and_bad_pdfs_stores_the_good_ones_once(sqlite_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    report_pdf = annual_report_pdf(folder / "a-annual.pdf")
    two_column_pdf(folder / "b-two-column.pdf")
    encrypt_pdf(report_pdf, folder / "c-locked.pdf", user_password="s3cret")
    (folder / "d-cut.pdf").write_bytes(report_pdf.read_bytes()[:3000])
    (folder / "e-note.txt").write_text("Arafura Rare Earths said the Nolans project received export credit support "
                                       "from Germany for its rare-earth processing plant.\n")
    settings = Settings(db=sqlite_url)
    report = run_ingest([str(folder)], settings, extract=False, progress=False)
    assert report.counts == {"new": 3, "duplicate": 0, "near_duplicate": 0, "failed": 2}
    reasons = {Path(o.origin).name: o.reason for o in report.failed}
    assert reasons == {"c-locked.pdf": "encrypted PDF: needs a password",
                       "d-cut.pdf": "broken PDF: truncated (no %%EOF marker at the end of the file)"}
    again = run_ingest([str(folder)], settings, extract=False, progress=False)
    assert again.counts == {"new": 0, "duplicate": 3, "near_duplicate": 0, "failed": 2}
    shutil.copy(report_pdf, tmp_path / "copy.pdf")
    copy = run_ingest([str(tmp_path / "copy.pdf")], settings, extract=False, progress=False)
    assert copy.counts["duplicate"] == 1
    engine = open_store(sqlite_url)
    with engine.connect() as conn:
        (annual,) = [o for o in report.outcomes if o.origin.endswith("a-annual.pdf")]
        assert len(document_pages(conn, annual.document_id)) == 3  # written once, not again on re-ingest
        assert len(document_tables(conn, annual.document_id)) == 1


def test_show_page(cli, sqlite_url: str, tmp_path: Path) -> None:
    path = annual_report_pdf(tmp_path / "annual.pdf")
    note = tmp_path / "note.txt"
    note.write_text("A plain note on rare-earth magnet exports from Japan to Europe in the first half.\n")
    code, out, _ = cli("--db", sqlite_url, "ingest", str(path), str(note), "--no-extract", "--json")
    assert code == 0
    ids = {Path(o["origin"]).name: o["document_id"] for o in json.loads(out)["outcomes"]}
    doc = _pdf_document(path)
    page = doc.pages[1]
    code, out, _ = cli("--db", sqlite_url, "show", ids["annual.pdf"], "--page", "2")
    assert code == 0
    header, blank, *body = out.splitlines()
    assert header == f"page 2 of 3, characters {page.start}-{page.end}, text" and blank == ""
    assert "\n".join(body).strip() == doc.text[page.start:page.end].strip()
    assert "Samarium oxide | 220 | 240 | 260" in body and "Outlook" not in out
    code, out, _ = cli("--db", sqlite_url, "show", ids["annual.pdf"], "--page", "3", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["page"] == 3 and shown["page_count"] == 3 and shown["text"].startswith("Outlook")
    code, _, err = cli("--db", sqlite_url, "show", ids["annual.pdf"], "--page", "4")
    assert code == 2 and "has no page 4: its pages are 1-3" in err
    code, _, err = cli("--db", sqlite_url, "show", ids["note.txt"], "--page", "1")
    assert code == 2 and "has no pages" in err and "not paginated" in err
