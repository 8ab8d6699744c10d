"""Knowledge commands: ``claims``, ``dossier``, ``entity merge|alias|corrections`` and ``export``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from monazite.deliver.cli.app import app, cli_errors, fail, print_json, state
from monazite.deliver.cli.choices import CLAIM_STATUSES, EXPORT_FORMATS
from monazite.errors import MonaziteError

if TYPE_CHECKING:  # pragma: no cover - pandas and networkx load only in the commands that use them
    from monazite.analyze.knowledge import KnowledgeBase

__all__ = ["claims", "dossier", "entity_alias", "entity_app", "entity_corrections", "entity_merge", "export"]

entity_app = typer.Typer(help="Analyst corrections to entities; they survive re-ingest.", no_args_is_help=True)
app.add_typer(entity_app, name="entity")


@contextmanager
def _kb(ctx: typer.Context) -> Iterator[KnowledgeBase]:
    """The knowledge base for one command, closed on exit; a ``MonaziteError`` (unknown name,
    bad status, refused correction) becomes a one-line error and exit code 2."""
    from monazite.analyze.knowledge import KnowledgeBase

    settings = state(ctx).settings
    with cli_errors():
        kb = KnowledgeBase(settings.db, settings)
        try:
            yield kb
        finally:
            kb.close()


@app.command()
def claims(
    ctx: typer.Context,
    entity: str = typer.Option(None, "--entity", help="Only claims about this entity (name, alias, ticker or id)."),
    status: str = typer.Option(None, "--status", help=f"Only claims with this status: {', '.join(CLAIM_STATUSES)}."),
    metric: str = typer.Option(None, "--metric", help="Only claims about this metric."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Facts grouped into claims and judged for corroboration across independent sources."""
    if status is not None and status not in CLAIM_STATUSES:
        raise fail(f"--status must be one of {', '.join(CLAIM_STATUSES)}")
    with _kb(ctx) as kb:
        found = kb.claims(entity=entity, status=status, metric=metric)
    if as_json:
        print_json([c.to_dict() for c in found])
        return
    table = Table("Subject", "Metric", "Period", "Value", "Status", "Sources", title=f"{len(found)} claims")
    for c in found:
        qualifier = c.facts[0].qualifier if len(c.facts) == 1 and c.facts[0].qualifier else ""
        value = f"{qualifier} {c.value:g} {c.unit}".strip()
        if c.status in ("conflicting", "uncertain"):
            value = " vs ".join(f"{side[0].value:g}" for side in c.sides) + f" {c.unit}"
        status_text = c.status + (f" ({c.identity_note})" if c.identity_note else "")
        metric_text = c.metric + (f" · {c.instrument}" if c.instrument else "")
        table.add_row(c.subject_name, metric_text, c.period or "", value, status_text, "; ".join(c.sources))
    state(ctx).console.print(table)


@app.command()
def dossier(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Organisation, country or element: name, alias, ticker or id."),
    as_json: bool = typer.Option(False, "--json", help="Print the dossier as JSON."),
    markdown: bool = typer.Option(False, "--markdown", help="Print the dossier as Markdown text."),
    related: bool = typer.Option(True, "--related/--no-related", help="Include the parent's and subsidiaries' figures."),
) -> None:
    """Everything known about one entity: identity, figures, projects, events, coverage."""
    with _kb(ctx) as kb:
        result = kb.dossier(name, include_related=related)
    if as_json:
        print_json(result.to_dict())
    elif markdown:
        typer.echo(result.to_markdown(), nl=False)
    else:
        from rich.markdown import Markdown  # markdown-it: loaded only to render a dossier

        state(ctx).console.print(Markdown(result.to_markdown()))


@entity_app.command("merge")
def entity_merge(
    ctx: typer.Context,
    keep: str = typer.Argument(..., help="Entity that remains (A)."),
    absorb: str = typer.Argument(..., help="Entity merged into A (B)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Merge entity B into A: B's aliases and figures count as A's from now on."""
    with _kb(ctx) as kb:
        a, b = kb.merge(keep, absorb)
    if as_json:
        print_json({"action": "merge", "into": a, "merged": b})
    else:
        state(ctx).console.print(f"merged {b} into {a}")


@entity_app.command("alias")
def entity_alias(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Entity name, alias, ticker or id."),
    alias: str = typer.Argument(..., help="Another name for it."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Teach another name for an entity."""
    with _kb(ctx) as kb:
        eid = kb.add_alias(name, alias)
    if as_json:
        print_json({"action": "alias", "entity": eid, "alias": alias})
    else:
        state(ctx).console.print(f"{alias!r} now names {eid}")


@entity_app.command("corrections")
def entity_corrections(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List the analyst corrections that are re-applied after every ingest."""
    from monazite.store.corrections import list_corrections

    with _kb(ctx) as kb, kb.engine.connect() as conn:
        rows = list_corrections(conn)
    if as_json:
        print_json(rows)
        return
    table = Table("#", "Action", "A", "B", "When", title="Corrections")
    for r in rows:
        table.add_row(str(r["id"]), r["action"], r["a"], r["b"], str(r["created_at"]))
    state(ctx).console.print(table)


@app.command()
def export(
    ctx: typer.Context,
    fmt: str = typer.Option("csv", "--format", help=f"One of {', '.join(EXPORT_FORMATS)}."),
    out: Path = typer.Option(Path("export"), "--out", help="Folder to write into (created if missing)."),
    as_json: bool = typer.Option(False, "--json", help="Print the files written as JSON."),
) -> None:
    """Export documents, entities, relations, facts, claims and events (or the entity graph as GraphML)."""
    if fmt not in EXPORT_FORMATS:
        raise fail(f"--format must be one of {', '.join(EXPORT_FORMATS)}")
    from monazite.deliver.exports import export_knowledge

    with _kb(ctx) as kb:
        try:
            written = export_knowledge(kb, fmt, out)
        except (MonaziteError, OSError) as exc:
            raise fail(str(exc), 1) from exc
    if as_json:
        print_json([str(p) for p in written])
    else:
        for p in written:
            state(ctx).console.print(str(p))
