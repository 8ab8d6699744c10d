"""Ingest commands: ``ingest``, ``documents``, ``show`` and ``summary``."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import typer
from rich.table import Table

from monazite.deliver.cli.app import app, cli_errors, fail, print_json, state, store_engine
from monazite.errors import MonaziteError
from monazite.model import PartialDate

__all__ = ["documents", "ingest", "reextract", "sample_corpus_dir", "show", "summary"]

SAMPLE_SKIP_PREFIXES = ("readme", ".")  # the corpus's own notes are not articles
QUOTE_CHARS = 90  # event quotes are cut to this in the summary table; --json has them whole
FAILURES_SHOWN = 50  # the summary table lists at most this many failed inputs; --json has them all


def sample_corpus_dir() -> Path:
    """The bundled sample corpus (``monazite/data/samples``)."""
    return Path(str(resources.files("monazite").joinpath("data", "samples")))


@app.command()
def reextract(
    ctx: typer.Context,
    document: list[str] = typer.Option([], "--document", help="Only this document id (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Extract stored documents again (after a vocabulary edit or a new model); analysts'
    corrections and review decisions are replayed onto the new records."""
    from monazite.pipeline.reextract import run_reextract

    with cli_errors():
        report = run_reextract(state(ctx).settings, document or None)
    if as_json:
        print_json(report.to_dict())
    else:
        state(ctx).console.print(f"re-extracted {report.documents} documents: {report.facts} facts, "
                                 f"{report.events} events; {len(report.skipped)} skipped, {len(report.failed)} failed")
        for doc_id, reason in report.failed:
            state(ctx).console.print(f"[red]failed[/red] {doc_id}: {reason}")
    if report.failed:
        raise typer.Exit(1)


@app.command()
def ingest(
    ctx: typer.Context,
    inputs: list[str] = typer.Argument(None, help="Files, folders or http(s) URLs: text, Markdown, HTML, RSS/Atom, JSON Lines."),
    published: str = typer.Option(None, "--published", help="Publication date YYYY-MM-DD (or YYYY-MM, YYYY) for every input; wins over dates found in the inputs."),
    source: str = typer.Option(None, "--source", help="Publisher name, e.g. 'Reuters'; its kind comes from vocab/sources.yaml."),
    recursive: bool = typer.Option(False, "--recursive", "-r", help="Descend into sub-folders."),
    sample: bool = typer.Option(False, "--sample", help="Ingest the bundled sample corpus."),
    no_extract: bool = typer.Option(False, "--no-extract", help="Store documents without extracting facts and events."),
    as_json: bool = typer.Option(False, "--json", help="Print the run report as JSON."),
    workers: int = typer.Option(None, "--workers", min=1,
                                help="Read, extract and embed on a local Dask cluster of N worker processes."),
    scheduler: str = typer.Option(None, "--scheduler",
                                  help="Read, extract and embed on a running Dask cluster: its scheduler, tcp://HOST:PORT."),
) -> None:
    """Read, repair, deduplicate, extract and store articles. Exit 1 when some inputs failed."""
    from monazite.pipeline import run_ingest

    cli = state(ctx)
    if workers is not None and scheduler:
        raise fail("give --workers (start a local cluster) or --scheduler (use a running one), not both")
    settings = cli.settings
    if workers is not None or scheduler:
        # --workers means a local cluster even when the configuration names a scheduler
        settings = settings.with_overrides(executor="dask", workers=workers,
                                           scheduler=scheduler if scheduler else ("" if workers is not None else None))
    locations = list(inputs or [])
    if sample:
        corpus = sample_corpus_dir()
        if not corpus.is_dir():
            raise fail(f"the bundled sample corpus is missing ({corpus})")
        locations.extend(str(p) for p in sorted(corpus.rglob("*"))
                         if p.is_file() and not p.name.lower().startswith(SAMPLE_SKIP_PREFIXES))
    if not locations:
        raise fail("nothing to ingest: give files, folders or URLs, or --sample")
    when = None
    if published:
        try:
            when = PartialDate.parse(published)
        except ValueError as exc:
            raise fail(f"--published: {exc}; expected YYYY-MM-DD") from exc
    try:
        report = run_ingest(locations, settings, published=when, source=source, recursive=recursive,
                            progress=not as_json, extract=not no_extract)
    except MonaziteError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        print_json(report.to_dict())
    else:
        _print_report(cli, report)
    if report.index_error:
        typer.echo(f"warning: semantic indexing failed: {report.index_error}", err=True)
    if report.failed:
        raise typer.Exit(1)


def _print_report(cli, report) -> None:  # noqa: ANN001 - CliState, IngestReport
    counts = report.counts
    table = Table("New", "Duplicate", "Near-duplicate", "Failed", title="Ingest")
    table.add_row(*(str(counts[k]) for k in ("new", "duplicate", "near_duplicate", "failed")))
    cli.console.print(table)
    near = [o for o in report.outcomes if o.status == "near_duplicate"]
    if near:
        t = Table("Input", "Document", "Near-duplicate of", title="Near-duplicates (linked, not extracted)")
        t.columns[0].overflow = "fold"
        for o in near:
            t.add_row(o.origin, o.document_id or "", (o.reason or "").removeprefix("of "))
        cli.console.print(t)
    if report.failed:
        t = Table("Input", "Reason", title="Failed")
        t.columns[0].overflow = "fold"
        for o in report.failed[:FAILURES_SHOWN]:
            t.add_row(o.origin, o.reason or "")
        cli.console.print(t)
        if len(report.failed) > FAILURES_SHOWN:
            cli.console.print(f"... and {len(report.failed) - FAILURES_SHOWN} more (use --json)")
    cli.console.print(f"{len(report.outcomes)} items in {report.elapsed_s:.1f} s"
                      + ("" if report.extracted else " (extraction off)"))


