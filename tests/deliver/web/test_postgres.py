"""The API and pages over PostgreSQL: same answers as on SQLite for the seed corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from monazite.deliver.web import create_app
from monazite.settings import Settings

pytestmark = pytest.mark.postgres


def test_search_documents_and_dossier_on_postgres(pg_url: str, seeds_dir: Path) -> None:
    from monazite.pipeline import run_ingest

    settings = Settings(db=pg_url, semantic_search=False)
    assert run_ingest([str(seeds_dir)], settings, progress=False).to_dict()["counts"]["new"] == 5
    with TestClient(create_app(settings)) as c:
        assert c.get("/api/v1/documents").json()["total"] == 5
        hits = c.get("/api/v1/search", params={"q": "terbium"}).json()
        assert hits["rankings"] == ["fulltext"] and hits["count"] >= 1
        assert hits["hits"][0]["passage"]["highlights"]
        doc = hits["hits"][0]["document_id"]
        assert 'class="doc-text"' in c.get(f"/documents/{doc}").text
        assert c.get("/api/v1/search", params={"q": "terbium", "org": "CNRE"}).status_code == 200
        assert c.get("/entities/CNRE").status_code == 200
        assert c.get("/api/v1/facts", params={"entity": "CNRE", "period": "2024"}).status_code == 200
        assert c.get("/api/v1/events", params={"type": "export_control"}).json()["total"] >= 1
        assert c.get("/").status_code == 200
