"""Checking a knowledge base, and backing a SQLite one up and restoring it online.

``check_store`` runs the database's own checks (SQLite ``integrity_check`` and
``foreign_key_check``; they also cover the unique indexes that keep a text from being
stored twice) and the store's invariants: no extracted row, link or band without its
document, event or watchlist; no duplicate link to a missing or self-referencing original,
nor a chain of them; every document the ingest log records as stored present. Each problem
is a line saying where and how many.

``backup_sqlite`` uses SQLite's online backup API, so a backup taken while an ingest writes
is a consistent snapshot (each document's transaction is in it whole or not at all);
``restore_sqlite`` copies a checked backup back the same way. PostgreSQL has its own tools
(``pg_dump``/``pg_restore``), which the README shows.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from monazite.errors import StoreError
from monazite.settings import normalise_db_url
from monazite.store import schema as t

__all__ = ["Problem", "backup_sqlite", "check_store", "restore_sqlite", "sqlite_path"]


@dataclass(frozen=True)
class Problem:
    check: str
    detail: str

    def __str__(self) -> str:
        return f"{self.check}: {self.detail}"


def _orphans(child: sa.Table, column: str, parent: sa.Table, parent_column: str = "id") -> sa.Select:
    other = parent.alias("parent")  # an alias, so a table can be checked against itself
    c, p = child.c[column], other.c[parent_column]
    return (sa.select(sa.func.count()).select_from(child.outerjoin(other, c == p))
            .where(c.is_not(None), p.is_(None)))


ORPHAN_CHECKS = (
    (t.mentions, "document_id", t.documents), (t.facts, "document_id", t.documents),
    (t.events, "document_id", t.documents), (t.embeddings, "document_id", t.documents),
    (t.fingerprint_bands, "document_id", t.documents), (t.relations, "document_id", t.documents),
    (t.event_entities, "event_id", t.events), (t.alerts, "document_id", t.documents),
    (t.alerts, "watchlist_id", t.watchlists), (t.documents, "duplicate_of", t.documents),
    (t.documents, "source_id", t.sources),
)


def check_store(engine: Engine) -> list[Problem]:
    """Every problem found in the store at ``engine``; an empty list means it is sound."""
    problems: list[Problem] = []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            if rows != ["ok"]:
                problems += [Problem("integrity_check", r) for r in rows]
            bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            for table, rowid, parent, _ in bad:
                problems.append(Problem("foreign_key_check", f"{table} row {rowid} points to a missing {parent} row"))
        for child, column, parent in ORPHAN_CHECKS:
            n = conn.execute(_orphans(child, column, parent)).scalar_one()
            if n:
                problems.append(Problem("orphans", f"{n} {child.name} rows whose {column} names no {parent.name} row"))
        d, orig = t.documents, t.documents.alias("original")
        n = conn.execute(sa.select(sa.func.count()).where(d.c.duplicate_of == d.c.id)).scalar_one()
        if n:
            problems.append(Problem("duplicates", f"{n} documents marked as duplicates of themselves"))
        chained = conn.execute(sa.select(sa.func.count()).select_from(
            d.join(orig, d.c.duplicate_of == orig.c.id)).where(orig.c.duplicate_of.is_not(None))).scalar_one()
        if chained:
            problems.append(Problem("duplicates", f"{chained} documents linked to an original that is itself a copy"))
        log = t.ingest_log
        missing = conn.execute(sa.select(sa.func.count()).select_from(
            log.outerjoin(d, log.c.document_id == d.c.id))
            .where(log.c.status == "new", log.c.document_id.is_not(None), d.c.id.is_(None))).scalar_one()
        if missing:
            problems.append(Problem("ingest_log", f"{missing} documents logged as stored are missing"))
    return problems


def sqlite_path(db: str) -> Path:
    """The file of a SQLite knowledge base; ``StoreError`` for any other kind."""
    url = normalise_db_url(db)
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        raise StoreError(f"{db}: backup and restore handle SQLite files; for PostgreSQL use pg_dump and pg_restore")
    return Path(url[len("sqlite:///"):])


def backup_sqlite(db: str, target: Path) -> int:
    """Copy the knowledge base ``db`` to ``target`` online; returns the document count copied."""
    source = sqlite_path(db)
    if not source.is_file():
        raise StoreError(f"no knowledge base at {source}")
    if target.exists():
        raise StoreError(f"{target} exists; choose a new file for the backup")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.execute("PRAGMA busy_timeout=30000")
            src.backup(dst)
            return dst.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)  # no partial backup left behind to be taken for a good one
        raise StoreError(f"backup of {source} failed: {exc}") from exc


def restore_sqlite(backup: Path, db: str) -> int:
    """Bring the knowledge base ``db`` back to the state saved in ``backup`` (checked first);
    returns the document count restored."""
    if not backup.is_file():
        raise StoreError(f"no backup at {backup}")
    target = sqlite_path(db)
    try:
        with closing(sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)) as src:
            rows = [r[0] for r in src.execute("PRAGMA integrity_check")]
            if rows != ["ok"]:
                raise StoreError(f"{backup} fails SQLite's integrity check: {rows[0]}")
            tables = {r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"documents", "facts", "alembic_version"} <= tables:
                raise StoreError(f"{backup} is not a monazite knowledge base (no documents, facts or schema version)")
            target.parent.mkdir(parents=True, exist_ok=True)
            with closing(sqlite3.connect(target)) as dst:
                dst.execute("PRAGMA busy_timeout=30000")
                src.backup(dst)
                return dst.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error as exc:
        raise StoreError(f"{backup} is not a readable SQLite database: {exc}") from exc
