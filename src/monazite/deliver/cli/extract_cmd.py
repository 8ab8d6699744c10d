"""Extraction commands: ``extract`` (one file, no store) and ``facts``, ``events``,
``entities`` (what the knowledge base holds)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from monazite.deliver.cli.app import app, fail, print_json, state, store_engine
from monazite.errors import IngestError, MonaziteError
from monazite.model import Document, Extraction, PartialDate, sha256_hex

__all__ = ["entities", "events", "extract", "extraction_json", "facts"]

QUOTE_CHARS_SHOWN = 90  # table cells cut quotes here; --json has them whole


def extraction_json(doc: Document, ex: Extraction, names: dict[str, str], threshold: float = 0.0) -> dict[str, Any]:
    """The issue's JSON shape for one document; entity names are canonical names, not ids.
    Each fact and event carries its ``confidence``; a fact is ``confirmed`` at or above ``threshold``."""
    def name(entity_id: str) -> str:
        return names.get(entity_id, entity_id)

    by_entity: dict[str, list[dict[str, Any]]] = {}
    kinds: dict[str, str] = {}
    for m in ex.mentions:
        by_entity.setdefault(m.entity_id, []).append({"text": m.text, "start": m.start, "end": m.end})
        kinds[m.entity_id] = m.kind
    return {
        "document": {"title": doc.title, "published": doc.published.iso if doc.published else None,
                     "text_sha256": sha256_hex(doc.text)},
        "entities": [{"canonical": name(eid), "id": eid, "type": kinds[eid], "mentions": ms}
                     for eid, ms in by_entity.items()],
        "facts": [{"subject": name(f.subject), "metric": f.metric, "value": f.value, "unit": f.unit,
                   "qualifier": f.qualifier, "period": f.period, "quote": f.quote, "start": f.start, "end": f.end,
                   "basis": f.basis, "low": f.low, "high": f.high, "stage": f.stage,
                   "material": name(f.material) if f.material else None, "value_text": f.value_text,
                   "sentence_start": f.sentence_start, "sentence_end": f.sentence_end, "id": f.id,
                   "confidence": f.confidence, "confirmed": f.confidence >= threshold, "page": f.page,
                   "cell": f.cell}
                  for f in ex.facts],
        "events": [{"type": e.type, "actors": [name(a) for a in e.actors],
                    "materials": [name(m) for m in e.materials], "date": e.date, "quote": e.quote,
                    "start": e.start, "end": e.end, "sentence_start": e.sentence_start,
                    "sentence_end": e.sentence_end, "attributes": e.attributes, "id": e.id,
                    "confidence": e.confidence, "page": e.page}
                   for e in ex.events],
    }


@app.command()
def extract(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Article to extract (text, markdown, HTML, feed or JSON Lines)."),
    published: str = typer.Option(None, "--published", help="Publication date, YYYY[-MM[-DD]]."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
) -> None:
    """Extract one file's entities, facts and events without touching a knowledge base."""
    from monazite.extract import extract_document
    from monazite.ingest import read_documents
    from monazite.vocab import load_vocabulary

    cli = state(ctx)
    date = _parse_date(published)
    if not file.exists():
        raise fail(f"file not found: {file}")
    try:
        vocab = load_vocabulary()
        items = list(read_documents([str(file)], cli.settings, published=date))
    except MonaziteError as exc:
        raise fail(str(exc)) from exc
    errors = [i for i in items if isinstance(i, IngestError)]
    docs = [i for i in items if isinstance(i, Document)]
    for err in errors:
        typer.echo(f"error: {err}", err=True)
    if not docs:
        raise typer.Exit(2)
    results = []
    for doc in docs:
        ex = extract_document(doc, vocab, cli.settings)
        names = {eid: e.name for eid, e in vocab.entities.items()} | {e.id: e.name for e in ex.entities}
        results.append(extraction_json(doc, ex, names, cli.settings.fact_confidence_threshold))
    if as_json:
        print_json(results[0] if len(results) == 1 else results)
    else:
        for r in results:
            _print_extraction(cli.console, r)
    if errors:
        raise typer.Exit(1)


def _parse_date(text: str | None) -> PartialDate | None:
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except ValueError as exc:
        raise fail(f"--published: {exc}") from exc


def _print_extraction(console, result: dict[str, Any]) -> None:  # noqa: ANN001 - rich Console
    doc = result["document"]
    console.print(f"[bold]{doc['title'] or '(untitled)'}[/bold]  published: {doc['published'] or '?'}")
    ents = Table("Entity", "Type", "Mentions", title=f"{len(result['entities'])} entities")
    for e in result["entities"]:
        ents.add_row(e["canonical"], e["type"], str(len(e["mentions"])))
    console.print(ents)
    _facts_table(console, result["facts"])
    _events_table(console, result["events"])


