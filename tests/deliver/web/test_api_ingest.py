"""POST /api/v1/ingest exists only with an API token, and answers only that token."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from monazite.deliver.web import create_app
from monazite.settings import Settings

TOKEN = "s3cret-token-for-tests"
TEXT = ("Neo Performance Materials said on 12 May 2025 that its Narva magnet plant in Estonia will "
        "produce 2,000 tonnes of NdFeB magnets a year once the first line is running.")


def test_ingest_is_absent_without_a_token(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(db=f"sqlite:///{tmp_path / 'kb.db'}", semantic_search=False))) as c:
        assert c.post("/api/v1/ingest", json={"texts": [{"text": TEXT}]}).status_code in (404, 405)


def test_ingest_needs_the_bearer_token(tmp_path: Path) -> None:
    settings = Settings(db=f"sqlite:///{tmp_path / 'kb.db'}", semantic_search=False, api_token=TOKEN)
    with TestClient(create_app(settings)) as c:
        body = {"texts": [{"text": TEXT, "name": "neo-narva"}], "source": "Neo press release"}
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                        {"Authorization": f"Basic {TOKEN}"}):
            r = c.post("/api/v1/ingest", json=body, headers=headers)
            assert r.status_code == 403 and "token" in r.json()["error"]
        assert c.get("/api/v1/documents").json()["total"] == 0
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert c.post("/api/v1/ingest", json={"texts": []}, headers=auth).status_code == 422
        assert c.post("/api/v1/ingest", json={**body, "published": "May 2025"}, headers=auth).status_code == 400
        r = c.post("/api/v1/ingest", json=body, headers=auth)
        assert r.status_code == 200, r.text
        assert r.json()["counts"]["new"] == 1
        docs = c.get("/api/v1/documents").json()
        assert docs["total"] == 1
        hits = c.get("/api/v1/search", params={"q": "Narva magnet", "mode": "fulltext"}).json()["hits"]
        assert hits[0]["document_id"] == docs["items"][0]["id"]
