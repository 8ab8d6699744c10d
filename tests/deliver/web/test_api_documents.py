"""/api/v1/documents over a knowledge base ingested from the seeds and the web fixtures."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_documents_are_paged_and_complete(client: TestClient) -> None:
    page = client.get("/api/v1/documents", params={"limit": 2}).json()
    assert page["total"] == 6 and page["count"] == 2 and page["limit"] == 2
    rest = client.get("/api/v1/documents", params={"limit": 500, "offset": 2}).json()
    ids = [d["id"] for d in page["items"]] + [d["id"] for d in rest["items"]]
    assert len(set(ids)) == 6
    assert client.get("/api/v1/documents", params={"offset": 100}).json()["items"] == []


def test_document_detail_carries_records_with_spans(client: TestClient) -> None:
    docs = client.get("/api/v1/documents", params={"limit": 500}).json()["items"]
    detail = None
    for d in docs:
        candidate = client.get(f"/api/v1/documents/{d['id']}").json()
        if candidate["facts"]:
            detail = candidate
            break
    assert detail is not None
    text = detail["text"]
    for f in detail["facts"]:
        assert text[f["start"]:f["end"]] == f["value_text"] or f["value_text"] in text[f["sentence_start"]:f["sentence_end"]]
        assert f["sentence_start"] <= f["start"] < f["end"] <= f["sentence_end"]
        assert f["extractor"]
    for m in detail["mentions"]:
        assert text[m["start"]:m["end"]] == m["text"]


def test_documents_filter_by_entity_and_source_kind(client: TestClient) -> None:
    cnre = client.get("/api/v1/documents", params={"entity": "CNRE", "limit": 500}).json()
    assert cnre["total"] >= 2
    assert client.get("/api/v1/documents", params={"source_kind": "filing"}).json()["total"] == 0


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "ten"},
                                    {"source_kind": "blog"}])
def test_bad_listing_parameters_are_422_with_a_message(client: TestClient, params: dict) -> None:
    r = client.get("/api/v1/documents", params=params)
    assert r.status_code == 422
    body = r.json()
    assert body["status"] == 422 and next(iter(params)) in body["error"]


def test_unknown_document_and_entity_are_404(client: TestClient) -> None:
    r = client.get("/api/v1/documents/doc_0000000000000000")
    assert r.status_code == 404 and "doc_0000000000000000" in r.json()["error"]
    assert client.get("/api/v1/documents/bad id!").status_code == 422
    r = client.get("/api/v1/documents", params={"entity": "Nobody Mining Ltd"})
    assert r.status_code == 404 and "Nobody Mining" in r.json()["error"]
