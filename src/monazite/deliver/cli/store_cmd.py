"""``check``, ``backup`` and ``restore``: the knowledge base's health and its safekeeping."""

from __future__ import annotations

from pathlib import Path

import typer

from monazite.deliver.cli.app import app, cli_errors, print_json, state, store_engine

__all__ = ["backup", "check", "restore"]


@app.command()
def check(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print the problems as JSON."),
) -> None:
    """Verify the knowledge base: the database's own integrity checks and the store's invariants
    (no orphan rows, no document stored twice, no broken duplicate links). Exit 1 on a problem."""
    from monazite.store.integrity import check_store

    with store_engine(ctx) as engine:
        problems = check_store(engine)
    if as_json:
        print_json([{"check": p.check, "detail": p.detail} for p in problems])
    elif problems:
        for p in problems:
            state(ctx).console.print(f"[red]problem[/red] {p}")
    else:
        state(ctx).console.print("ok: no problem found")
    if problems:
        raise typer.Exit(1)


@app.command()
def backup(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="New file to write the backup to."),
) -> None:
    """Take a consistent online backup of a SQLite knowledge base, even while an ingest runs
    (PostgreSQL: use pg_dump, see the README)."""
    from monazite.store.integrity import backup_sqlite

    with cli_errors():
        n = backup_sqlite(state(ctx).settings.db, file)
    state(ctx).console.print(f"backed up {n} documents to {file}")


@app.command()
def restore(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Backup written by `monazite backup`."),
) -> None:
    """Bring a SQLite knowledge base back to a backup (checked before it is copied)."""
    from monazite.store.integrity import restore_sqlite

    with cli_errors():
        n = restore_sqlite(file, state(ctx).settings.db)
    state(ctx).console.print(f"restored {n} documents from {file}")
