"""alert delivery

Revision ID: 0005
Revises: 0004

Watchlists gain a priority and delivery channels (their thresholds and claim statuses
live in the query JSON). Alerts gain a kind, the rule's priority, a detail (the facts or
claim behind the hit) and a dedup key that replaces the (watchlist, document) uniqueness:
existing alerts keep one per document as ``document:<id>``. ``alert_deliveries`` is the
outbox: one row per (alert, channel, target), with attempts and the next attempt's time.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Never recreate watchlists: on SQLite dropping the table would cascade to its alerts.
    with op.batch_alter_table("watchlists", recreate="never") as batch:
        batch.add_column(sa.Column("priority", sa.String(length=8), server_default="normal", nullable=False))
        batch.add_column(sa.Column("channels", sa.JSON(), server_default="[]", nullable=False))
    with op.batch_alter_table("alerts") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=16), server_default="match", nullable=False))
        batch.add_column(sa.Column("priority", sa.String(length=8), server_default="normal", nullable=False))
        batch.add_column(sa.Column("detail", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("dedup_key", sa.String(length=200), nullable=True))
    op.execute("UPDATE alerts SET dedup_key = 'document:' || document_id")
    with op.batch_alter_table("alerts") as batch:
        batch.alter_column("dedup_key", existing_type=sa.String(length=200), nullable=False)
        batch.drop_constraint("uq_alerts_watchlist_id_document_id", type_="unique")
        batch.create_unique_constraint("uq_alerts_watchlist_id_dedup_key", ["watchlist_id", "dedup_key"])
        batch.create_index("ix_alerts_document_id", ["document_id"], unique=False)
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=12), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], name=op.f("fk_alert_deliveries_alert_id_alerts"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_deliveries")),
        sa.UniqueConstraint("alert_id", "channel", "target", name=op.f("uq_alert_deliveries_alert_id_channel_target")),
    )
    op.create_index("ix_alert_deliveries_status_next_attempt_at", "alert_deliveries",
                    ["status", "next_attempt_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_alert_deliveries_status_next_attempt_at", table_name="alert_deliveries")
    op.drop_table("alert_deliveries")
    # Several hits on one document collapse back to its first alert.
    op.execute("DELETE FROM alerts WHERE id NOT IN (SELECT MIN(id) FROM alerts GROUP BY watchlist_id, document_id)")
    with op.batch_alter_table("alerts") as batch:
        batch.drop_index("ix_alerts_document_id")
        batch.drop_constraint("uq_alerts_watchlist_id_dedup_key", type_="unique")
        batch.create_unique_constraint("uq_alerts_watchlist_id_document_id", ["watchlist_id", "document_id"])
        batch.drop_column("dedup_key")
        batch.drop_column("detail")
        batch.drop_column("priority")
        batch.drop_column("kind")
    # Never recreate watchlists: on SQLite dropping the table would cascade to its alerts.
    with op.batch_alter_table("watchlists", recreate="never") as batch:
        batch.drop_column("channels")
        batch.drop_column("priority")
