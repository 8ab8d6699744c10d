"""Inserts that tolerate a concurrent writer: ``INSERT ... ON CONFLICT DO NOTHING`` on
SQLite and PostgreSQL alike. Two ingests running at once both add the vocabulary's
entities, a discovered organization or a new publisher; the second must not fail (and so
lose its document), it must find the row already there."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

__all__ = ["insert_ignore"]


def insert_ignore(conn: Connection, table: sa.Table, rows: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` into ``table``, skipping any that collide with a row already present."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).on_conflict_do_nothing(), rows if isinstance(rows, Sequence) else [rows])
