"""Alembic environment: runs against the engine monazite hands it (never a hard-coded URL)."""

from __future__ import annotations

from alembic import context

from monazite.store.schema import metadata

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # invoked from the alembic CLI: take sqlalchemy.url from the ini
    from monazite.store.engine import create_engine

    engine = create_engine(config.get_main_option("sqlalchemy.url"))


def include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001 - alembic hook
    """Full-text tables (FTS5 virtual tables and their shadow tables) are managed by hand."""
    if type_ == "table" and name and ("_fts" in name):
        return False
    return True


with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
