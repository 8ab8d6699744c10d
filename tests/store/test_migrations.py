"""The Alembic migrations and the declared schema must never drift apart."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from monazite.store.engine import current_revision, head_revision, open_store
from monazite.store.schema import metadata


def _diff(url: str) -> list:
    engine = open_store(url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                     "include_object": _not_fts})
        return compare_metadata(ctx, metadata)


def _not_fts(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    return not (type_ == "table" and name and "_fts" in name)


def test_migrated_schema_matches_declared_tables(store_url: str) -> None:
    assert _diff(store_url) == []


def test_open_is_idempotent_and_at_head(store_url: str) -> None:
    engine = open_store(store_url)
    open_store(store_url)
    assert current_revision(engine) == head_revision(engine)
    names = set(sa.inspect(engine).get_table_names())
    assert {"documents", "sources", "ingest_log", "facts", "events", "mentions", "entities"} <= names


def test_sqlite_uses_wal(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_0005_keeps_existing_alerts_one_per_document_and_downgrades(store_url: str) -> None:
    from alembic import command

    from monazite.store.engine import alembic_config, create_engine, migrate

    engine = create_engine(store_url)
    try:
        command.upgrade(alembic_config(engine), "0004")
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO documents (id, origin, ingested_at, raw_sha256, text, repairs) "
                                 "VALUES ('doc_1', 'a.txt', :now, 'x', 'text', '[]')"), {"now": "2025-01-01"})
            conn.execute(sa.text("INSERT INTO watchlists (name, query, created_at) VALUES ('w', '{}', :now)"),
                         {"now": "2025-01-01"})
            conn.execute(sa.text("INSERT INTO alerts (watchlist_id, document_id, reason, created_at) "
                                 "SELECT id, 'doc_1', 'keyword', :now FROM watchlists"), {"now": "2025-01-01"})
        migrate(engine)
        with engine.connect() as conn:
            row = conn.execute(sa.text("SELECT kind, priority, dedup_key FROM alerts")).one()
            assert tuple(row) == ("match", "normal", "document:doc_1")
            assert conn.execute(sa.text("SELECT priority FROM watchlists")).scalar() == "normal"
        command.downgrade(alembic_config(engine), "0004")
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM alerts")).scalar() == 1
            assert "alert_deliveries" not in sa.inspect(conn).get_table_names()
    finally:
        engine.dispose()
