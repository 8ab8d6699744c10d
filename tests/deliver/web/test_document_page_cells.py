"""The page and table cell behind each figure of a disclosure, on the document page (over real
HTTP and in headless Chromium), in the JSON API and in `monazite facts`.

The knowledge base holds one annual report PDF made here (tests/ingest/pdf_factory.py) and
ingested through the real pipeline: its production table runs from page 1 onto page 2, and
one row label carries markup that must stay text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from monazite.settings import Settings
from tests.deliver.web.chromium import ARTIFACTS, TIMEOUT_MS, launch
from tests.deliver.web.conftest import serve_app
from tests.ingest.pdf_factory import PRODUCTION_ROWS
from tests.pipeline.report_store import ingested_report

HOSTILE_LABEL = "<b>Terbium oxide</b>"
ROWS = [list(r) for r in PRODUCTION_ROWS]
ROWS[2][0] = HOSTILE_LABEL  # row 3 of the table, on page 1


@pytest.fixture(scope="module")
def report_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return ingested_report(tmp_path_factory.mktemp("report"), "arafura_annual_report_2024.pdf", rows=ROWS)


@pytest.fixture(scope="module")
def server(report_settings: Settings) -> Iterator[str]:
    with serve_app(report_settings) as url:
        yield url


@pytest.fixture(scope="module")
def document(server: str) -> dict:
    [item] = httpx.get(f"{server}/api/v1/documents").json()["items"]
    return httpx.get(f"{server}/api/v1/documents/{item['id']}").json()


def _fact(document: dict, cell: str) -> dict:
    return next(f for f in document["facts"] if f["cell"] == cell)


def test_api_fact_dicts_carry_page_and_cell(server: str, document: dict) -> None:
    ndpr = _fact(document, "1:1:3")  # NdPr oxide, 2024, page 1
    assert (ndpr["page"], ndpr["value"], ndpr["unit"], ndpr["period"], ndpr["extractor"]) == (1, 6100.0, "t", "2024",
                                                                                              "tables.v1")
    samarium = _fact(document, "1:6:3")  # the rows after the split are printed on page 2
    assert samarium["page"] == 2 and document["text"][samarium["start"]:samarium["end"]] == "260"
    prose = [f for f in document["facts"] if f["cell"] is None]
    assert prose and all(f["page"] == 1 for f in prose)
    assert document["page_count"] == 3 and document["disclosure"]["filing_type"] == "annual_report"
    listed = httpx.get(f"{server}/api/v1/facts", params={"document_id": document["id"], "limit": 200}).json()
    assert {(f["cell"], f["page"]) for f in listed["items"]} >= {("1:1:3", 1), ("1:6:3", 2)}


def test_document_page_shows_page_and_cell_beside_each_figure(server: str, document: dict) -> None:
    html = httpx.get(f"{server}/documents/{document['id']}").text
    ndpr = _fact(document, "1:1:3")
    item = re.search(rf'<li class="rec rec-fact[^"]*" id="rec-{ndpr["id"]}">(.*?)</li>', html, re.S).group(1)
    assert "page 1" in item and "table 1, row 2, column 4" in item
    samarium = re.search(rf'id="rec-{_fact(document, "1:6:3")["id"]}">(.*?)</li>', html, re.S).group(1)
    assert "page 2" in samarium and "table 1, row 7, column 4" in samarium
    assert "3 pages" in html and "annual report by Arafura Rare Earths Ltd (ASX: ARU)" in html
    assert HOSTILE_LABEL not in html and "&lt;b&gt;Terbium oxide&lt;/b&gt;" in html


def test_facts_command_shows_page_and_cell(cli, report_settings: Settings, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # a terminal wide enough that rich keeps each cell on one line
    code, out, _ = cli("--db", report_settings.db, "facts", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {(r["cell"], r["page"]) for r in rows} >= {("1:1:3", 1), ("1:6:3", 2)}
    code, out, _ = cli("--db", report_settings.db, "facts", "--entity", "Arafura")
    assert code == 0 and "Where" in out and "table 1 r2 c4" in out and "p. 2" in out


@pytest.mark.browser
def test_the_cell_and_page_read_in_chromium_and_markup_stays_text(server: str, document: dict) -> None:
    terbium = _fact(document, "1:3:3")
    with launch() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{server}/documents/{document['id']}")
        record = page.locator(f"#rec-{terbium['id']}")
        assert "page 1" in record.inner_text() and "table 1, row 4, column 4" in record.inner_text()
        assert HOSTILE_LABEL in page.locator("#doc-text").inner_text()  # shown as text, never as markup
        assert page.locator("#doc-text b, #records b").count() == 0
        page.screenshot(path=str(Path(ARTIFACTS) / "14_document_page_cells.png"), full_page=True)
        context.close()
