"""The feeds registry: ``feeds add|list|remove``, ``poll`` (every due feed, once) and
``monitor`` (poll on schedule until stopped)."""

from __future__ import annotations

import datetime as dt

import typer
from rich.table import Table

from monazite.deliver.cli.app import CliState, app, cli_errors, print_json, state, store_engine

__all__ = ["feeds_add", "feeds_app", "feeds_list", "feeds_remove", "monitor", "poll"]

feeds_app = typer.Typer(help="Feeds to poll: RSS 2.0, RSS 1.0 and Atom, each on its own schedule.",
                        no_args_is_help=True)
app.add_typer(feeds_app, name="feeds")


def _when(value: dt.datetime | None) -> str:
    return value.isoformat(timespec="seconds").replace("+00:00", "Z") if value else ""


@feeds_app.command("add")
def feeds_add(
    ctx: typer.Context,
    url: str = typer.Argument(..., help="The feed's http(s) URL."),
    name: str = typer.Option(None, "--name", help="A short name (default: the URL's host)."),
    every: str = typer.Option(None, "--every", help="How often to poll it: 90s, 15m, 1h, 1d (default: setting feed_default_every)."),
    as_json: bool = typer.Option(False, "--json", help="Print the feed as JSON."),
) -> None:
    """Subscribe to a feed; it is due at once (run ``monazite poll``)."""
    from monazite.pipeline.schedule import feed_schedule, parse_duration
    from monazite.store.feeds import add_feed

    with cli_errors():
        every_s = parse_duration(every, "--every") if every else feed_schedule(state(ctx).settings)[0]
    with store_engine(ctx) as engine, engine.begin() as conn:
        feed = add_feed(conn, url, every_s, name=name)
    if as_json:
        print_json(feed.to_dict())
        return
    from monazite.pipeline.schedule import format_duration

    state(ctx).console.print(f"feed {feed.name!r} added: {feed.url}, every {format_duration(feed.every_s)}",
                             markup=False, highlight=False)


@feeds_app.command("list")
def feeds_list(ctx: typer.Context,
               as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """Every feed with its schedule and health: last success, last error, items."""
    from monazite.pipeline.schedule import format_duration
    from monazite.store.feeds import list_feeds

    with store_engine(ctx) as engine, engine.connect() as conn:
        feeds = list_feeds(conn)
    if as_json:
        print_json([f.to_dict() for f in feeds])
        return
    table = Table("Name", "URL", "Every", "Last success", "Last error", "Failures", "Items", "Next due",
                  title=f"{len(feeds)} feeds")
    table.columns[1].overflow = "fold"
    for f in feeds:
        error = f"{_when(f.last_error_at)} {f.last_error}" if f.last_error else ""
        table.add_row(f.name, f.url, format_duration(f.every_s), _when(f.last_success_at), error,
                      str(f.failures), str(f.items_total), _when(f.next_due_at))
    state(ctx).console.print(table)


@feeds_app.command("remove")
def feeds_remove(ctx: typer.Context, name: str = typer.Argument(..., help="Feed name or URL.")) -> None:
    """Unsubscribe from a feed; the documents it brought stay."""
    from monazite.store.feeds import remove_feed

    with store_engine(ctx) as engine, engine.begin() as conn:
        items = remove_feed(conn, name)
    state(ctx).console.print(f"feed {name!r} removed ({items} remembered items forgotten)", markup=False,
                             highlight=False)


def _print_poll(cli: CliState, report) -> None:  # noqa: ANN001 - PollReport
    table = Table("Feed", "Status", "Items", "New", "Documents", "Reason", title="Poll")
    table.columns[5].overflow = "fold"
    for o in report.outcomes:
        notes = [o.reason] if o.reason else []
        notes += [f"summary kept for {s['link']}: {s['reason']}" for s in o.summaries_kept]
        notes += [f"item {f['origin']}: {f['reason']}" for f in o.item_failures]
        status = o.status if o.http_status is None else f"{o.status} ({o.http_status})"
        table.add_row(o.feed, status, str(o.items), str(o.new_items), str(len(o.documents)), "; ".join(notes))
    cli.console.print(table)
    counts = report.counts
    cli.console.print(f"{len(report.outcomes)} feeds polled: {counts['ok']} ok, {counts['not_modified']} not modified, "
                      f"{counts['failed']} failed; {report.documents} documents stored in {report.elapsed_s:.1f} s")


@app.command()
def poll(
    ctx: typer.Context,
    feed: list[str] = typer.Option([], "--feed", help="Poll this feed (name or URL) now, due or not (repeatable)."),
    all_feeds: bool = typer.Option(False, "--all", help="Poll every feed now, due or not."),
    no_extract: bool = typer.Option(False, "--no-extract", help="Store documents without extracting facts and events."),
    as_json: bool = typer.Option(False, "--json", help="Print the poll report as JSON."),
) -> None:
    """Fetch every due feed once and ingest its new items. Exit 1 when a feed failed (the others went in)."""
    from monazite.pipeline.poll import run_poll

    cli = state(ctx)
    with cli_errors():
        report = run_poll(cli.settings, force=all_feeds, names=feed, extract=not no_extract)
    if as_json:
        print_json(report.to_dict())
    else:
        _print_poll(cli, report)
    if report.ingest.index_error:
        typer.echo(f"warning: semantic indexing failed: {report.ingest.index_error}", err=True)
    if report.failed:
        raise typer.Exit(1)


@app.command()
def monitor(
    ctx: typer.Context,
    once: bool = typer.Option(False, "--once", help="Poll once and stop."),
    max_cycles: int = typer.Option(None, "--max-cycles", min=1, help="Stop after this many polls."),
    no_extract: bool = typer.Option(False, "--no-extract", help="Store documents without extracting facts and events."),
    as_json: bool = typer.Option(False, "--json", help="One JSON line per poll instead of a table."),
    deliver: bool = typer.Option(True, "--deliver/--no-deliver",
                                 help="After each poll, send the alerts it raised (and any still due) "
                                      "to their channels."),
) -> None:
    """Poll feeds on schedule until stopped (Ctrl-C): poll the due ones, send the alerts they raised,
    sleep until the next feed is due."""
    import json

    from monazite.deliver.delivery import deliver_pending
    from monazite.pipeline.monitor import run_monitor
    from monazite.store.engine import open_store

    cli = state(ctx)
    engine = None

    def show(cycle: int, report) -> None:  # noqa: ANN001 - PollReport
        sent = deliver_pending(engine, cli.settings).to_dict() if engine is not None else None
        if as_json:
            typer.echo(json.dumps({"cycle": cycle, **report.to_dict(), "deliveries": sent}, ensure_ascii=False,
                                  default=str))
        elif report.outcomes:
            _print_poll(cli, report)

    def failed(cycle: int, exc: Exception) -> None:
        if as_json:
            typer.echo(json.dumps({"cycle": cycle, "error": f"{exc.__class__.__name__}: {exc}"}, ensure_ascii=False))
        else:
            cli.err.print(f"[red]poll {cycle} failed[/red]: {exc.__class__.__name__}: {exc}; retrying next cycle")

    cycles = 0
    try:
        with cli_errors():
            engine = open_store(cli.settings.db) if deliver else None
            cycles = run_monitor(cli.settings, max_cycles=1 if once else max_cycles, extract=not no_extract,
                                 on_poll=show, on_error=failed)
    except KeyboardInterrupt:
        cli.err.print("monitor stopped")
        return
    finally:
        if engine is not None:
            engine.dispose()
    if not as_json:
        cli.console.print(f"monitor stopped after {cycles} polls")
