"""Ingest with extraction on: facts and events written in the document's transaction,
vocabulary synced once, near-duplicates not extracted, re-runs change nothing."""

from __future__ import annotations

import sqlalchemy as sa

from monazite.pipeline import run_ingest
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.engine import open_store


def _count(conn, table, *where) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar()


def test_seeds_extracted_and_idempotent(store_url, seeds_dir, tmp_path) -> None:
    settings = Settings(db=store_url, semantic_search=False)
    report = run_ingest([str(seeds_dir)], settings, progress=False)
    assert report.counts == {"new": 5, "duplicate": 0, "near_duplicate": 0, "failed": 0}, report.failed
    assert sum(o.facts for o in report.outcomes) > 0 and sum(o.events for o in report.outcomes) > 0
    engine = open_store(store_url)
    with engine.connect() as conn:
        before = {name: _count(conn, table) for name, table in
                  (("facts", t.facts), ("events", t.events), ("mentions", t.mentions), ("entities", t.entities))}
        assert _count(conn, t.entities, t.entities.c.origin == "vocab") > 0
        docs_with_mentions = conn.execute(sa.select(sa.func.count(sa.distinct(t.mentions.c.document_id)))).scalar()
        assert docs_with_mentions == 5

    seed = (seeds_dir / "004_f52c7b396b0b7d1a.txt").read_text(encoding="utf-8")
    copy = tmp_path / "copies" / "copy.txt"
    copy.parent.mkdir()
    copy.write_text("Syndicated by Metals Wire.\n" + seed.replace("aggressive", "bold", 1) + "\n© Metals Wire",
                    encoding="utf-8")
    again = run_ingest([str(seeds_dir), str(copy.parent)], settings, progress=False)
    assert again.counts == {"new": 0, "duplicate": 5, "near_duplicate": 1, "failed": 0}
    (near,) = [o for o in again.outcomes if o.status == "near_duplicate"]
    with engine.connect() as conn:
        assert _count(conn, t.facts, t.facts.c.document_id == near.document_id) == 0
        assert _count(conn, t.mentions, t.mentions.c.document_id == near.document_id) == 0
        after = {name: _count(conn, table) for name, table in
                 (("facts", t.facts), ("events", t.events), ("mentions", t.mentions), ("entities", t.entities))}
    assert after == before
    engine.dispose()
