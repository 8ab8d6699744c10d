"""Watchlists, alerts and the daily digest: ``watch add|list|remove``, ``alerts``, ``digest``."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import typer

from monazite.deliver.cli.app import app, cli_errors, fail, print_json, state, store_engine
from monazite.deliver.cli.choices import DIGEST_FORMATS

# The store, analyze and digest modules are imported inside each command: building the CLI
# for ``--help`` or another command does not pay for them.

__all__ = ["alerts", "digest", "watch_add", "watch_app", "watch_list", "watch_remove"]

watch_app = typer.Typer(help="Watchlists: entities, elements, event types and keywords to be alerted about.",
                        no_args_is_help=True)
app.add_typer(watch_app, name="watch")


def _day(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise fail(f"{option} must be a date YYYY-MM-DD, got {value!r}") from exc


@watch_app.command("add")
def watch_add(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Name of the new watchlist."),
    entity: list[str] = typer.Option([], "--entity", help="Organisation or country: name, alias, ticker or id."),
    element: list[str] = typer.Option([], "--element", help="Element or material: name or id."),
    event_type: list[str] = typer.Option([], "--event-type", help="Event type, e.g. export_control."),
    keyword: list[str] = typer.Option([], "--keyword", help="Word or phrase matched as whole words, any case."),
    min_date: str = typer.Option(None, "--min-date", help="Ignore documents published before YYYY-MM-DD."),
    match_all: bool = typer.Option(False, "--all", help="A document must match one item of each kind given; "
                                   "an event must then involve a listed element."),
    threshold: list[str] = typer.Option([], "--threshold", help="A confirmed figure crossing this is a hit: "
                                        "METRIC OP NUMBER [UNIT], e.g. 'capacity>5000t', 'price_change>10%'."),
    on_claim_status: list[str] = typer.Option([], "--on-claim-status", help="A claim reaching this status "
                                              "(e.g. conflicting) after a new document is a hit."),
    priority: str = typer.Option("normal", "--priority", help="high, normal or low; decays with the alert's age."),
    email: list[str] = typer.Option([], "--email", help="Deliver each hit by e-mail to this address (smtp_* settings)."),
    webhook: list[str] = typer.Option([], "--webhook", help="Deliver each hit as a JSON POST to this http(s) URL."),
    file: list[str] = typer.Option([], "--file", help="Append each hit as a JSON line to this file."),
    as_json: bool = typer.Option(False, "--json", help="Print the watchlist and its first alerts as JSON."),
) -> None:
    """Create a watchlist and match it against the documents already stored (those hits are
    recorded, not delivered; hits on documents ingested later go to the channels)."""
    from monazite.analyze.watch import build_query, match_watchlist
    from monazite.deliver.channels import get_channel
    from monazite.store.watchlists import add_watchlist
    from monazite.vocab import load_vocabulary

    _day(min_date, "--min-date")
    with cli_errors():
        channels = [{"channel": kind, "target": get_channel(kind).check(target)}
                    for kind, targets in (("email", email), ("webhook", webhook), ("file", file))
                    for target in targets]
    with store_engine(ctx) as engine, engine.begin() as conn:
        query = build_query(conn, entities=entity, elements=element, event_types=event_type, keywords=keyword,
                            min_date=min_date, vocab=load_vocabulary(), match="all" if match_all else "any",
                            thresholds=threshold, claim_statuses=on_claim_status)
        wl = add_watchlist(conn, name, query, priority=priority, channels=channels)
        matched = match_watchlist(conn, wl, state(ctx).settings)
    if as_json:
        print_json({**wl.to_dict(), "alerts": matched})
        return
    state(ctx).console.print(f"watchlist {wl.name!r} added; {matched} existing documents match")


@watch_app.command("list")
def watch_list(ctx: typer.Context,
               as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """Every watchlist with what it follows and how many alerts it has."""
    from monazite.deliver.alerts import watchlists_table
    from monazite.store.watchlists import list_alerts, list_watchlists

    with store_engine(ctx) as engine, engine.connect() as conn:
        found = list_watchlists(conn)
        counts = Counter(a["watchlist"] for a in list_alerts(conn))
    if as_json:
        print_json([{**wl.to_dict(), "alerts": counts.get(wl.name, 0)} for wl in found])
        return
    state(ctx).console.print(watchlists_table(found, dict(counts)))


@watch_app.command("remove")
def watch_remove(ctx: typer.Context, name: str = typer.Argument(..., help="Watchlist to delete.")) -> None:
    """Delete a watchlist and its alerts."""
    from monazite.store.watchlists import remove_watchlist

    with store_engine(ctx) as engine, engine.begin() as conn:
        gone = remove_watchlist(conn, name)
    state(ctx).console.print(f"watchlist {name!r} removed with {gone} alerts")


@app.command()
def alerts(
    ctx: typer.Context,
    watchlist: str = typer.Option(None, "--watchlist", help="Only this watchlist's alerts."),
    since: str = typer.Option(None, "--since", help="Only alerts recorded on or after YYYY-MM-DD (UTC)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Watchlist hits, what matters first: the rule's priority decayed by age (alert_half_life_days),
    with what matched and where."""
    from monazite.deliver.alerts import alerts_table
    from monazite.store.watchlists import list_alerts

    day = _day(since, "--since")
    half_life = state(ctx).settings.alert_half_life_days
    with store_engine(ctx) as engine, engine.connect() as conn:
        found = list_alerts(conn, watchlist=watchlist, since=day, half_life_days=half_life)
    if as_json:
        print_json(found)
        return
    state(ctx).console.print(alerts_table(found))


@app.command()
def digest(
    ctx: typer.Context,
    date: str = typer.Option(None, "--date", help="Last day of the window, YYYY-MM-DD (UTC; default today)."),
    days: int = typer.Option(1, "--days", min=1, help="Days in the window, ending with --date."),
    fmt: str = typer.Option("markdown", "--format", help=f"Output format: {', '.join(DIGEST_FORMATS)}."),
    out: Path = typer.Option(None, "--out", help="Write to this file instead of stdout."),
    email: str = typer.Option(None, "--email", help="Send it to this address (HTML with a plain-text part) "
                                                    "through the smtp_* settings."),
) -> None:
    """The daily news update: stories with all their sources, export controls, capacity, new figures per
    company with their corroboration, new conflicts and watchlist hits."""
    from monazite.deliver.digest import DeliveryError, build_digest, render_digest, send_digest

    if fmt not in DIGEST_FORMATS:
        raise fail(f"--format must be one of {', '.join(DIGEST_FORMATS)}")
    day = _day(date, "--date")
    settings = state(ctx).settings
    if email is not None and not settings.smtp_host:
        raise fail("--email needs a mail server: set smtp_host (MONAZITE_SMTP_HOST or monazite.toml)")
    with store_engine(ctx) as engine:
        built = build_digest(engine, settings, day, days)
    if email is not None:
        try:
            send_digest(built, settings, email)
        except DeliveryError as exc:
            raise fail(str(exc), code=1) from exc
        state(ctx).err.print(f"digest for {built['date']} ({len(built['stories'])} stories) sent to {email}")
        if out is None:
            return
    text = render_digest(built, fmt)
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot write {out}: {exc}") from exc
    state(ctx).err.print(f"digest written to {out}")
