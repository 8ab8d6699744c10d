"""The Typer root. Each command group lives in its own module and registers itself on
``app``; ``COMMAND_MODULES`` lists them so ``monazite --help`` shows every command."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console

from monazite.errors import MonaziteError
from monazite.settings import Settings, load_settings

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.engine import Engine

app = typer.Typer(
    name="monazite",
    help="Rare-earth supply-chain intelligence: ingest, extract, corroborate, analyse, deliver.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain click help: Typer's Rich help formatter imports rich.markdown and markdown-it,
    # about half of the start-up time of `monazite --help` (bench/bench_cli.py).
    rich_markup_mode=None,
)

COMMAND_MODULES = (
    "monazite.deliver.cli.ingest_cmd",
    "monazite.deliver.cli.extract_cmd",
    "monazite.deliver.cli.knowledge_cmd",
    "monazite.deliver.cli.analytics_cmd",
    "monazite.deliver.cli.web_cmd",
    "monazite.deliver.cli.watch_cmd",
    "monazite.deliver.cli.store_cmd",
    "monazite.deliver.cli.review_cmd",
    "monazite.deliver.cli.delivery_cmd",
    "monazite.deliver.cli.feeds_cmd",
)


@dataclass
class CliState:
    settings: Settings
    console: Console
    err: Console


@app.callback()
def root(
    ctx: typer.Context,
    db: str = typer.Option(None, "--db", help="Knowledge-base URL or SQLite path (default: monazite.db; env MONAZITE_DB)."),
    config: str = typer.Option(None, "--config", help="Settings file (TOML); default monazite.toml if present."),
) -> None:
    try:
        settings = load_settings(config, db=db)
    except MonaziteError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    ctx.obj = CliState(settings=settings, console=Console(), err=Console(stderr=True))


def state(ctx: typer.Context) -> CliState:
    obj = ctx.find_root().obj
    assert isinstance(obj, CliState)
    return obj


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8, stable key order: the CLI's machine-readable form."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    sys.stdout.write("\n")


def fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def cli_errors() -> Iterator[None]:
    """A ``MonaziteError`` raised in the block (unknown name, bad input, unreadable dataset)
    becomes a one-line error on stderr and exit code 2."""
    try:
        yield
    except MonaziteError as exc:
        raise fail(str(exc)) from exc


@contextmanager
def store_engine(ctx: typer.Context) -> Iterator[Engine]:
    """The knowledge base for one command: opened (and migrated) on entry, disposed on exit;
    errors inside are reported as ``cli_errors`` does, so commands need no try/except for them."""
    from monazite.store.engine import open_store  # SQLAlchemy: loaded only by commands that use the store

    with cli_errors():
        engine = open_store(state(ctx).settings.db)
        try:
            yield engine
        finally:
            engine.dispose()
