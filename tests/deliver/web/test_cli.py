"""`monazite search` (JSON and table) and `monazite serve` over a real uvicorn process."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time

import httpx


def test_search_json_and_table(cli, kb_db: str) -> None:  # noqa: ANN001
    code, out, _ = cli("--db", kb_db, "search", "terbium", "--mode", "fulltext", "--json")
    assert code == 0
    body = json.loads(out)
    assert body["count"] >= 2 and body["hits"][0]["passage"]["highlights"]
    code, out, _ = cli("--db", kb_db, "search", "terbium", "--mode", "fulltext", "--limit", "1", "--org", "CNRE")
    assert code == 0 and "1 result" in out


def test_search_errors_exit_2(cli, kb_db: str) -> None:  # noqa: ANN001
    for args in (["--mode", "fuzzy"], ["--from", "2025-13"], ["--org", "Nobody Mining"], ["--limit", "0"]):
        code, _, err = cli("--db", kb_db, "search", "terbium", *args)
        assert code == 2 and err.startswith("error:")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_on_loopback(kb_db: str) -> None:
    port = _free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "MONAZITE_SEMANTIC_SEARCH": "false"}
    cmd = [sys.executable, "-c", "from monazite.deliver.cli import main; main()",
           "--db", kb_db, "serve", "--port", str(port), "--api-token", "tok"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/v1/documents", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError("serve did not start") from None
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["total"] == 6
        assert re.search("default-src 'self'", r.headers["content-security-policy"])
        denied = httpx.post(f"http://127.0.0.1:{port}/api/v1/ingest", json={"texts": [{"text": "x" * 80}]},
                            timeout=5)
        assert denied.status_code == 403
    finally:
        proc.terminate()
        proc.wait(timeout=20)
