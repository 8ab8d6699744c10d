"""/api/v1 entities, dossiers, facts, claims and events."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

CNRE = "china-northern-rare-earth"


def test_entities_listing_and_lookup(client: TestClient) -> None:
    page = client.get("/api/v1/entities", params={"kind": "company", "limit": 500}).json()
    assert any(e["id"] == CNRE for e in page["items"])
    assert all(e["kind"] == "company" for e in page["items"])
    assert client.get("/api/v1/entities", params={"q": "CNRE"}).json()["items"][0]["id"] == CNRE
    assert client.get("/api/v1/entities/SSE: 600111").json()["id"] == CNRE


def test_dossier_has_capacity_projects_with_sources(client: TestClient) -> None:
    d = client.get("/api/v1/entities/China Northern Rare Earth/dossier").json()
    assert d["identity"]["id"] == CNRE
    caps = [p for p in d["projects"] if p["capacity"] is not None]
    assert caps and all(p["sources"] and p["sources"][0]["document_id"].startswith("doc_") for p in caps)


def test_facts_and_events_carry_provenance(client: TestClient) -> None:
    facts = client.get("/api/v1/facts", params={"entity": "CNRE", "limit": 500}).json()
    assert facts["total"] >= 3
    for f in facts["items"]:
        assert f["subject"] == CNRE and f["document_id"] and f["quote"] and f["end"] > f["start"]
    events = client.get("/api/v1/events", params={"type": "export_control"}).json()
    assert events["total"] >= 1 and all(e["type"] == "export_control" for e in events["items"])
    one_doc = client.get("/api/v1/facts", params={"document_id": facts["items"][0]["document_id"]}).json()
    assert one_doc["total"] >= 1


def test_claims_are_grouped_with_status(client: TestClient) -> None:
    body = client.get("/api/v1/claims", params={"limit": 500}).json()
    assert body["total"] >= 1
    statuses = [c["status"] for c in body["items"]]
    assert statuses == sorted(statuses, key=lambda s: s != "conflicting")
    only = client.get("/api/v1/claims", params={"status": "company-only"}).json()
    assert all(c["status"] == "company-only" for c in only["items"])


@pytest.mark.parametrize("path, params, status", [
    ("/api/v1/entities", {"kind": "Company; DROP"}, 422),
    ("/api/v1/entities", {"limit": 9999}, 422),
    ("/api/v1/entities/Nobody Mining", {}, 404),
    ("/api/v1/entities/Nobody Mining/dossier", {}, 404),
    ("/api/v1/facts", {"entity": "Nobody Mining"}, 404),
    ("/api/v1/facts", {"period": "last year"}, 422),
    ("/api/v1/facts", {"metric": "a b"}, 422),
    ("/api/v1/claims", {"status": "true"}, 422),
    ("/api/v1/claims", {"entity": "Nobody Mining"}, 404),
    ("/api/v1/events", {"type": "<script>"}, 422),
    ("/api/v1/events", {"entity": "Nobody Mining"}, 404),
    ("/api/v1/events", {"offset": -1}, 422),
])
def test_bad_knowledge_parameters(client: TestClient, path: str, params: dict, status: int) -> None:
    r = client.get(path, params=params)
    assert r.status_code == status, r.text
    assert r.json()["error"]
