"""disclosures: pages, tables and filing metadata

Revision ID: 0006
Revises: 0005

Documents read from PDF and office files keep their pages (``document_pages``: where each
page lies in the text, and whether it had a text layer) and their tables
(``document_tables``, cells as JSON), and say what the disclosure declares of itself
(``documents.disclosure``). Facts and events gain the page they are printed on, and a
fact read from a table its cell.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", recreate="never") as batch:
        batch.add_column(sa.Column("page_count", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("disclosure", sa.JSON(), nullable=True))
    with op.batch_alter_table("facts", recreate="never") as batch:
        batch.add_column(sa.Column("page", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("cell", sa.String(length=40), nullable=True))
    with op.batch_alter_table("events", recreate="never") as batch:
        batch.add_column(sa.Column("page", sa.Integer(), nullable=True))
    op.create_table(
        "document_pages",
        sa.Column("document_id", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="text", nullable=False),
        sa.Column("rotation", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f("fk_document_pages_document_id_documents"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", "number", name=op.f("pk_document_pages")),
    )
    op.create_table(
        "document_tables",
        sa.Column("document_id", sa.String(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("sheet", sa.Text(), nullable=True),
        sa.Column("header_rows", sa.Integer(), server_default="1", nullable=False),
        sa.Column("pages", sa.JSON(), nullable=False),
        sa.Column("cells", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_document_tables_document_id_documents"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", "number", name=op.f("pk_document_tables")),
    )


def downgrade() -> None:
    # Never recreate a table on SQLite: dropping documents would cascade to everything that
    # refers to it. SQLite (3.35+) drops these plain columns in place.
    op.drop_table("document_tables")
    op.drop_table("document_pages")
    with op.batch_alter_table("events", recreate="never") as batch:
        batch.drop_column("page")
    with op.batch_alter_table("facts", recreate="never") as batch:
        batch.drop_column("cell")
        batch.drop_column("page")
    with op.batch_alter_table("documents", recreate="never") as batch:
        batch.drop_column("disclosure")
        batch.drop_column("page_count")