def _where(f: dict[str, Any]) -> str:
    """'p. 14, table 1 r2 c3': the page and table cell behind a figure (row and column counted
    from 1, header rows included, as on the page); empty for an article's prose figure."""
    parts = [f"p. {f['page']}"] if f.get("page") else []
    cell = str(f.get("cell") or "").split(":")
    if len(cell) == 3 and all(p.isdigit() for p in cell):
        parts.append(f"table {cell[0]} r{int(cell[1]) + 1} c{int(cell[2]) + 1}")
    return ", ".join(parts)


def _facts_table(console, rows: list[dict[str, Any]]) -> None:  # noqa: ANN001 - rich Console
    located = any(f.get("page") or f.get("cell") for f in rows)  # the Where column only for disclosures
    columns = ["Subject", "Metric", "Value", "Period", "Confidence", *(["Where"] if located else []), "Quote"]
    table = Table(*columns, title=f"{len(rows)} facts")
    for f in rows:
        value = f"{f.get('qualifier') or ''} {f['value']:g} {f['unit']}{' ' + f['basis'] if f.get('basis') else ''}"
        confidence = f"{f.get('confidence', 1.0):.2f}" + ("" if f.get("confirmed", True) else " unconfirmed")
        if f.get("review"):
            confidence += f" {f['review']}"  # an analyst's decision: accepted, corrected or rejected
        where = [_where(f)] if located else []
        table.add_row(f["subject"], f["metric"], value.strip(), f.get("period") or "", confidence, *where,
                      f["quote"][:QUOTE_CHARS_SHOWN])
    console.print(table)


def _events_table(console, rows: list[dict[str, Any]]) -> None:  # noqa: ANN001 - rich Console
    table = Table("Type", "Actors", "Materials", "Date", "Quote", title=f"{len(rows)} events")
    for e in rows:
        table.add_row(e["type"], ", ".join(e["actors"]), ", ".join(e["materials"]), e.get("date") or "",
                      e["quote"][:QUOTE_CHARS_SHOWN])
    console.print(table)


def _resolve(conn, name: str | None) -> str | None:  # noqa: ANN001 - Connection
    """The entity id ``--entity`` names; an unknown name is reported by ``store_engine``."""
    from monazite.store.corrections import resolve_entity

    return resolve_entity(conn, name) if name is not None else None


@app.command()
def facts(
    ctx: typer.Context,
    entity: str = typer.Option(None, "--entity", help="Entity name, alias, ticker or id."),
    metric: str = typer.Option(None, "--metric", help="Metric name (see vocab/metrics.yaml)."),
    unconfirmed: bool = typer.Option(False, "--unconfirmed",
                                     help="Only the unconfirmed candidates (confidence under the threshold)."),
    all_: bool = typer.Option(False, "--all", help="Confirmed facts and unconfirmed candidates together."),
    rejected: bool = typer.Option(False, "--include-rejected", help="Also the facts an analyst rejected."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Stored facts, each with its document, span, quoted sentence and confidence. By default the
    confirmed ones (confidence at or above fact_confidence_threshold), as claims use them."""
    from monazite.store.extracted import list_facts

    which = "all" if all_ else "unconfirmed" if unconfirmed else "confirmed"
    threshold = state(ctx).settings.fact_confidence_threshold
    with store_engine(ctx) as engine, engine.connect() as conn:
        rows = list_facts(conn, entity_id=_resolve(conn, entity), metric=metric, threshold=threshold, which=which,
                          include_rejected=rejected)
    if as_json:
        print_json(rows)
    else:
        _facts_table(state(ctx).console, rows)


@app.command()
def events(
    ctx: typer.Context,
    type_: str = typer.Option(None, "--type", help="Event type (see vocab/events.yaml)."),
    entity: str = typer.Option(None, "--entity", help="Only events involving this entity."),
    rejected: bool = typer.Option(False, "--include-rejected", help="Also the events an analyst rejected."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Stored events, dated first, each with its document, span and quoted sentence."""
    from monazite.store.extracted import list_events

    with store_engine(ctx) as engine, engine.connect() as conn:
        rows = list_events(conn, type=type_, entity_id=_resolve(conn, entity), include_rejected=rejected)
    if as_json:
        print_json(rows)
    else:
        _events_table(state(ctx).console, rows)


@app.command()
def entities(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Entities mentioned in stored documents, most mentioned first."""
    from monazite.store.extracted import list_entities

    with store_engine(ctx) as engine, engine.connect() as conn:
        rows = list_entities(conn)
    if as_json:
        print_json(rows)
        return
    table = Table("Id", "Name", "Kind", "Country", "Mentions", "Documents", "Reviewed", title=f"{len(rows)} entities")
    for r in rows:
        table.add_row(r["id"], r["name"], r["kind"], r["country"] or "", str(r["mentions"]), str(r["documents"]),
                      "yes" if r["reviewed"] else "no")
    state(ctx).console.print(table)
