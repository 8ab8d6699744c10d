"""Ingest throughput with extraction and the semantic index on: one process against two Dask
workers, on the same generated corpus; the figures issue 12 asks for, kept through
``results.record``.

Each configuration runs in a fresh child process (so peak memory is its own):
- ``one``: the local executor, one process. Ingested with the index off, then the index is
  built by ``index_embeddings`` (what the local executor's batch end does), timed apart:
  ``semantic_share`` is the index's share of the total.
- ``two``: a LocalCluster of two worker processes (one thread each); workers read, parse,
  extract and embed, the driver writes.
Both are measured warm (the vocabulary, the embedding model and, for ``two``, the cluster
are started on a small warm-up corpus first), so docs/s is the steady rate; the cold start
is printed beside it and counted in ``end_to_end_100k_s``.

Recorded: ``ingest_docs_per_s_1``, ``ingest_docs_per_s_2``, ``scaling_efficiency_2`` (docs/s
with two workers over twice docs/s with one process), ``semantic_share``, ``peak_rss_mb``
(driver plus workers, two-worker run; ``peak_rss_mb_1`` the one process),
``store_mb_per_1k_docs``, ``cpu_ms_per_doc_1``/``_2`` (CPU time per document, all processes
together: what distributing costs, which the machine's load does not blur),
``end_to_end_100k_s`` (measured when ``--docs`` is at least
100,000, else extrapolated from the two-worker run, and ``end_to_end_100k_s_method`` says
so) and ``embedding_model``.

On a machine whose cores other work shares, the figures are noisy and efficiency reads low:
the driver needs CPU too, and two workers on two busy cores cannot both run flat out.

    python bench/bench_scaling.py [--docs N] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_ingest import write_corpus  # noqa: E402
from results import record  # noqa: E402

SOURCE = "bench_scaling.py"
FULL_DOCS, QUICK_DOCS = 5_000, 200
WARM_DOCS = 16  # two tasks' worth (CHUNK_SIZE 8), so both workers build their extraction caches
TARGET_DOCS = 100_000


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _store_mb(db: Path) -> float:
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6


def _load_model(model: str) -> None:
    from monazite.extract.embeddings import embed

    embed(["warm-up"], model)


def run_one(corpus: Path, warm: Path, db: Path) -> dict:
    """One process: ingest (index off), then the index pass, timed apart."""
    from monazite.pipeline import run_ingest
    from monazite.pipeline.indexing import index_embeddings
    from monazite.settings import Settings
    from monazite.store.engine import open_store

    settings = Settings(db=f"sqlite:///{db}")
    off = Settings(db=settings.db, semantic_search=False)
    started = time.perf_counter()
    run_ingest([str(warm)], settings, progress=False)  # vocabulary, extractors' lexicons, embedding model
    cold_s = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    report = run_ingest([str(corpus)], off, progress=False)
    ingest_s = time.perf_counter() - started
    engine = open_store(settings.db)
    started = time.perf_counter()
    indexed = index_embeddings(engine, settings)
    index_s = time.perf_counter() - started
    cpu = time.process_time() - cpu
    engine.dispose()
    return {"docs": report.counts["new"], "failed": report.counts["failed"], "ingest_s": ingest_s, "cpu_s": cpu,
            "index_s": index_s, "indexed": indexed, "cold_s": cold_s, "peak_rss_mb": _rss_mb(),
            "store_mb": _store_mb(db), "model": settings.embedding_model}


def run_two(corpus: Path, warm: Path, db: Path) -> dict:
    """Two workers: a LocalCluster started once, warmed up, then the corpus."""
    from distributed import Client, LocalCluster

    from monazite.pipeline import run_ingest
    from monazite.settings import Settings

    started = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        settings = Settings(db=f"sqlite:///{db}", executor="dask", scheduler=cluster.scheduler_address)
        client.run(_load_model, settings.embedding_model)  # on every worker, not only those the warm-up reaches
        run_ingest([str(warm)], settings, progress=False)
        cold_s = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        workers_cpu = client.run(time.process_time)
        report = run_ingest([str(corpus)], settings, progress=False)
        seconds = time.perf_counter() - started
        after = client.run(time.process_time)
        cpu = time.process_time() - cpu + sum(after[w] - workers_cpu[w] for w in after if w in workers_cpu)
        workers_mb = sum(client.run(_rss_mb).values())
    return {"docs": report.counts["new"], "failed": report.counts["failed"], "seconds": seconds, "cpu_s": cpu,
            "cold_s": cold_s, "indexed": report.indexed, "peak_rss_mb": _rss_mb() + workers_mb,
            "workers_rss_mb": workers_mb, "model": settings.embedding_model}


def child(mode: str, root: Path) -> int:
    corpus, warm = root / "corpus", root / "warm"
    out = run_one(corpus, warm, root / "one.db") if mode == "one" else run_two(corpus, warm, root / "two.db")
    print("RESULT " + json.dumps(out), flush=True)
    return 0


def _spawn(mode: str, root: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--child", mode, "--root", str(root)],
                          capture_output=True, text=True, env=dict(os.environ, PYTHONWARNINGS="ignore"))
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{mode} run failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(lines[-1].removeprefix("RESULT "))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=None, help=f"articles (default {FULL_DOCS}, quick {QUICK_DOCS})")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_DOCS} articles")
    parser.add_argument("--child", choices=("one", "two"), help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.root)
    docs = args.docs or (QUICK_DOCS if args.quick else FULL_DOCS)
    with tempfile.TemporaryDirectory(prefix="monazite-scaling-") as tmp:
        root = Path(tmp)
        write_corpus(root / "corpus", 0, docs, seed=7)
        write_corpus(root / "warm", 10_000_000, WARM_DOCS, seed=8)
        size = sum(p.stat().st_size for p in (root / "corpus").iterdir()) / 1e6
        print(f"corpus: {docs} generated articles, {size:.1f} MB; extraction and semantic index on; "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}", flush=True)
        one = _spawn("one", root)
        total_1 = one["ingest_s"] + one["index_s"]
        rate_1 = one["docs"] / total_1
        print(f"1 process : {rate_1:7.2f} docs/s  (ingest {one['ingest_s']:.1f} s + index {one['index_s']:.1f} s; "
              f"cold start {one['cold_s']:.1f} s; peak RSS {one['peak_rss_mb']:.0f} MB; failed {one['failed']})",
              flush=True)
        two = _spawn("two", root)
        rate_2 = two["docs"] / two["seconds"]
        print(f"2 workers : {rate_2:7.2f} docs/s  ({two['seconds']:.1f} s; cold start {two['cold_s']:.1f} s; "
              f"peak RSS driver+workers {two['peak_rss_mb']:.0f} MB; failed {two['failed']})", flush=True)
    efficiency = rate_2 / (2 * rate_1)
    cpu_ms_1, cpu_ms_2 = one["cpu_s"] / one["docs"] * 1000, two["cpu_s"] / two["docs"] * 1000
    print(f"CPU per document: {cpu_ms_1:.1f} ms in one process, {cpu_ms_2:.1f} ms with two workers (driver + "
          f"workers): the cost of distributing, whatever the machine's load; CPU-bound efficiency "
          f"{cpu_ms_1 / cpu_ms_2:.2f}")
    share = one["index_s"] / total_1
    store_per_1k = one["store_mb"] / one["docs"] * 1000
    if docs >= TARGET_DOCS:
        end_to_end, method = two["cold_s"] + two["seconds"], f"measured on {docs} docs (2 workers)"
    else:
        end_to_end = two["cold_s"] + TARGET_DOCS / rate_2
        method = f"extrapolated from {docs} docs (2 workers, steady rate, plus measured cold start)"
    print(f"scaling efficiency (2 workers): {efficiency:.2f} (target 0.80); semantic share of 1-process ingest: "
          f"{share:.2f} (target 0.25); store {store_per_1k:.1f} MB per 1k docs; "
          f"100k docs end to end: {end_to_end / 60:.1f} min ({method}; target 10 min)")
    record("ingest_docs_per_s_1", round(rate_1, 3), source=SOURCE)
    record("ingest_docs_per_s_2", round(rate_2, 3), source=SOURCE)
    record("scaling_efficiency_2", round(efficiency, 3), source=SOURCE)
    record("semantic_share", round(share, 3), source=SOURCE)
    record("peak_rss_mb", round(two["peak_rss_mb"], 1), source=SOURCE)
    record("peak_rss_mb_1", round(one["peak_rss_mb"], 1), source=SOURCE)
    record("cpu_ms_per_doc_1", round(cpu_ms_1, 2), source=SOURCE)
    record("cpu_ms_per_doc_2", round(cpu_ms_2, 2), source=SOURCE)
    record("store_mb_per_1k_docs", round(store_per_1k, 2), source=SOURCE)
    record("end_to_end_100k_s", round(end_to_end, 1), source=SOURCE)
    record("end_to_end_100k_s_method", method, source=SOURCE)
    record("embedding_model", one["model"], source=SOURCE)
    record("scaling_corpus_docs", docs, source=SOURCE)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
