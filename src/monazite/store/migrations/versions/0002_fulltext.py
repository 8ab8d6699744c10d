"""full-text index

Revision ID: 0002
Revises: 0001

SQLite: an FTS5 external-content table over ``documents`` (title, text) kept in step by
triggers, so every write path (ingest, tests, bulk loads) is indexed without help.
PostgreSQL: a ``documents_fts`` side table holding a weighted tsvector per document,
with a GIN index and a trigger. Both tables carry ``_fts`` in their name so the
autogenerate comparison ignores them (see ``migrations/env.py``).
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    # unicode61 with diacritics removed: "Baotou" matches "Baotóu"; porter stems "exports" to "export".
    """CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='rowid',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text);
    END""",
    """CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text);
    END""",
    """CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text);
    END""",
    "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
]

SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS documents_fts_au",
    "DROP TRIGGER IF EXISTS documents_fts_ad",
    "DROP TRIGGER IF EXISTS documents_fts_ai",
    "DROP TABLE IF EXISTS documents_fts",
]

PG_UP = [
    """CREATE TABLE documents_fts (
        document_id VARCHAR(40) PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        tsv tsvector NOT NULL)""",
    "CREATE INDEX documents_fts_tsv_gin ON documents_fts USING GIN (tsv)",
    """CREATE FUNCTION documents_fts_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO documents_fts(document_id, tsv)
        VALUES (NEW.id, setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
                        || setweight(to_tsvector('english', NEW.text), 'B'))
        ON CONFLICT (document_id) DO UPDATE SET tsv = EXCLUDED.tsv;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER documents_fts_sync AFTER INSERT OR UPDATE OF title, text ON documents
        FOR EACH ROW EXECUTE FUNCTION documents_fts_refresh()""",
    """INSERT INTO documents_fts(document_id, tsv)
        SELECT id, setweight(to_tsvector('english', coalesce(title, '')), 'A')
                   || setweight(to_tsvector('english', text), 'B') FROM documents""",
]

PG_DOWN = [
    "DROP TRIGGER IF EXISTS documents_fts_sync ON documents",
    "DROP FUNCTION IF EXISTS documents_fts_refresh()",
    "DROP TABLE IF EXISTS documents_fts",
]


def _run(statements: list[str]) -> None:
    for sql in statements:
        op.execute(sql)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _run(SQLITE_UP)
    else:
        _run(PG_UP)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _run(SQLITE_DOWN)
    else:
        _run(PG_DOWN)
