"""A real Dask cluster: ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1.

The store an ingest builds on the cluster (``--scheduler``) must be the store a one-process
run builds from the same inputs: same documents, facts, events, mentions and vectors
(timestamps aside). And when a worker is killed while tasks run, the scheduler runs its
tasks again on the other worker, and the store is still the same: nothing lost, nothing
written twice.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from monazite.pipeline import run_ingest
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.engine import open_store
from tests.pipeline.corpus import write_corpus

pytestmark = pytest.mark.slow

DASK = str(Path(sys.executable).with_name("dask"))
SAMPLES = Path(__file__).resolve().parents[2] / "src" / "monazite" / "data" / "samples"
# Compared row for row; DateTime columns (when a row was written) are left out.
TABLES = ("sources", "documents", "fingerprint_bands", "document_pages", "document_tables", "entities",
          "entity_aliases", "relations", "mentions", "facts", "events", "event_entities")
START_TIMEOUT_S = 90.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


class Cluster:
    """A scheduler and named workers as real processes, logs in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.workers: dict[str, subprocess.Popen] = {}
        self.scheduler = self._spawn("scheduler", [DASK, "scheduler", "--host", "127.0.0.1", "--port",
                                                   str(self.port), "--no-dashboard"])

    def _spawn(self, name: str, cmd: list[str]) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=self.folder)

    def add_worker(self, name: str) -> None:
        # No nanny: the process we start is the worker, so killing it loses the worker for good.
        self.workers[name] = self._spawn(name, [DASK, "worker", self.address, "--nthreads", "1", "--name", name,
                                                "--no-dashboard", "--no-nanny"])

    def wait_for_workers(self, n: int) -> None:
        from distributed import Client

        with Client(self.address, timeout=START_TIMEOUT_S) as client:
            client.wait_for_workers(n, timeout=START_TIMEOUT_S)

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in self.folder.glob("*.log"))

    def close(self) -> None:
        for proc in self.workers.values():  # workers hold nothing worth a graceful exit
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=15)
        _stop(self.scheduler)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    folder = tmp_path / "cluster"
    folder.mkdir()
    c = Cluster(folder)
    try:
        c.add_worker("w0")
        c.add_worker("w1")
        c.wait_for_workers(2)
        yield c
    finally:
        c.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample articles (text, HTML, a feed; real facts and events), a near-duplicate
    of one of them, and synthetic articles so that there are many tasks to spread and lose."""
    folder = tmp_path_factory.mktemp("corpus")
    for path in SAMPLES.iterdir():
        if path.is_file() and not path.name.lower().startswith(("readme", ".")):
            shutil.copy(path, folder / path.name)
    text = (SAMPLES / "arafura_nolans.txt").read_text(encoding="utf-8")
    (folder / "zz_arafura_retold.txt").write_text(text.replace("\n\n", "\n\nUpdated. ", 1), encoding="utf-8")
    write_corpus(folder / "synthetic", 24)
    return folder


@pytest.fixture(scope="module")
def one_process(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The reference store: the local executor, one process, semantic index on."""
    url = f"sqlite:///{tmp_path_factory.mktemp('one') / 'kb.db'}"
    report = run_ingest([str(corpus)], Settings(db=url), recursive=True, progress=False)
    assert report.counts["new"] > 40 and report.counts["near_duplicate"] >= 2 and report.index_error is None
    return url


def _dump(url: str) -> dict[str, object]:
    engine = open_store(url)
    out: dict[str, object] = {}
    try:
        with engine.connect() as conn:
            for name in TABLES:
                table = t.metadata.tables[name]
                cols = [c for c in table.columns if not isinstance(c.type, sa.DateTime)]
                out[name] = sorted(tuple(map(repr, row)) for row in conn.execute(sa.select(*cols)))
            e = t.embeddings
            rows = conn.execute(sa.select(e.c.document_id, e.c.model, e.c.dim, e.c.vector)
                                .order_by(e.c.document_id)).all()
            out["embeddings"] = [(r.document_id, r.model, r.dim) for r in rows]
            out["vectors"] = np.stack([np.frombuffer(r.vector, dtype=np.float32) for r in rows]) if rows else None
            log = t.ingest_log
            out["ingest_log"] = Counter(conn.execute(sa.select(log.c.origin, log.c.status, log.c.document_id)).all())
    finally:
        engine.dispose()
    return out


