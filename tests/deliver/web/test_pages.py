"""HTML pages render from the ingested knowledge base, escape untrusted text and send
security headers; bad parameters give an HTML error page with a 4xx status."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from monazite.deliver.web.app import SECURITY_HEADERS

PAGES = ["/", "/search?q=terbium", "/entities", "/entities/china-northern-rare-earth", "/claims",
         "/market?stage=refining", "/market?stage=mining&material=&year=", "/scenarios",
         "/scenarios?run=true&year=2024&country=china&stage=refining&element=terbium", "/reference"]


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_with_security_headers(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for name, value in SECURITY_HEADERS.items():
        assert r.headers[name] == value
    # Every asset is local: no absolute URL in a src attribute, no stylesheet from elsewhere.
    assert not re.search(r'(?:src|href)="(?:https?:)?//[^"]*\.(?:js|css)"', r.text)
    assert "<script>" not in r.text and " on" + "error=" not in r.text


def test_home_shows_indicators_documents_and_events(client: TestClient) -> None:
    html = client.get("/").text
    assert "China&#39;s share by stage" in html or "China's share by stage" in html
    assert 'id="latest-documents"' in html and "/documents/doc_" in html
    assert re.search(r"\d+(\.\d)?%</td>", html)  # a share, next to its dataset citation
    assert "dataset <a href=\"/reference/" in html


def test_document_page_highlights_records_and_lists_provenance(client: TestClient) -> None:
    docs = client.get("/api/v1/facts", params={"entity": "CNRE", "limit": 1}).json()["items"]
    fact = docs[0]
    html = client.get(f"/documents/{fact['document_id']}").text
    assert f'data-ann="{fact["id"]}"' in html and 'class="ann ann-fact"' in html
    assert f'id="rec-{fact["id"]}"' in html
    assert f"chars {fact['start']}–{fact['end']}" in html and fact["extractor"] in html


def test_hostile_article_is_escaped_on_every_page(client: TestClient, xss_doc_id: str) -> None:
    stored = client.get(f"/api/v1/documents/{xss_doc_id}").json()
    # The fixture survives ingest with live-looking markup, so escaping is really exercised.
    assert "<script>" in stored["text"] and "onerror=" in stored["text"] and "javascript:" in stored["text"]
    for path in (f"/documents/{xss_doc_id}", "/search?q=pwned+terbium&mode=fulltext", "/"):
        html = client.get(path).text
        assert "<script>window" not in html and "<img src" not in html and 'href="javascript:' not in html
    page = client.get(f"/documents/{xss_doc_id}").text
    assert "&lt;script&gt;window.__pwned" in page and "onerror=&#34;window.__pwned" in page


@pytest.mark.parametrize("path, status", [
    ("/documents/doc_0000000000000000", 404),
    ("/entities/Nobody Mining", 404),
    ("/search?q=terbium&mode=fuzzy", 422),
    ("/search?q=terbium&from=yesterday", 400),
    ("/market?stage=smelting", 422),
    ("/market?stage=refining&year=1066", 400),
    ("/charts/shares.svg?stage=refining&year=20x5", 422),
    ("/scenarios?run=true&year=1066", 422),
    ("/claims?status=maybe", 422),
    ("/reference/no-such-dataset", 404),
    ("/no/such/page", 404),
    ("/charts/metric/china-northern-rare-earth/no_such_metric.svg", 404),
])
def test_bad_page_requests_render_an_error_page(client: TestClient, path: str, status: int) -> None:
    r = client.get(path)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("text/html") and "Error" in r.text


def test_charts_are_local_svg(client: TestClient) -> None:
    for path in ("/charts/shares.svg?stage=refining", "/charts/mentions/china-northern-rare-earth.svg",
                 "/charts/scenario.svg?year=2024&country=china&stage=refining&element=terbium",
                 "/charts/metric/china-northern-rare-earth/export_share.svg"):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
        assert r.content.lstrip().startswith(b"<?xml") and b"<script" not in r.content


def test_static_assets_are_served(client: TestClient) -> None:
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/app.css").status_code == 200


def test_dossier_reads_incoming_relations_from_the_entity_side(client: TestClient) -> None:
    html = client.get("/entities/china-northern-rare-earth").text
    # the vocabulary says MIIT regulates CNRE; on CNRE's page that reads "regulated by MIIT"
    assert "<dt>regulated by</dt><dd><a href=\"/entities/miit\">" in html
    assert "<dt>regulates</dt>" not in html
