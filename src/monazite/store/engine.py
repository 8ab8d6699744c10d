"""Opening the knowledge base: SQLite by default (WAL, so readers never wait on an ingest),
PostgreSQL by URL. The schema is brought to the latest Alembic revision on open."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from monazite.errors import StoreError
from monazite.settings import normalise_db_url

SQLITE_BUSY_TIMEOUT_MS = 30_000  # a writer waits this long for another writer's lock
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Alembic is imported only when a store is not at the newest revision: importing it is most of
# what opening an up-to-date store costs a CLI command (bench/bench_cli.py).
_REVISION = re.compile(r"""^(down_revision|revision)\s*=\s*['"]?([^'"\s]+)['"]?""", re.MULTILINE)

if TYPE_CHECKING:  # pragma: no cover
    from alembic.config import Config


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DBAPI hook signature
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def create_engine(url: str) -> Engine:
    url = normalise_db_url(url)
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = sa.create_engine(url, pool_pre_ping=True)
    return engine


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def _newest_revision() -> str | None:
    """The head read from the migration files' ``revision``/``down_revision`` lines, without
    Alembic; None when that is not one clear answer (Alembic then decides)."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict(m.groups() for m in _REVISION.finditer(path.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            parents.add(found.get("down_revision"))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _at_newest(engine: Engine) -> bool:
    newest = _newest_revision()
    if newest is None:
        return False
    try:
        with engine.connect() as conn:
            stamped = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    except sa.exc.SQLAlchemyError:  # a new store: no version table yet
        return False
    return stamped == [newest]


def migrate(engine: Engine) -> None:
    """Upgrade to head; a no-op when already there."""
    try:
        if _at_newest(engine):
            return
        if current_revision(engine) != head_revision(engine):
            from alembic import command

            command.upgrade(alembic_config(engine), "head")
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate {engine.url.render_as_string(hide_password=True)}: {exc}") from exc


def open_store(url: str, *, migrate_schema: bool = True) -> Engine:
    """Open (and by default migrate) the knowledge base at ``url``."""
    try:
        engine = create_engine(url)
        with engine.connect():
            pass
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"cannot open knowledge base {url}: {exc}") from exc
    if migrate_schema:
        migrate(engine)
    return engine
