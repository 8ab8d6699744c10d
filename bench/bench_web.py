"""Page latency under concurrent clients on loopback.

A knowledge base of synthetic documents (as in ``bench_search.py``: bulk-inserted, random
unit vectors) plus the seed articles and bundled samples ingested through the real
pipeline is served by ``monazite serve`` in a subprocess (one uvicorn worker). N clients
then request a mix of pages (home, hybrid search, document, dossier, claims, market)
until a request count or a time limit is reached, whichever comes first.

    .venv/bin/python bench/bench_web.py               # 20 clients, 10,000 extra docs, <= 600 requests / 60 s
    .venv/bin/python bench/bench_web.py --quick       # 20 clients, 1,000 extra docs, <= 200 requests / 30 s
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx
import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bench_search import TOPIC_WORDS, build  # noqa: E402

from monazite.pipeline import run_ingest  # noqa: E402
from monazite.settings import Settings  # noqa: E402

SEEDS = HERE.parent.parent / "shared" / "seeds"
SAMPLES = HERE.parent / "src" / "monazite" / "data" / "samples"
TARGET_P95_MS = 500.0  # what an analyst tolerates for a page under load (no number in the issue)
START_TIMEOUT_S = 120
UNSEEN_SEARCHES = 8  # distinct hybrid queries first run under load


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _paths(base: str) -> list[str]:
    docs = httpx.get(f"{base}/api/v1/documents", params={"limit": 20}, timeout=30).json()["items"]
    paths = ["/", "/search?q=terbium", "/search?q=magnet+plant", "/search?q=export+controls&mode=fulltext",
             "/entities/china-northern-rare-earth", "/claims", "/market?stage=refining", "/entities"]
    paths += [f"/documents/{d['id']}" for d in docs[:6]]
    # Hybrid searches the warm-up does not see: each embeds its query the first time it runs.
    paths += [f"/search?q={a}+{b}" for a, b in zip(TOPIC_WORDS[::2], TOPIC_WORDS[1::2])][:UNSEEN_SEARCHES]
    return paths


async def _client(base: str, paths: list[str], deadline: float, budget: list[int], out: dict) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        while time.monotonic() < deadline and budget[0] > 0:
            budget[0] -= 1
            budget[1] += 1
            path = paths[budget[1] % len(paths)]  # the clients walk the page list together, in turn
            t0 = time.perf_counter()
            r = await c.get(path)
            page = "/" + path.split("?")[0].strip("/").split("/")[0]
            out[page].append((time.perf_counter() - t0, r.status_code))


async def _load(base: str, clients: int, requests: int, seconds: float) -> dict:
    paths = _paths(base)
    for path in paths[:-UNSEEN_SEARCHES]:  # steady state: model loaded, analyses memoised
        httpx.get(base + path, timeout=120)
    out: dict = defaultdict(list)
    budget = [requests, -1]  # requests left, index of the last one sent
    deadline = time.monotonic() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(_client(base, paths, deadline, budget, out) for _ in range(clients)))
    out["_elapsed"] = time.perf_counter() - started
    return out


def _p(samples: list[float]) -> tuple[float, float]:
    ms = sorted(s * 1000 for s in samples)
    return statistics.median(ms), ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=600, help="stop after this many requests")
    ap.add_argument("--seconds", type=float, default=60, help="or after this long")
    ap.add_argument("--docs", type=int, default=10_000, help="synthetic documents besides the real articles")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    if args.quick:
        args.requests, args.seconds, args.docs = 200, 30, 1000
    with tempfile.TemporaryDirectory(prefix="monazite-bench-web-") as tmp:
        db = Path(tmp) / "kb.db"
        t0 = time.perf_counter()
        build(db, args.docs, np.random.default_rng(11))
        inputs = [str(p) for p in (SEEDS, SAMPLES) if p.is_dir()]
        report = run_ingest(inputs, Settings(db=f"sqlite:///{db}"), progress=False).to_dict()
        print(f"knowledge base: {args.docs:,} synthetic + {report['counts']['new']} ingested documents "
              f"in {time.perf_counter() - t0:.1f} s")
        port = _port()
        base = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen([sys.executable, "-c", "from monazite.deliver.cli import main; main()", "--db", str(db),
                                 "serve", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "HF_HUB_OFFLINE": "1"})
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while True:
                try:
                    httpx.get(base + "/api/v1/documents?limit=1", timeout=5)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        print("server did not start")
                        return 1
                    time.sleep(0.3)
            out = asyncio.run(_load(base, args.clients, args.requests, args.seconds))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    elapsed = out.pop("_elapsed")
    every = [s for rows in out.values() for s, _ in rows]
    errors = sum(1 for rows in out.values() for _, code in rows if code >= 400)
    print(f"{len(every)} requests from {args.clients} concurrent clients in {elapsed:.1f} s "
          f"({len(every) / elapsed:.1f} req/s), {errors} errors")
    print(f"  {'page':<22}{'n':>5}{'p50 ms':>10}{'p95 ms':>10}")
    for page, rows in sorted(out.items()):
        p50, p95 = _p([s for s, _ in rows])
        print(f"  {page:<22}{len(rows):>5}{p50:>10.1f}{p95:>10.1f}")
    p50, p95 = _p(every)
    print(f"  {'all pages':<22}{len(every):>5}{p50:>10.1f}{p95:>10.1f}")
    print(f"  page p95 {p95:.0f} ms ({'within' if p95 <= TARGET_P95_MS else 'over'} {TARGET_P95_MS:.0f} ms)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
