"""Shared fixtures: real stores (a temp SQLite file; a real PostgreSQL database created
for the test), the acceptance corpus in ../shared, and the CLI runner.

``../shared`` holds the seed articles and expectations. In a user's clone without it,
tests that need it skip with a reason; under CI (``CI=true``) its absence is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("MONAZITE_SHARED", ROOT.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PG_ADMIN_URL = os.environ.get("MONAZITE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def _require_shared() -> Path:
    if (SHARED / "seeds").is_dir():
        return SHARED
    reason = f"acceptance corpus not found at {SHARED} (the project's ../shared folder)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; under CI it must be present")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _require_shared()


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def expectations(shared_dir: Path) -> dict:
    return json.loads((shared_dir / "acceptance" / "seed_expectations.json").read_text(encoding="utf-8"))


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kb.db'}"


def _pg_ready() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return False


def _start_postgres() -> None:
    if shutil.which("pg_ctlcluster") is None:
        return
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    for version in versions:
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
                       check=False, capture_output=True, timeout=60)


@pytest.fixture(scope="session")
def pg_server() -> str:
    if not _pg_ready():
        _start_postgres()
    if not _pg_ready():
        pytest.fail(f"PostgreSQL is not answering at {PG_ADMIN_URL} and could not be started")
    return PG_ADMIN_URL


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh database on the real server, dropped afterwards."""
    import psycopg

    name = f"monazite_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = pg_server.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Parametrises a test over both backends."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kb.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def cli(tmp_path: Path):
    """Runs the real ``monazite`` CLI in-process; returns (exit_code, stdout, stderr)."""
    from typer.testing import CliRunner

    from monazite.deliver.cli import _load_commands, app

    _load_commands()
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
        result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run
