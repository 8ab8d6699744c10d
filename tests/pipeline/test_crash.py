"""Killing an ingest mid-batch (SIGKILL, no cleanup) leaves no half-written document, and a
re-run completes the batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from monazite.pipeline import run_ingest
from monazite.ingest.dedup import MINHASH_BANDS, simhash_band_count
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.engine import open_store
from tests.pipeline.corpus import write_corpus

SCRIPT = """
import sys
from monazite.pipeline import run_ingest
from monazite.settings import Settings
run_ingest([sys.argv[2]], Settings(db=sys.argv[1], semantic_search=False), extract=sys.argv[3] == "on",
           progress=False)
"""


def _committed(url: str) -> int:
    engine = open_store(url)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(t.documents)).scalar()
    finally:
        engine.dispose()


# (extraction, articles, documents committed before the kill): extraction is ~10x slower per document
CASES = [("off", 400, 40), ("on", 80, 8)]


@pytest.mark.slow
@pytest.mark.parametrize("extract, articles, kill_after", CASES)
def test_kill_mid_batch_then_rerun(sqlite_url, tmp_path, extract: str, articles: int, kill_after: int) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, articles)
    open_store(sqlite_url).dispose()  # migrate before the child starts writing
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    child = subprocess.Popen([sys.executable, "-c", SCRIPT, sqlite_url, str(corpus), extract], env=env)
    deadline = time.monotonic() + 120
    while _committed(sqlite_url) < kill_after:
        assert child.poll() is None, "the ingest ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    stored = _committed(sqlite_url)
    assert kill_after <= stored < articles

    bits = Settings().near_duplicate_bits
    engine = open_store(sqlite_url)
    with engine.connect() as conn:
        docs = conn.execute(sa.select(t.documents.c.id)).scalars().all()
        bands = dict(conn.execute(sa.select(t.fingerprint_bands.c.document_id, sa.func.count())
                                  .group_by(t.fingerprint_bands.c.document_id)).all())
        logged = set(conn.execute(sa.select(t.ingest_log.c.document_id).where(t.ingest_log.c.status == "new"))
                     .scalars())
    engine.dispose()
    for doc_id in docs:  # each stored document has all of its rows: bands and log line
        assert bands.get(doc_id) == simhash_band_count(bits) + MINHASH_BANDS
        assert doc_id in logged
    assert set(bands) <= set(docs)
    if extract == "on":
        _assert_extractions_complete(sqlite_url, docs)

    report = run_ingest([str(corpus)], Settings(db=sqlite_url, semantic_search=False), extract=extract == "on",
                        progress=False)
    assert report.counts["duplicate"] == stored
    assert report.counts["new"] == articles - stored
    assert _committed(sqlite_url) == articles


def _assert_extractions_complete(url: str, docs: list[str]) -> None:
    """Each stored document holds exactly what extracting its text again yields."""
    from monazite.extract import extract_document
    from monazite.store.documents import get_document
    from monazite.vocab import load_vocabulary

    vocab = load_vocabulary()
    engine = open_store(url)
    with engine.connect() as conn:
        for doc_id in docs:
            expected = extract_document(get_document(conn, doc_id), vocab, Settings())
            stored = {name: conn.execute(sa.select(sa.func.count()).select_from(table)
                                         .where(table.c.document_id == doc_id)).scalar()
                      for name, table in (("facts", t.facts), ("events", t.events), ("mentions", t.mentions))}
            assert stored == {"facts": len({f.id for f in expected.facts}),
                              "events": len({e.id for e in expected.events}),
                              "mentions": len(expected.mentions)}, doc_id
            assert stored["mentions"] > 0
    engine.dispose()


KILLS = 50  # issue 13: at least 50 kills at random points


@pytest.mark.slow
def test_fifty_kills_at_random_points_leave_a_sound_store_and_the_batch_completes(sqlite_url, tmp_path) -> None:
    import random

    from monazite.store.integrity import check_store

    corpus = tmp_path / "corpus"
    articles = 120
    write_corpus(corpus, articles)
    open_store(sqlite_url).dispose()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    rng = random.Random(13)
    for _ in range(KILLS):
        child = subprocess.Popen([sys.executable, "-c", SCRIPT, sqlite_url, str(corpus), "on"], env=env)
        time.sleep(rng.uniform(0.4, 2.5))  # start-up, reading, extracting or mid-write: wherever it is
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        engine = open_store(sqlite_url)
        try:
            assert check_store(engine) == []
        finally:
            engine.dispose()
    run_ingest([str(corpus)], Settings(db=sqlite_url, semantic_search=False), progress=False)
    assert _committed(sqlite_url) == articles
    engine = open_store(sqlite_url)
    with engine.connect() as conn:
        docs = conn.execute(sa.select(t.documents.c.id)).scalars().all()
    engine.dispose()
    _assert_extractions_complete(sqlite_url, docs)


def test_a_text_over_the_extraction_limit_is_stored_without_extraction(sqlite_url, tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.txt").write_text("Long filing\n\n" + "Lynas Rare Earths produced 10,500 tonnes of NdPr. " * 400,
                                     encoding="utf-8")
    (folder / "short.txt").write_text("Short note\n\nLynas Rare Earths produced 10,500 tonnes of NdPr in 2024.\n",
                                      encoding="utf-8")
    report = run_ingest([str(folder)], Settings(db=sqlite_url, semantic_search=False, max_extract_chars=5000),
                        progress=False)
    by_name = {o.origin.rsplit("/", 1)[-1]: o for o in report.outcomes}
    assert by_name["long.txt"].status == "new" and "stored without extraction" in by_name["long.txt"].reason
    assert "max_extract_chars 5000" in by_name["long.txt"].reason
    assert by_name["short.txt"].reason is None and by_name["short.txt"].facts >= 1
    engine = open_store(sqlite_url)
    with engine.connect() as conn:
        long_id = by_name["long.txt"].document_id
        facts = conn.execute(sa.select(sa.func.count()).select_from(t.facts)
                             .where(t.facts.c.document_id == long_id)).scalar()
        repairs = conn.execute(sa.select(t.documents.c.repairs).where(t.documents.c.id == long_id)).scalar()
    engine.dispose()
    assert facts == 0 and any(r.startswith("extraction_skipped") for r in repairs)


def test_a_text_over_the_time_budget_is_stored_without_extraction(sqlite_url, tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "long.txt").write_text("Long filing\n\n" + "Lynas Rare Earths produced 10,500 tonnes of NdPr. " * 4000,
                                     encoding="utf-8")  # about 200 KB: far more than a millisecond of work
    report = run_ingest([str(folder)], Settings(db=sqlite_url, semantic_search=False, extract_timeout=0.001),
                        progress=False)
    (outcome,) = report.outcomes
    assert outcome.status == "new" and "extract_timeout" in outcome.reason and outcome.facts == 0
    again = run_ingest([str(folder)], Settings(db=sqlite_url, semantic_search=False), progress=False)
    assert again.counts.get("duplicate") == 1  # stored once; a re-run does not retry it as new
