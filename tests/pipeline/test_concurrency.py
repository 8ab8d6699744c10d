"""Concurrency: two ingests of overlapping inputs at once store each document once, on
SQLite and on PostgreSQL, and the store checks sound afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from monazite.store import schema as t
from monazite.store.engine import open_store
from monazite.store.integrity import check_store
from tests.pipeline.corpus import write_corpus

SCRIPT = """
import sys
from monazite.pipeline import run_ingest
from monazite.settings import Settings
run_ingest(sys.argv[2:], Settings(db=sys.argv[1], semantic_search=False), progress=False)
"""


@pytest.mark.slow
def test_two_overlapping_ingests_store_each_document_once(store_url: str, tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "corpus", 60)
    first = [str(p) for p in paths[:40]]
    second = [str(p) for p in paths[20:]]  # articles 20-39 are in both batches
    open_store(store_url).dispose()  # migrate once before the writers start
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    runs = [subprocess.Popen([sys.executable, "-c", SCRIPT, store_url, *batch], env=env) for batch in (first, second)]
    assert [r.wait(timeout=600) for r in runs] == [0, 0]
    engine = open_store(store_url)
    try:
        with engine.connect() as conn:
            docs = conn.execute(sa.select(sa.func.count()).select_from(t.documents)).scalar()
            per_origin = conn.execute(sa.select(t.documents.c.origin, sa.func.count())
                                      .group_by(t.documents.c.origin).having(sa.func.count() > 1)).all()
        assert docs == 60 and per_origin == []
        assert check_store(engine) == []
    finally:
        engine.dispose()