def _assert_same_store(url: str, reference: str) -> None:
    got, want = _dump(url), _dump(reference)
    for name in (*TABLES, "embeddings", "ingest_log"):
        assert got[name] == want[name], f"table {name} differs from the one-process store"
    assert got["vectors"] is not None and np.allclose(got["vectors"], want["vectors"], atol=1e-4)


def test_cluster_store_is_the_one_process_store(cluster: Cluster, corpus: Path, one_process: str,
                                                 tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    monazite = str(Path(sys.executable).with_name("monazite"))
    done = subprocess.run([monazite, "--db", url, "ingest", "--recursive", "--json", "--scheduler", cluster.address,
                           str(corpus)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr + cluster.logs()
    _assert_same_store(url, one_process)


def test_killed_worker_loses_and_duplicates_nothing(cluster: Cluster, corpus: Path, one_process: str,
                                                    tmp_path: Path) -> None:
    from distributed import Client

    url = f"sqlite:///{tmp_path / 'kb.db'}"
    outcome: dict[str, object] = {}

    def ingest() -> None:
        try:
            outcome["report"] = run_ingest([str(corpus)], Settings(db=url, executor="dask", scheduler=cluster.address),
                                           recursive=True, progress=False)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            outcome["error"] = exc

    runner = threading.Thread(target=ingest)
    runner.start()
    killed = None
    try:
        with Client(cluster.address, timeout=START_TIMEOUT_S) as client:
            deadline = time.monotonic() + 300
            while killed is None and time.monotonic() < deadline and runner.is_alive():
                names = {addr: info["name"] for addr, info in client.scheduler_info()["workers"].items()}
                for addr, keys in client.processing().items():
                    if any("monazite-ingest" in str(k) for k in keys) and names.get(addr) == "w1":
                        cluster.workers["w1"].send_signal(signal.SIGKILL)  # mid-task, no goodbye
                        killed = addr
                        break
                time.sleep(0.05)
    finally:
        runner.join(timeout=900)
    assert killed is not None, "no task was seen running on w1 to kill" + cluster.logs()
    assert cluster.workers["w1"].wait(timeout=30) == -signal.SIGKILL
    assert "error" not in outcome, outcome.get("error")
    report = outcome["report"]
    assert not report.failed, [o.reason for o in report.failed]  # type: ignore[attr-defined]
    _assert_same_store(url, one_process)


def _ids(url: str) -> dict[str, set[str]]:
    engine = open_store(url)
    try:
        with engine.connect() as conn:
            d = t.documents
            return {name: set(conn.execute(query).scalars()) for name, query in (
                ("documents", sa.select(d.c.id)), ("facts", sa.select(t.facts.c.id)),
                ("events", sa.select(t.events.c.id)), ("embeddings", sa.select(t.embeddings.c.document_id)),
                ("near_duplicates", sa.select(d.c.id).where(d.c.duplicate_of.is_not(None))),
            )}
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_workers_option_on_postgresql(corpus: Path, one_process: str, pg_url: str) -> None:
    """``--workers 2`` starts a LocalCluster; the driver's batched savepoint writes on PostgreSQL
    store the same documents, facts, events and vectors as the one-process SQLite run."""
    monazite = str(Path(sys.executable).with_name("monazite"))
    done = subprocess.run([monazite, "--db", pg_url, "ingest", "--recursive", "--json", "--workers", "2",
                           str(corpus)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert _ids(pg_url) == _ids(one_process)


def test_relative_paths_reach_workers_running_elsewhere(cluster: Cluster, tmp_path: Path, monkeypatch) -> None:
    """The workers run in the cluster's own folder; a path given relative to the driver's folder
    is still read, and stored under the path as given, as a one-process run stores it."""
    here = tmp_path / "desk"
    write_corpus(here / "inbox", 6)
    monkeypatch.chdir(here)
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    report = run_ingest(["inbox"], Settings(db=url, semantic_search=False, executor="dask", scheduler=cluster.address),
                        extract=False, progress=False)
    local = run_ingest(["inbox"], Settings(db=local_url, semantic_search=False), extract=False, progress=False)
    assert report.counts == local.counts and report.counts["new"] == 6, cluster.logs()
    assert sorted(o.origin for o in report.outcomes) == sorted(o.origin for o in local.outcomes)
    assert all(o.origin.startswith("inbox/") for o in report.outcomes)
    assert _dump(url)["documents"] == _dump(local_url)["documents"]