@app.command()
def documents(
    ctx: typer.Context,
    limit: int = typer.Option(None, "--limit", min=1, help="Show at most this many."),
    originals: bool = typer.Option(False, "--originals", help="Leave out near-duplicates."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Stored documents, newest publication first (undated last)."""
    from monazite.store.documents import list_documents

    with store_engine(ctx) as engine, engine.connect() as conn:
        rows = list_documents(conn, limit=limit, include_duplicates=not originals)
    if as_json:
        print_json(rows)
        return
    table = Table("Id", "Published", "Source", "Title", "Duplicate of", title=f"{len(rows)} documents")
    for column in table.columns[:2]:
        column.no_wrap = True
    for column in table.columns[2:]:
        column.overflow, column.max_width = "ellipsis", 60
    for r in rows:
        src = f"{r['source']} ({r['source_kind']})" if r["source"] else ""
        table.add_row(r["id"], r["published"] or "?", src, (r["title"] or r["origin"])[:80], r["duplicate_of"] or "")
    state(ctx).console.print(table)


@app.command()
def show(
    ctx: typer.Context,
    doc_id: str = typer.Argument(..., help="Document id (doc_...)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON (metadata and key `text`)."),
    page: int = typer.Option(None, "--page", min=1,
                             help="Print only page N of a paginated document (PDF, docx), under a header line."),
) -> None:
    """One document: its metadata and its repaired text, or one page of it."""
    from monazite.store.documents import document_dict

    with store_engine(ctx) as engine, engine.connect() as conn:
        doc = document_dict(conn, doc_id)
    if page is not None:
        _show_page(doc, page, as_json)
        return
    if as_json:
        print_json(doc)
        return
    console = state(ctx).console
    for key in ("id", "title", "origin", "published", "published_source", "source", "source_kind", "author",
                "language", "encoding", "content_type", "duplicate_of", "ingested_at"):
        if doc.get(key):
            console.print(f"[bold]{key}[/bold]: {doc[key]}", highlight=False, markup=True)
    if doc.get("repairs"):
        console.print(f"[bold]repairs[/bold]: {', '.join(doc['repairs'])}", highlight=False)
    console.print()
    sys.stdout.flush()
    console.print(doc["text"], markup=False, highlight=False)


def _show_page(doc: dict, number: int, as_json: bool) -> None:
    """``show --page N``: the page's text with "page N of M, characters a-b, status" above it."""
    pages = doc.get("pages") or []
    if not pages:
        raise fail(f"{doc['id']} has no pages: its {doc.get('content_type') or 'text'} text is not paginated "
                   "(only PDF and paginated office documents are)")
    found = next((p for p in pages if p["number"] == number), None)
    count = doc.get("page_count") or len(pages)
    if found is None:
        numbers = [p["number"] for p in pages]
        listed = f"1-{count}" if numbers == list(range(1, count + 1)) else ", ".join(map(str, numbers))
        raise fail(f"{doc['id']} has no page {number}: its pages are {listed}")
    text = doc["text"][found["start"]:found["end"]].strip("\n")
    header = f"page {number} of {count}, characters {found['start']}-{found['end']}, {found['status']}"
    if as_json:
        print_json({"id": doc["id"], "page": number, "page_count": count, "start": found["start"],
                    "end": found["end"], "status": found["status"], "text": text})
        return
    typer.echo(f"{header}\n\n{text}")  # unwrapped: the page's lines as stored, for reading or piping


@app.command()
def summary(
    ctx: typer.Context,
    top: int = typer.Option(10, "--top", min=1, help="How many organizations and events to list."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """What the knowledge base has learned: counts, most-mentioned organizations, latest events."""
    from monazite.store.documents import store_summary

    with store_engine(ctx) as engine, engine.connect() as conn:
        data = store_summary(conn, top=top)
    if as_json:
        print_json(data)
        return
    console = state(ctx).console
    counts = Table("Documents", "Near-duplicates", "Sources", "Entities", "Mentions", "Facts", "Events",
                   title="Knowledge base")
    counts.add_row(*(str(data[k]) for k in ("originals", "near_duplicates", "sources", "entities", "mentions",
                                            "facts", "events")))
    console.print(counts)
    if data["top_organizations"]:
        orgs = Table("Organization", "Kind", "Mentions", "Documents", title="Most-mentioned organizations")
        for o in data["top_organizations"]:
            orgs.add_row(o["name"], o["kind"], str(o["mentions"]), str(o["documents"]))
        console.print(orgs)
    if data["latest_events"]:
        events = Table("Reported", "Type", "Quote", "Document", title="Latest events (spans in --json)")
        for index in (0, 1, 3):
            events.columns[index].no_wrap = True
        for e in data["latest_events"]:
            quote = e["quote"] if len(e["quote"]) <= QUOTE_CHARS else e["quote"][:QUOTE_CHARS - 1] + "…"
            events.add_row(e["published"] or "?", e["type"], quote, e["document_id"])
        console.print(events)
