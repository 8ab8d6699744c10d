"""`make soak`: a bounded stress on loopback. A generated corpus is ingested into a fresh
SQLite store while 20 concurrent clients make a fixed number of requests to the dashboard
and the API of a real uvicorn server over the same store; then the figures: requests
served, errors, p50/p95 latency, documents stored against documents expected, and the
final `monazite check`. Exit 1 on any error, lost or duplicated document, or store problem.

Not part of `make test`: it takes a minute or two and loads both cores.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402
import uvicorn  # noqa: E402

from monazite.deliver.web import create_app  # noqa: E402
from monazite.pipeline import run_ingest  # noqa: E402
from monazite.settings import Settings  # noqa: E402
from monazite.store import schema as t  # noqa: E402
from monazite.store.engine import open_store  # noqa: E402
from monazite.store.integrity import check_store  # noqa: E402
from tests.pipeline.corpus import write_corpus  # noqa: E402

CLIENTS = 20
PATHS = ["/", "/api/v1/documents?limit=20", "/api/v1/search?q=terbium&mode=fulltext", "/api/v1/facts?limit=20",
         "/claims", "/api/v1/entities?limit=20", "/search?q=magnet"]


def _server(settings: Settings) -> tuple[uvicorn.Server, threading.Thread, socket.socket, str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise SystemExit("soak: the server did not start")
        time.sleep(0.05)
    return server, thread, sock, f"http://127.0.0.1:{sock.getsockname()[1]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--requests", type=int, default=40, help="requests per client")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/soak.db"
        settings = Settings(db=db, semantic_search=False)
        corpus = write_corpus(Path(tmp) / "corpus", args.articles, seed=3)
        run_ingest([str(p) for p in corpus[:5]], settings, progress=False)
        server, thread, sock, base = _server(settings)
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def client(seed: int) -> None:
            rng = random.Random(seed)
            with httpx.Client(base_url=base, timeout=60) as http:
                for _ in range(args.requests):
                    path = rng.choice(PATHS)
                    started = time.perf_counter()
                    try:
                        status = http.get(path).status_code
                    except httpx.HTTPError as exc:
                        status, detail = 0, f"{path}: {exc.__class__.__name__}"
                    else:
                        detail = f"{path}: HTTP {status}"
                    with lock:
                        latencies.append(time.perf_counter() - started)
                        if status != 200:
                            errors.append(detail)

        started = time.perf_counter()
        ingest = threading.Thread(target=run_ingest, args=([str(p) for p in corpus], settings),
                                  kwargs={"progress": False})
        ingest.start()
        clients = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
        for c in clients:
            c.start()
        for c in clients:
            c.join()
        ingest.join()
        elapsed = time.perf_counter() - started
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        engine = open_store(db)
        try:
            with engine.connect() as conn:
                stored = conn.execute(sa.select(sa.func.count()).select_from(t.documents)).scalar()
            problems = check_store(engine)
        finally:
            engine.dispose()
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else 0.0
    print(f"soak: {args.articles} articles ingested while {CLIENTS} clients made {len(latencies)} requests "
          f"in {elapsed:.1f} s")
    print(f"requests served {len(latencies) - len(errors)}, errors {len(errors)}; "
          f"latency p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    print(f"documents stored {stored} of {args.articles} (lost or duplicated: {abs(stored - args.articles)})")
    print(f"monazite check: {'ok' if not problems else '; '.join(map(str, problems))}")
    for e in errors[:10]:
        print(f"  error {e}")
    return 1 if errors or problems or stored != args.articles else 0


if __name__ == "__main__":
    sys.exit(main())
