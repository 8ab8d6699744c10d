"""analysts' review decisions

Revision ID: 0003
Revises: 0002

A ``reviews`` log of decisions (accept, reject, correct) on facts, events and entities,
and on each of those tables the latest decision's outcome and row, replayed after
every ingest (``monazite.store.reviews.apply_reviews``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

REVIEWED_TABLES = ("facts", "events", "entities")


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("record_id", sa.String(length=120), nullable=False),
        sa.Column("document_id", sa.String(length=40), nullable=True),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("original", sa.JSON(), nullable=False),
        sa.Column("reviewer", sa.String(length=120), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
    )
    op.create_index("ix_reviews_record", "reviews", ["kind", "record_id"], unique=False)
    op.create_index("ix_reviews_anchor", "reviews", ["document_id", "start", "end"], unique=False)
    for table in REVIEWED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("review", sa.String(length=16), nullable=True))
            batch.add_column(sa.Column("review_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in REVIEWED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("review_id")
            batch.drop_column("review")
    op.drop_index("ix_reviews_anchor", table_name="reviews")
    op.drop_index("ix_reviews_record", table_name="reviews")
    op.drop_table("reviews")
