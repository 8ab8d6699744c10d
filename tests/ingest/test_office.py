"""Office files through the real ingest pipeline: a folder of good and broken docx, xlsx and
CSV files (and a web page with a data table) goes in; each broken file is one failure with
its reason, the rest are stored with their pages and tables."""

from __future__ import annotations

import io

import openpyxl
import sqlalchemy as sa

from monazite.ingest.office import OFFICE_READERS
from monazite.pipeline import run_ingest
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.documents import get_document
from monazite.store.engine import open_store
from tests.ingest.office_factory import check_offsets, report_csv, report_docx, report_xlsx
from tests.ingest.test_html_tables import PAGE


def test_batch_of_good_and_broken_office_files(sqlite_url: str, tmp_path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    report_docx(batch / "annual_report.docx")
    report_xlsx(batch / "production.xlsx")
    (batch / "imports.csv").write_bytes(report_csv())
    (batch / "page.html").write_text(PAGE, encoding="utf-8")
    (batch / "truncated.docx").write_bytes(report_docx()[:3000])
    (batch / "truncated.xlsx").write_bytes(report_xlsx()[:-100])
    (batch / "renamed.docx").write_bytes(b"Just a text file with a .docx name, nothing more to it at all.\n")
    empty = io.BytesIO()
    openpyxl.Workbook().save(empty)
    (batch / "empty.xlsx").write_bytes(empty.getvalue())

    settings = Settings(db=sqlite_url, semantic_search=False)
    report = run_ingest([str(batch)], settings, extract=False, progress=False)
    failed = {o.origin.rsplit("/", 1)[1]: o.reason for o in report.failed}
    assert report.counts == {"new": 4, "duplicate": 0, "near_duplicate": 0, "failed": 4}
    assert failed["truncated.docx"].startswith("broken docx: not a zip archive")
    assert failed["truncated.xlsx"].startswith("broken xlsx")
    assert failed["renamed.docx"].startswith("broken docx")
    assert failed["empty.xlsx"].startswith("empty xlsx")

    engine = open_store(sqlite_url)
    with engine.connect() as conn:
        ids = dict(conn.execute(sa.select(t.documents.c.origin, t.documents.c.id)).all())
        stored = {origin.rsplit("/", 1)[1]: get_document(conn, doc_id) for origin, doc_id in ids.items()}
    engine.dispose()
    assert set(stored) == {"annual_report.docx", "production.xlsx", "imports.csv", "page.html"}
    for document in stored.values():
        check_offsets(document)
    docx_doc = stored["annual_report.docx"]
    assert [p.number for p in docx_doc.pages] == [1, 2, 3] and docx_doc.tables[0].pages == (2,)
    assert docx_doc.tables[0].caption == "Table 1: Production by product (tonnes)"
    assert [(tb.sheet, tb.header_rows) for tb in stored["production.xlsx"].tables] == [("Production", 2), ("Prices", 1)]
    assert stored["imports.csv"].tables[0].cell(1, 1).text == "1.234,5"
    assert stored["page.html"].tables[0].kind == "html"

    again = run_ingest([str(batch)], settings, extract=False, progress=False)
    assert again.counts["new"] == 0 and again.counts["duplicate"] == 4


def test_readers_by_kind() -> None:
    assert set(OFFICE_READERS) == {"docx", "xlsx", "csv"}


def test_office_bytes_without_a_telling_name() -> None:
    """A download with no extension and a vague Content-Type is read by what the bytes are."""
    from monazite.ingest.parse import parse_raw
    from monazite.ingest.sources import RawInput
    from monazite.ingest.web import kind_from_content_type

    for data, kind in ((report_docx(), "docx"), (report_xlsx(), "xlsx")):
        [document] = list(parse_raw(RawInput("https://ir.example.com/download?id=7", data, None), Settings()))
        assert document.content_type == kind and document.tables
    assert kind_from_content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") == "xlsx"
    assert kind_from_content_type("text/csv; charset=utf-8") == "csv"
