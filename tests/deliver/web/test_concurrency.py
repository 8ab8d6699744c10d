"""The dashboard and API keep answering while a large ingest writes to the same store
(SQLite in WAL mode; PostgreSQL), and what they answer grows as documents land."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from monazite.pipeline import run_ingest
from monazite.settings import Settings
from tests.deliver.web.conftest import serve_app
from tests.pipeline.corpus import write_corpus


@pytest.mark.slow
def test_the_server_answers_while_an_ingest_runs(store_url: str, tmp_path: Path) -> None:
    settings = Settings(db=store_url, semantic_search=False)
    run_ingest([str(p) for p in write_corpus(tmp_path / "first", 3, seed=1)], settings, progress=False)
    corpus = write_corpus(tmp_path / "corpus", 60, seed=2)
    statuses, totals = [], []
    with serve_app(settings) as base:
        ingest = threading.Thread(target=run_ingest, args=([str(p) for p in corpus], settings),
                                  kwargs={"progress": False})
        ingest.start()
        with httpx.Client(base_url=base, timeout=30) as client:
            while ingest.is_alive() or len(statuses) < 10:
                page = client.get("/")
                listing = client.get("/api/v1/documents", params={"limit": 1})
                statuses += [page.status_code, listing.status_code]
                totals.append(listing.json()["total"])
        ingest.join()
        with httpx.Client(base_url=base, timeout=30) as client:
            final = client.get("/api/v1/documents", params={"limit": 1}).json()["total"]
    assert set(statuses) == {200}
    assert totals == sorted(totals) and final == 63  # never went back, and saw the end
