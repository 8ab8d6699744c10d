"""Web and search commands: ``serve`` (dashboard + JSON API) and ``search``."""

from __future__ import annotations

import typer
from rich.table import Table
from rich.text import Text

from monazite.deliver.cli.app import app, fail, print_json, state, store_engine
from monazite.errors import ConfigError, MonaziteError, NotFound

__all__ = ["search", "serve"]

DEFAULT_PORT = 8000
DEFAULT_HITS = 10  # search results printed when --limit is not given


@app.command()
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on (loopback by default)."),
    port: int = typer.Option(DEFAULT_PORT, "--port", min=0, max=65535, help="TCP port (0 picks a free one)."),
    api_token: str = typer.Option(None, "--api-token", envvar="MONAZITE_API_TOKEN",
                                  help="Enable POST /api/v1/ingest for requests bearing this token."),
) -> None:
    """Serve the web dashboard and the JSON API (/api/v1, OpenAPI at /openapi.json)."""
    import uvicorn

    from monazite.deliver.web import create_app

    settings = state(ctx).settings.with_overrides(api_token=api_token)
    try:
        web = create_app(settings)
    except MonaziteError as exc:
        raise fail(str(exc)) from exc
    uvicorn.run(web, host=host, port=port, log_level="info")


@app.command()
def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="Words and \"quoted phrases\"."),
    mode: str = typer.Option("hybrid", "--mode", help="hybrid (default), fulltext or semantic."),
    date_from: str = typer.Option(None, "--from", help="Published on or after (2025, 2025-04, 2025-04-18)."),
    date_to: str = typer.Option(None, "--to", help="Published on or before."),
    org: str = typer.Option(None, "--org", help="Documents mentioning this organization (name, alias, ticker)."),
    country: str = typer.Option(None, "--country", help="Documents about this country or its organizations."),
    element: str = typer.Option(None, "--element", help="Documents mentioning this element or material."),
    event_type: str = typer.Option(None, "--event-type", help="Documents with an event of this type."),
    source_kind: str = typer.Option(None, "--source-kind", help="company, independent, government, filing, unknown."),
    limit: int = typer.Option(DEFAULT_HITS, "--limit", help="Number of results (1-500)."),
    offset: int = typer.Option(0, "--offset", help="Results to skip."),
    as_json: bool = typer.Option(False, "--json", help="JSON on stdout."),
) -> None:
    """Search documents: BM25 full text, sentence embeddings, or both fused (hybrid)."""
    from monazite.deliver.search_params import search_filters
    from monazite.store.search import search as run_search

    settings = state(ctx).settings
    with store_engine(ctx) as engine:
        try:
            filters = search_filters(date_from, date_to, org, country, element, event_type, source_kind)
            result = run_search(engine, query, settings, mode=mode, filters=filters, limit=limit, offset=offset)
        except (ConfigError, NotFound) as exc:
            raise fail(str(exc)) from exc
        except MonaziteError as exc:
            raise fail(str(exc), 1) from exc
    if as_json:
        print_json(result.to_dict())
        return
    console = state(ctx).console
    if not result.hits:
        console.print(f"No documents match {query!r}.")
        return
    table = Table(title=f"{len(result.hits)} result(s) · {' + '.join(result.used)}", show_lines=True)
    for col in ("#", "Document", "Passage"):
        table.add_column(col)
    for i, hit in enumerate(result.hits, start=result.offset + 1):
        head = Text(hit.title or hit.origin, style="bold")
        head.append(f"\n{hit.document_id} · {hit.published or 'undated'} · {hit.source or 'unknown source'}",
                    style="dim")
        passage = Text("…" if hit.passage.clipped_start else "")
        for seg, marked in hit.passage.segments:
            passage.append(seg, style="bold yellow" if marked else None)
        if hit.passage.clipped_end:
            passage.append("…")
        table.add_row(str(i), head, passage)
    console.print(table)
