"""A knowledge base built the way a user builds one (ingesting the seed articles and the
web fixtures through the real pipeline), the app over it, and a real uvicorn server on
127.0.0.1 with a port picked by the OS."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from monazite.settings import Settings

FIXTURES_WEB = Path(__file__).resolve().parents[2] / "fixtures" / "web"
SERVER_START_TIMEOUT_S = 60  # uvicorn start-up on a busy 2-core machine
CNRE = "china-northern-rare-earth"

os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def kb_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> str:
    from monazite.pipeline import run_ingest

    db = f"sqlite:///{tmp_path_factory.mktemp('webkb') / 'kb.db'}"
    report = run_ingest([str(seeds_dir), str(FIXTURES_WEB / "xss_terbium_quota.txt")], Settings(db=db),
                        progress=False)
    summary = report.to_dict()
    assert summary["counts"]["failed"] == 0, summary
    assert summary["counts"]["new"] == 6, summary
    return db


@pytest.fixture(scope="session")
def kb_settings(kb_db: str) -> Settings:
    return Settings(db=kb_db)


@pytest.fixture(scope="session")
def client(kb_settings: Settings) -> Iterator[TestClient]:
    from monazite.deliver.web import create_app

    with TestClient(create_app(kb_settings)) as c:
        yield c


@pytest.fixture(scope="session")
def xss_doc_id(client: TestClient) -> str:
    docs = client.get("/api/v1/documents", params={"limit": 500}).json()["items"]
    return next(d["id"] for d in docs if "xss_terbium_quota" in d["origin"])


@contextmanager
def serve_app(settings: Settings) -> Iterator[str]:
    """The app over ``settings`` under a real uvicorn server in a thread; yields its base URL."""
    import uvicorn

    from monazite.deliver.web import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def live_server(kb_settings: Settings) -> Iterator[str]:
    """The app under a real uvicorn server in a thread; yields its base URL."""
    with serve_app(kb_settings) as url:
        yield url


@pytest.fixture(scope="session")
def sample_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A knowledge base built by the real CLI's `monazite ingest --sample`: the bundled sample corpus."""
    import json

    from typer.testing import CliRunner

    from monazite.deliver.cli import _load_commands, app

    db = f"sqlite:///{tmp_path_factory.mktemp('samplekb') / 'kb.db'}"
    _load_commands()
    result = CliRunner().invoke(app, ["--db", db, "ingest", "--sample", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    counts = json.loads(result.stdout)["counts"]
    assert counts["failed"] == 0 and counts["new"] >= 20, counts
    return Settings(db=db)


@pytest.fixture(scope="session")
def sample_server(sample_settings: Settings) -> Iterator[str]:
    """The app over the sample corpus under a real uvicorn server; yields its base URL."""
    with serve_app(sample_settings) as url:
        yield url
