"""A knowledge base for the digest tests, built once through the real pipeline: the story
articles (events told by several outlets), two conflicting refining shares, a record with
a hostile title, and a watchlist on export controls that matches at ingest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from monazite.deliver.digest import build_digest
from monazite.pipeline import run_ingest
from monazite.settings import Settings, load_settings
from monazite.store.engine import open_store
from monazite.store.schema import documents
from monazite.store.watchlists import WatchQuery, add_watchlist

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
HOSTILE_TITLE = "Magnets <script>alert(1)</script> report"


@pytest.fixture(scope="module")
def digest_kb(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Settings, dt.date]:
    db = f"sqlite:///{tmp_path_factory.mktemp('digest') / 'kb.db'}"
    settings = load_settings(env={}, db=db, semantic_search=False)
    engine = open_store(db)
    with engine.begin() as conn:
        add_watchlist(conn, "controls", WatchQuery(keywords=["export controls"]))
    watch = FIXTURES / "watch"
    for path, source in [(FIXTURES / "stories" / "articles.jsonl", None),
                         (watch / "conflict" / "refining_low.txt", "Separation Review"),
                         (watch / "conflict" / "refining_high.txt", "Oxide Market Watch"),
                         (watch / "articles" / "script_title.jsonl", None)]:
        assert run_ingest([str(path)], settings, source=source, progress=False).ok
    with engine.connect() as conn:
        stamp = conn.execute(sa.select(sa.func.max(documents.c.ingested_at))).scalar_one()
    engine.dispose()
    day = (stamp if isinstance(stamp, dt.datetime) else dt.datetime.fromisoformat(str(stamp))).date()
    return db, settings, day


@pytest.fixture(scope="module")
def digest(digest_kb: tuple[str, Settings, dt.date]) -> dict[str, Any]:
    db, settings, day = digest_kb
    engine = open_store(db)
    try:
        return build_digest(engine, settings, day)
    finally:
        engine.dispose()
