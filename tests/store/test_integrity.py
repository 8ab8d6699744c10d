"""``monazite check``, ``backup`` and ``restore`` on real stores."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from monazite.errors import StoreError
from monazite.pipeline import run_ingest
from monazite.settings import Settings
from monazite.store.engine import open_store
from monazite.store.integrity import backup_sqlite, check_store, restore_sqlite

ARTICLE = ("Lynas Rare Earths said on Tuesday that it produced 10,500 tonnes of NdPr oxide in fiscal 2025 "
           "at its Malaysian plant, and that copy number {n} of this note changes nothing else.\n")


def _write_articles(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"a{n:03d}.txt").write_text(f"Note {n}\n\n" + ARTICLE.format(n=n) * 3, encoding="utf-8")
    return folder


def test_a_freshly_ingested_store_has_no_problem(store_url: str, fixtures_dir: Path) -> None:
    run_ingest([str(fixtures_dir / "facts")], Settings(db=store_url, semantic_search=False), progress=False)
    engine = open_store(store_url)
    try:
        assert check_store(engine) == []
    finally:
        engine.dispose()


def test_orphans_and_broken_duplicate_links_are_reported(tmp_path: Path, fixtures_dir: Path, cli) -> None:
    db = tmp_path / "kb.db"
    run_ingest([str(fixtures_dir / "facts")], Settings(db=str(db), semantic_search=False), progress=False)
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        fact = conn.execute("SELECT * FROM facts LIMIT 1").fetchone()
        columns = [d[0] for d in conn.execute("SELECT * FROM facts LIMIT 1").description]
        row = dict(zip(columns, fact))
        row.update(id="orphanfact", document_id="doc_missing")
        conn.execute(f"INSERT INTO facts ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
                     [row[c] for c in columns])
        doc = conn.execute("SELECT id FROM documents LIMIT 1").fetchone()[0]
        conn.execute("UPDATE documents SET duplicate_of = id WHERE id = ?", (doc,))
        conn.commit()
    engine = open_store(str(db))
    try:
        problems = [str(p) for p in check_store(engine)]
    finally:
        engine.dispose()
    assert any(p.startswith("orphans: 1 facts rows") for p in problems)
    assert any(p.startswith("foreign_key_check: facts") for p in problems)
    assert "duplicates: 1 documents marked as duplicates of themselves" in problems
    code, out, _ = cli("--db", str(db), "check")
    assert code == 1 and "orphans" in out


def test_backup_while_ingesting_is_consistent_and_restores(tmp_path: Path, cli) -> None:
    db, backup, restored = tmp_path / "kb.db", tmp_path / "backup.db", tmp_path / "restored.db"
    settings = Settings(db=str(db), semantic_search=False)
    run_ingest([str(_write_articles(tmp_path / "first", 5))], settings, progress=False)
    second = _write_articles(tmp_path / "second", 60)
    ingest = threading.Thread(target=run_ingest, args=([str(second)], settings), kwargs={"progress": False})
    ingest.start()
    try:
        copied = backup_sqlite(str(db), backup)
    finally:
        ingest.join()
    assert 5 <= copied <= 65
    engine = open_store(str(backup), migrate_schema=False)
    try:
        assert check_store(engine) == []  # a snapshot between two documents' transactions
    finally:
        engine.dispose()
    assert restore_sqlite(backup, str(restored)) == copied
    code, out, _ = cli("--db", str(restored), "check")
    assert code == 0 and "no problem" in out
    code, _, err = cli("--db", str(db), "backup", str(backup))
    assert code == 2 and "exists" in err


def test_backup_of_a_postgresql_store_points_to_pg_dump() -> None:
    with pytest.raises(StoreError, match="pg_dump"):
        backup_sqlite("postgresql://postgres@127.0.0.1/test", Path("never.db"))


def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    with pytest.raises(StoreError, match="not a readable SQLite database|integrity"):
        restore_sqlite(damaged, str(tmp_path / "target.db"))
    assert not (tmp_path / "target.db").exists()


def test_restore_refuses_a_database_that_is_not_a_knowledge_base(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE notes (x TEXT)")
        conn.commit()
    target = tmp_path / "kb.db"
    with pytest.raises(StoreError, match="not a monazite knowledge base"):
        restore_sqlite(other, str(target))
    assert not target.exists()  # nothing was overwritten
