"""embedding changes: a log the on-disk vector index catches up from

Revision ID: 0007
Revises: 0006

Every insert, update and delete of an ``embeddings`` row (cascaded deletes of documents
included) appends the document's id to ``embedding_changes``, by trigger, so every write
path is logged without help. The approximate-nearest-neighbour index kept beside the store
(``monazite.store.vector_index``) records the last change it covers; a search reads only
the changes after it (an indexed range), so a stale index is detected in one cheap query
and corrected exactly instead of returning a wrong answer. SQLite has one writer at a time;
on PostgreSQL the trigger takes a transaction-scoped advisory lock so ids are committed in
order and no change can appear below a mark already read.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    """CREATE TRIGGER embedding_changes_ai AFTER INSERT ON embeddings BEGIN
        INSERT INTO embedding_changes(document_id) VALUES (new.document_id);
    END""",
    """CREATE TRIGGER embedding_changes_ad AFTER DELETE ON embeddings BEGIN
        INSERT INTO embedding_changes(document_id) VALUES (old.document_id);
    END""",
    """CREATE TRIGGER embedding_changes_au AFTER UPDATE ON embeddings BEGIN
        INSERT INTO embedding_changes(document_id) VALUES (old.document_id);
        INSERT INTO embedding_changes(document_id) SELECT new.document_id WHERE new.document_id <> old.document_id;
    END""",
]

PG_TRIGGERS = [
    # The advisory lock (held to commit) makes writers of embeddings take turns, so change ids
    # become visible in order: a reader that has seen change n has seen every change before it.
    """CREATE FUNCTION embedding_changes_log() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock(7007);
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            INSERT INTO embedding_changes(document_id) VALUES (OLD.document_id);
        END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.document_id <> OLD.document_id) THEN
            INSERT INTO embedding_changes(document_id) VALUES (NEW.document_id);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER embedding_changes_sync AFTER INSERT OR UPDATE OR DELETE ON embeddings
        FOR EACH ROW EXECUTE FUNCTION embedding_changes_log()""",
]


def upgrade() -> None:
    op.create_table(
        "embedding_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_embedding_changes")),
    )
    statements = SQLITE_TRIGGERS if op.get_bind().dialect.name == "sqlite" else PG_TRIGGERS
    for sql in statements:
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("embedding_changes_au", "embedding_changes_ad", "embedding_changes_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("DROP TRIGGER IF EXISTS embedding_changes_sync ON embeddings")
        op.execute("DROP FUNCTION IF EXISTS embedding_changes_log()")
    op.drop_table("embedding_changes")
