"""The on-disk vector index: exact answers through the graph, caught up from the change log,
a scan while it is missing or stale, an incremental append, and both backends alike."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from monazite.store import schema as t
from monazite.store import vector_index as vi
from monazite.store.engine import open_store
from monazite.store.search_vectors import MIN_SIMILARITY, VectorIndex
from monazite.store.vector_scan import top_k

MODEL = "all-MiniLM-L6-v2"
DIM = 48
NOW = dt.datetime(2025, 5, 1, tzinfo=dt.timezone.utc)
WORDS = ("terbium dysprosium neodymium praseodymium yttrium magnet quota export licence refinery "
         "separation mining concentrate monazite tariff stockpile recycling oxide turbine lynas baotou "
         "kalgoorlie myanmar ionic clay smelter offtake price shipment permit").split()
_RNG = np.random.default_rng(11)
WORD_VECTORS = {w: _RNG.standard_normal(DIM).astype(np.float32) for w in WORDS}


@pytest.fixture(autouse=True)
def one_build_thread(monkeypatch) -> None:
    """Graphs built by one thread are the same on every run, so 'answers as the exact ranking'
    is a fact about the index, not about how the threads were scheduled that time."""
    monkeypatch.setattr(vi, "BUILD_THREADS", 1)


def embed(texts: list[str]) -> np.ndarray:
    """Random projection of the bag of words: documents sharing words are neighbours."""
    out = []
    for text in texts:
        v = sum((WORD_VECTORS[w] for w in text.lower().split() if w in WORD_VECTORS), np.zeros(DIM, np.float32))
        out.append(v / (np.linalg.norm(v) or 1.0))
    return np.array(out, dtype=np.float32)


def corpus(n: int, start: int = 0, seed: int = 3) -> list[tuple[str, str]]:
    rng = np.random.default_rng(seed + start)
    docs = []
    for i in range(start, start + n):
        words = " ".join(rng.choice(WORDS, 6))
        doc_id = f"note-{i}" if i % 50 == 7 else f"doc_{i:016x}"  # a few ids not of the doc_<hex> form
        docs.append((doc_id, f"Report {i}: {words} in the rare earth market"))
    return docs


def add(engine: sa.Engine, docs: list[tuple[str, str]]) -> None:
    vectors = embed([text for _, text in docs])
    with engine.begin() as conn:
        for (doc_id, text), v in zip(docs, vectors, strict=True):
            day = dt.date(2025, 1, 1) + dt.timedelta(days=sum(map(ord, doc_id)) % 120)
            conn.execute(t.documents.insert().values(
                id=doc_id, origin=f"{doc_id}.txt", title=text[:30], ingested_at=NOW, raw_sha256=doc_id,
                text=text, repairs=[], published=day.isoformat(), published_precision="day", published_sort=day))
            conn.execute(t.embeddings.insert().values(document_id=doc_id, model=MODEL, dim=DIM, vector=v.tobytes()))


def exact(engine: sa.Engine, query: np.ndarray, limit: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.embeddings.c.document_id, t.embeddings.c.vector)).all()
    rows = [r for r in rows if allowed is None or r.document_id in allowed]
    matrix = np.stack([np.frombuffer(bytes(r.vector), dtype=np.float32) for r in rows])
    return top_k([r.document_id for r in rows], matrix @ query, limit, MIN_SIMILARITY)


def rank(index: VectorIndex, engine: sa.Engine, query: np.ndarray, limit: int = 10,
         allowed: set[str] | None = None) -> list[tuple[str, float]]:
    with engine.connect() as conn:
        index.refresh(conn, force=True)
        return index.rank(conn, query, limit, allowed)


def same(a: list[tuple[str, float]], b: list[tuple[str, float]]) -> bool:
    return [d for d, _ in a] == [d for d, _ in b] and np.allclose([s for _, s in a], [s for _, s in b], atol=1e-6)


QUERIES = ["terbium export licence", "magnet recycling", "lynas kalgoorlie refinery", "ionic clay mining myanmar",
           "price of dysprosium oxide"]


def test_every_write_to_embeddings_is_logged(store_url: str) -> None:
    engine = open_store(store_url)
    add(engine, corpus(3))
    with engine.begin() as conn:
        assert vi.last_change(conn) == 3
        conn.execute(t.documents.delete().where(t.documents.c.id == corpus(1)[0][0]))  # cascades to its vector
        conn.execute(t.embeddings.update().where(t.embeddings.c.document_id == corpus(2)[1][0]).values(dim=DIM))
        logged = conn.execute(sa.select(t.embedding_changes.c.document_id).order_by(t.embedding_changes.c.id)).scalars()
        assert list(logged)[3:] == [corpus(1)[0][0], corpus(2)[1][0]]
        assert vi.last_change(conn) == 5


def test_the_graph_answers_as_the_exact_ranking_and_catches_up(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    add(engine, corpus(400))
    directory = vi.index_directory(engine)
    assert directory == Path(sqlite_url.split(":///")[1] + ".vectors")
    manifest = vi.build_index(engine, MODEL, directory)
    assert manifest is not None and manifest.count == 400 and manifest.odd  # hashed keys for note-<n>
    index = VectorIndex(MODEL, engine=engine, directory=directory, ann_min=100)
    for q in QUERIES:
        query = embed([q])[0]
        assert same(rank(index, engine, query), exact(engine, query, 10)), q
    assert index.mode == "ann" and len(index) == 400
    # New documents and a deletion after the build: the answer follows the store, no rebuild.
    newest = corpus(3, start=1000)
    add(engine, newest)
    query = embed([newest[0][1]])[0]
    hits = rank(index, engine, query)
    assert hits[0] == (newest[0][0], pytest.approx(1.0, abs=1e-5))
    assert same(hits, exact(engine, query, 10))
    with engine.begin() as conn:
        conn.execute(t.documents.delete().where(t.documents.c.id == hits[1][0]))
    again = rank(index, engine, query)
    assert hits[1][0] not in [d for d, _ in again] and same(again, exact(engine, query, 10))
    assert index.mode == "ann" and vi.Manifest.read(vi.manifest_path(directory, MODEL)).file == manifest.file


def test_filters_within_the_graph_and_exactly_over_a_few(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    docs = corpus(300)
    add(engine, docs)
    directory = vi.index_directory(engine)
    vi.build_index(engine, MODEL, directory)
    index = VectorIndex(MODEL, engine=engine, directory=directory, ann_min=100)
    query = embed([QUERIES[0]])[0]
    few = {d for d, _ in docs[::37]}
    assert same(rank(index, engine, query, 5, few), exact(engine, query, 5, few))
    many = {d for d, _ in docs[::2]}
    assert same(rank(index, engine, query, 5, many), exact(engine, query, 5, many))
    # Search filters are SQL conditions checked on the graph's candidates, never a load of every id.
    from monazite.settings import Settings
    from monazite.store.search import Searcher, SearchFilters

    settings = Settings(embedding_model=MODEL, ann_min_vectors=100)  # the index beside the SQLite file
    searcher = Searcher(engine, settings, embedder=embed, build_index=False)
    for since in (dt.date(2025, 2, 1), dt.date(2025, 4, 20)):  # about half the documents, then a few
        with engine.connect() as conn:
            kept = set(conn.execute(sa.select(t.documents.c.id).where(t.documents.c.published_sort >= since)).scalars())
        res = searcher.search(QUERIES[0], mode="semantic", limit=10, filters=SearchFilters(date_from=since))
        assert [(h.document_id, round(h.score, 5)) for h in res.hits] == \
            [(d, round(s, 5)) for d, s in exact(engine, query, 10, kept)]
    assert searcher.vectors.mode == "ann"
    searcher.close()


def test_missing_or_stale_index_scans_exactly_then_is_rebuilt(sqlite_url: str, monkeypatch) -> None:
    engine = open_store(sqlite_url)
    add(engine, corpus(300))
    directory = vi.index_directory(engine)
    query = embed([QUERIES[1]])[0]
    one_shot = VectorIndex(MODEL, engine=engine, directory=directory, ann_min=100)
    assert same(rank(one_shot, engine, query), exact(engine, query, 10)) and one_shot.mode == "scan"
    assert not directory.exists()  # a one-shot search builds nothing
    index = VectorIndex(MODEL, engine=engine, directory=directory, ann_min=100, build_in_background=True)
    assert same(rank(index, engine, query), exact(engine, query, 10))
    deadline = time.monotonic() + 60
    while index.mode != "ann" and time.monotonic() < deadline:
        time.sleep(0.2)
        rank(index, engine, query)
    assert index.mode == "ann"
    # Too many changes since the build: exact scan again (and a rebuild), never a stale answer.
    monkeypatch.setattr(vi, "DELTA_MAX", 5)
    add(engine, corpus(10, start=2000))
    stale = VectorIndex(MODEL, engine=engine, directory=directory, ann_min=100)
    assert same(rank(stale, engine, query, 20), exact(engine, query, 20)) and stale.mode == "scan"


def test_changes_are_appended_to_the_file(sqlite_url: str, monkeypatch) -> None:
    engine = open_store(sqlite_url)
    add(engine, corpus(300))
    directory = vi.index_directory(engine)
    assert vi.maintain_index(engine, MODEL, directory, ann_min=1000) == "exact"
    assert vi.maintain_index(engine, MODEL, directory, ann_min=100) == "built"
    add(engine, corpus(20, start=500))
    with engine.begin() as conn:
        conn.execute(t.documents.delete().where(t.documents.c.id == corpus(1)[0][0]))
    assert vi.maintain_index(engine, MODEL, directory, ann_min=100) == "current"  # a small delta is fine
    monkeypatch.setattr(vi, "FOLD_MIN", 10)
    assert vi.maintain_index(engine, MODEL, directory, ann_min=100) == "appended"
    with engine.connect() as conn:
        ann = vi.AnnIndex.open(directory, MODEL)
        assert ann.mark == vi.last_change(conn) and ann.catch_up(conn, ann.mark) and not ann.touched
    index = VectorIndex(MODEL, engine=engine, directory=directory, ann_min=100)
    for q in QUERIES + [corpus(1, start=505)[0][1]]:
        query = embed([q])[0]
        assert same(rank(index, engine, query), exact(engine, query, 10)), q
    assert len(list(directory.glob("*.usearch"))) == 1  # the earlier file is gone


@pytest.mark.postgres
def test_same_rankings_on_sqlite_and_postgresql(sqlite_url: str, pg_url: str, tmp_path: Path) -> None:
    from monazite.settings import Settings
    from monazite.store.search import Searcher

    results = []
    for url in (sqlite_url, pg_url):
        engine = open_store(url)
        add(engine, corpus(250))
        settings = Settings(db=url, embedding_model=MODEL, ann_min_vectors=100,
                            vector_index_dir=str(tmp_path / "vectors"))
        directory = vi.index_directory(engine, settings.vector_index_dir)
        assert vi.build_index(engine, MODEL, directory).count == 250
        add(engine, corpus(5, start=900))  # caught up from each backend's change log
        searcher = Searcher(engine, settings, embedder=embed, build_index=False)
        run = []
        for q in QUERIES:  # the semantic half at the depth hybrid search fuses (full text ranks differ by engine)
            res = searcher.search(q, mode="semantic", limit=50)
            run.append([(h.document_id, round(h.score, 6)) for h in res.hits])
            assert searcher.search(q, mode="hybrid").used == ["fulltext", "semantic"]
        assert searcher.vectors.mode == "ann"
        results.append(run)
        searcher.close()
        engine.dispose()
    assert results[0] == results[1]
    assert all(results[0])


def test_a_manifest_naming_a_path_outside_its_folder_is_not_an_index(tmp_path: Path) -> None:
    import json

    good = {"model": MODEL, "dim": DIM, "count": 1, "mark": 1, "file": "m.usearch"}
    for name, file in (("good", "m.usearch"), ("up", "../elsewhere.usearch"), ("absolute", "/etc/passwd")):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({**good, "file": file}), encoding="utf-8")
        assert (vi.Manifest.read(path) is not None) == (name == "good"), name


def test_two_stores_given_one_index_folder_keep_their_own_index(tmp_path: Path) -> None:
    folder = str(tmp_path / "shared")
    first = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    second = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    a, b = vi.index_directory(first, folder), vi.index_directory(second, folder)
    assert a != b and a.parent == b.parent == Path(folder)
    assert vi.index_directory(first, folder) == a  # stable for the same file
    assert vi.index_directory(first) == tmp_path / "a.db.vectors"
    assert vi.index_directory(open_store("sqlite://"), folder) is None


def _build_in_child(url: str, directory: str, ready, go) -> None:
    engine = open_store(url)
    ready.set()
    go.wait(30)
    vi.BUILD_THREADS = 1
    vi.build_index(engine, MODEL, Path(directory))
    vi.fold_delta(engine, Path(directory), MODEL)
    engine.dispose()


def test_index_writers_in_several_processes_take_turns(sqlite_url: str) -> None:
    """Builds and appends from several processes at once are serialised by the folder's lock:
    each finishes (none loses its file to another's clean-up), and one current file remains,
    answering as the exact ranking does."""
    import multiprocessing

    engine = open_store(sqlite_url)
    add(engine, corpus(400))
    directory = vi.index_directory(engine)
    context = multiprocessing.get_context("spawn")
    go = context.Event()
    children = []
    for _ in range(3):
        ready = context.Event()
        child = context.Process(target=_build_in_child, args=(sqlite_url, str(directory), ready, go))
        child.start()
        assert ready.wait(60)
        children.append(child)
    go.set()
    for child in children:
        child.join(120)
        assert child.exitcode == 0
    assert len(list(directory.glob("*.usearch"))) == 1
    with engine.connect() as conn:
        ann = vi.AnnIndex.open(directory, MODEL)
        assert ann is not None and ann.mark == vi.last_change(conn)
    index = VectorIndex(MODEL, engine=engine, directory=directory, ann_min=100)
    query = embed([QUERIES[0]])[0]
    assert same(rank(index, engine, query), exact(engine, query, 10)) and index.mode == "ann"


def test_a_rebuild_is_not_skipped_for_a_manifest_that_was_already_there(tmp_path: Path) -> None:
    """The lock's shortcut (another process just published) never keeps an index whose mark
    is ahead of a recreated store's change log."""
    first = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    add(first, corpus(200))
    directory = tmp_path / "index"
    old = vi.build_index(first, MODEL, directory)
    first.dispose()
    (tmp_path / "a.db").unlink()
    again = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    add(again, corpus(50, start=900))
    with again.connect() as conn:
        assert vi.last_change(conn) < old.mark
    new = vi.build_index(again, MODEL, directory)
    assert new.file != old.file and new.count == 50


def test_a_failing_background_build_backs_off(sqlite_url: str, monkeypatch, caplog) -> None:
    """A background build that fails is logged and not tried again at every search: the next
    try waits RETRY_BASE_S, then twice that; searches meanwhile rank exactly."""
    import monazite.store.search_vectors as sv

    engine = open_store(sqlite_url)
    add(engine, corpus(150))
    directory = vi.index_directory(engine)
    calls: list[float] = []

    def broken(*args, **kwargs):
        calls.append(time.monotonic())
        raise OSError("disk full")

    monkeypatch.setattr(sv, "build_index", broken)
    monkeypatch.setattr(sv, "RETRY_BASE_S", 0.5)
    monkeypatch.setattr(sv, "RECHECK_S", 0.0)
    monkeypatch.setattr(sv, "_failed", {})
    index = VectorIndex(MODEL, engine=engine, directory=directory, ann_min=100, build_in_background=True)
    query = embed([QUERIES[0]])[0]
    deadline = time.monotonic() + 2.0
    while time.monotonic() < deadline:
        assert same(rank(index, engine, query), exact(engine, query, 10))
        with engine.connect() as conn:
            index.refresh(conn, force=True)
        time.sleep(0.05)
    # Without back-off this would be one build per refresh (about 40); with it: at 0, 0.5, 1.5 s.
    assert 2 <= len(calls) <= 3, calls
    assert all(b - a >= 0.45 for a, b in zip(calls, calls[1:]))
    assert "vector index build" in caplog.text and "disk full" in caplog.text


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_the_change_log_is_pruned_and_an_older_index_notices(backend: str, sqlite_url: str, request,
                                                              tmp_path: Path, monkeypatch) -> None:
    """After a build the log is cut back to its mark (leaving a marker); the index that was
    built keeps catching up, while an index elsewhere with an older mark sees the marker and
    is treated as stale (exact answers, then a rebuild) instead of missing the pruned changes."""
    url = sqlite_url if backend == "sqlite" else request.getfixturevalue("pg_url")
    monkeypatch.setattr(vi, "PRUNE_MIN", 10)
    engine = open_store(url)
    add(engine, corpus(200))
    elsewhere = tmp_path / "elsewhere"
    old = vi.build_index(engine, MODEL, elsewhere)  # another folder's index, built before the changes below
    add(engine, corpus(30, start=700))
    directory = tmp_path / "here"
    assert vi.maintain_index(engine, MODEL, directory, ann_min=100) == "built"
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.embedding_changes.c.id, t.embedding_changes.c.document_id)).all()
        mark = vi.last_change(conn)
        here = vi.AnnIndex.open(directory, MODEL)
        assert [r.document_id for r in rows] == [f"{vi.PRUNED}{here.mark}"]  # only the marker is left
        assert here.catch_up(conn, mark) and not here.touched
        stale = vi.AnnIndex.open(elsewhere, MODEL)
        assert stale.mark == old.mark and not stale.catch_up(conn, mark)
    assert vi.fold_delta(engine, elsewhere, MODEL) is None
    query = embed([QUERIES[2]])[0]
    index = VectorIndex(MODEL, engine=engine, directory=elsewhere, ann_min=100)
    assert same(rank(index, engine, query), exact(engine, query, 10)) and index.mode == "scan"
    # Later changes are logged after the marker and caught up as before.
    add(engine, corpus(5, start=900))
    with engine.connect() as conn:
        assert here.catch_up(conn, vi.last_change(conn)) and len(here.touched) == 5
    engine.dispose()
