"""The dask executor stores what the local one stores."""

from __future__ import annotations

import sqlalchemy as sa

from monazite.pipeline import run_ingest
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.engine import open_store
from tests.pipeline.corpus import write_corpus


def _ids(url: str) -> set[str]:
    engine = open_store(url)
    with engine.connect() as conn:
        ids = set(conn.execute(sa.select(t.documents.c.id)).scalars())
    engine.dispose()
    return ids


def test_dask_matches_local(tmp_path, seeds_dir) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40)
    (corpus / "empty.txt").write_bytes(b"")
    inputs = [str(corpus), str(seeds_dir)]
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    dask_url = f"sqlite:///{tmp_path / 'dask.db'}"
    local = run_ingest(inputs, Settings(db=local_url, semantic_search=False), extract=False, progress=False)
    dasked = run_ingest(inputs, Settings(db=dask_url, semantic_search=False, executor="dask", workers=2),
                        extract=False, progress=False)
    assert dasked.counts == local.counts == {"new": 45, "duplicate": 0, "near_duplicate": 0, "failed": 1}
    assert _ids(dask_url) == _ids(local_url)
    again = run_ingest(inputs, Settings(db=dask_url, semantic_search=False, executor="dask", workers=1),
                       extract=False, progress=False)
    assert again.counts["duplicate"] == 45


def test_dask_with_extraction_matches_local(tmp_path, seeds_dir) -> None:
    def facts(url: str) -> set[str]:
        engine = open_store(url)
        with engine.connect() as conn:
            ids = set(conn.execute(sa.select(t.facts.c.id)).scalars())
        engine.dispose()
        return ids

    local_url, dask_url = f"sqlite:///{tmp_path / 'local.db'}", f"sqlite:///{tmp_path / 'dask.db'}"
    run_ingest([str(seeds_dir)], Settings(db=local_url, semantic_search=False), progress=False)
    report = run_ingest([str(seeds_dir)], Settings(db=dask_url, semantic_search=False, executor="dask", workers=2),
                        progress=False)
    assert report.counts["new"] == 5 and sum(o.facts for o in report.outcomes) > 0
    assert facts(dask_url) == facts(local_url)


def test_extract_timeout_applies_on_dask_workers(tmp_path) -> None:
    """A worker's task thread is interrupted past ``extract_timeout``, as the local executor's
    main thread is: the long document is stored without extraction, the short one with it."""
    folder = tmp_path / "in"
    folder.mkdir()
    # The first document a cold worker extracts also loads the lexicons: a warm-up goes first.
    (folder / "a_warm.txt").write_text("Warm-up\n\nIluka Resources shipped 2,000 tonnes of zircon in 2023.\n",
                                       encoding="utf-8")
    (folder / "long.txt").write_text("Long filing\n\n" + "Lynas Rare Earths produced 10,500 tonnes of NdPr. " * 8000,
                                     encoding="utf-8")  # about 400 KB: seconds of work, budget 1 s
    (folder / "short.txt").write_text("Short note\n\nLynas Rare Earths produced 10,500 tonnes of NdPr in 2024.\n",
                                      encoding="utf-8")
    report = run_ingest([str(folder)], Settings(db=f"sqlite:///{tmp_path / 'd.db'}", semantic_search=False,
                                                executor="dask", workers=1, extract_timeout=1.0), progress=False)
    by_name = {o.origin.rsplit("/", 1)[-1]: o for o in report.outcomes}
    assert by_name["long.txt"].status == "new" and "extract_timeout" in (by_name["long.txt"].reason or "")
    assert by_name["long.txt"].facts == 0
    assert by_name["short.txt"].status == "new" and by_name["short.txt"].facts >= 1


def test_a_stored_document_whose_extraction_failed_on_a_worker_is_a_duplicate(tmp_path) -> None:
    """The local executor never extracts a document it already holds; on the Dask path the
    worker extracted it anyway, and if that failed, the driver still reports a duplicate,
    not a failure."""
    from monazite.ingest import read_one
    from monazite.pipeline.dask_executor import Parsed, write_batch
    from monazite.pipeline.report import IngestReport

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Lynas note\n\nLynas Rare Earths produced 10,500 tonnes of NdPr in 2024.\n",
                                  encoding="utf-8")
    (folder / "b.txt").write_text("Other note\n\nIluka Resources began building its Eneabba refinery in 2023.\n",
                                  encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'd.db'}"
    settings = Settings(db=url, semantic_search=False)
    first = run_ingest([str(folder / "a.txt")], settings, progress=False)
    engine = open_store(url)
    stored = read_one(str(folder / "a.txt"), settings)[0]
    fresh = read_one(str(folder / "b.txt"), settings)[0]
    report = IngestReport(run_id="r2")
    write_batch(engine, [Parsed(stored, error="ValueError: boom"), Parsed(fresh, error="ValueError: boom")],
                settings, report)
    engine.dispose()
    by_name = {o.origin.rsplit("/", 1)[-1]: o for o in report.outcomes}
    assert by_name["a.txt"].status == "duplicate" and by_name["a.txt"].document_id == first.outcomes[0].document_id
    assert by_name["b.txt"].status == "failed" and "extraction failed: ValueError: boom" in by_name["b.txt"].reason
    assert _ids(url) == {first.outcomes[0].document_id}


def test_the_window_follows_the_cluster_size(tmp_path, monkeypatch) -> None:
    """How many chunks are in flight is asked of the cluster again as the run goes on (workers
    may join an existing scheduler mid-run), not only at the start."""
    from monazite.pipeline import dask_executor

    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40)
    asked: list[int] = []

    def counting(client):
        asked.append(1)
        return sum(client.nthreads().values())

    monkeypatch.setattr(dask_executor, "worker_slots", counting)
    monkeypatch.setattr(dask_executor, "WINDOW_RECHECK_S", 0.0)
    report = run_ingest([str(corpus)], Settings(db=f"sqlite:///{tmp_path / 'd.db'}", semantic_search=False,
                                                executor="dask", workers=1), extract=False, progress=False)
    assert report.counts["new"] == 40
    assert len(asked) > 2  # at the start, then again while chunks came back
