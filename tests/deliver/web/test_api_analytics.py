"""/api/v1 shares, scenarios and reference datasets; and the OpenAPI schema."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_shares_name_their_sources(client: TestClient) -> None:
    body = client.get("/api/v1/shares", params={"stage": "refining"}).json()
    assert body["stage"] == "refining" and body["countries"]
    assert all(c["source"]["url"].startswith("http") for c in body["countries"])
    assert 0 < body["cr1"] <= 100 and body["hhi"] > 0


def test_scenario_get_and_post_agree(client: TestClient) -> None:
    params = {"year": 2024, "country": "china", "stage": "refining", "element": ["dysprosium", "terbium"]}
    got = client.get("/api/v1/scenarios", params=params).json()
    posted = client.post("/api/v1/scenarios", json={
        "year": 2024, "restrictions": [{"country": "china", "stage": "refining", "elements": ["dysprosium", "terbium"]}],
    }).json()
    assert got["shortfall"] == posted["shortfall"]
    assert any(s["shortfall_t"] > 0 for s in got["shortfall"])


def test_reference_lists_datasets_with_sources(client: TestClient) -> None:
    body = client.get("/api/v1/reference").json()
    assert body["count"] >= 1 and all(d["sources"] for d in body["items"])
    one = client.get(f"/api/v1/reference/{body['items'][0]['name']}").json()
    assert len(one["data"]) == one["rows"]


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/v1/documents", "/api/v1/documents/{document_id}", "/api/v1/search", "/api/v1/entities",
              "/api/v1/entities/{name}/dossier", "/api/v1/facts", "/api/v1/claims", "/api/v1/events",
              "/api/v1/shares", "/api/v1/scenarios", "/api/v1/reference"):
        assert p in paths
    assert "/api/v1/ingest" not in paths  # no token configured


@pytest.mark.parametrize("method, path, kwargs, status", [
    ("get", "/api/v1/shares", {}, 422),
    ("get", "/api/v1/shares", {"params": {"stage": "smelting"}}, 422),
    ("get", "/api/v1/shares", {"params": {"stage": "refining", "year": 1066}}, 422),
    ("get", "/api/v1/scenarios", {"params": {"year": 2024, "country": "china"}}, 422),
    ("get", "/api/v1/scenarios", {"params": {"year": "soon", "country": "china", "element": "terbium"}}, 422),
    ("get", "/api/v1/scenarios", {"params": {"year": 2024, "country": "china", "element": "terbium", "fraction": 2}}, 422),
    ("get", "/api/v1/scenarios", {"params": {"year": 2024, "country": "china", "element": "terbium", "stage": "x"}}, 422),
    ("post", "/api/v1/scenarios", {"json": {"restrictions": []}}, 422),
    ("post", "/api/v1/scenarios", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
    ("post", "/api/v1/scenarios", {"json": {"year": 2024, "additions": [{"country": "usa", "stage": "magnet",
                                                                      "material": "terbium", "tonnes": -5}]}}, 422),
    ("get", "/api/v1/reference/no-such-dataset", {}, 404),
    ("post", "/api/v1/ingest", {"json": {}}, 404),
    ("delete", "/api/v1/documents", {}, 405),
])
def test_bad_analytics_requests(client: TestClient, method: str, path: str, kwargs: dict, status: int) -> None:
    r = getattr(client, method)(path, **kwargs)
    assert r.status_code == status, r.text
    assert r.json()["error"]
