"""Sending watchlist hits: ``deliver`` (the outbox, with retries) and ``deliveries`` (what is in it)."""

from __future__ import annotations

import datetime as dt

import typer

from monazite.deliver.cli.app import app, fail, print_json, state, store_engine
from monazite.deliver.cli.choices import DELIVERY_STATUSES

__all__ = ["deliver", "deliveries"]


@app.command()
def deliver(
    ctx: typer.Context,
    wait: float = typer.Option(0.0, "--wait", min=0.0, help="Keep retrying failed attempts for up to this many "
                               "seconds, until nothing is pending."),
    retry_failed_: bool = typer.Option(False, "--retry-failed", help="Queue the deliveries that were given up on "
                                       "again, with a fresh count of attempts."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Send pending alert deliveries (e-mail, webhook, file), highest priority first; a failed
    one is retried with exponential backoff and never lost. Exit 1 when one was given up on."""
    from monazite.deliver.delivery import deliver_pending
    from monazite.store.deliveries import retry_failed

    settings = state(ctx).settings
    with store_engine(ctx) as engine:
        requeued = 0
        if retry_failed_:
            with engine.begin() as conn:
                requeued = retry_failed(conn, dt.datetime.now(dt.timezone.utc))
        report = deliver_pending(engine, settings, wait=wait)
    if as_json:
        print_json({**report.to_dict(), "requeued": requeued})
    else:
        err = state(ctx).err
        for line in report.errors:
            err.print(f"failed: {line}", markup=False, highlight=False)
        state(ctx).console.print(f"{report.sent} sent, {report.retried} to retry, {report.failed} failed, "
                                 f"{report.withdrawn} withdrawn" + (f" ({requeued} requeued)" if requeued else ""))
    if report.failed:
        raise typer.Exit(1)


@app.command()
def deliveries(
    ctx: typer.Context,
    status: str = typer.Option(None, "--status", help=f"Only this status: {', '.join(DELIVERY_STATUSES)}."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """The alert outbox: each hit per channel target with its status, attempts and last error."""
    if status is not None and status not in DELIVERY_STATUSES:
        raise fail(f"--status must be one of {', '.join(DELIVERY_STATUSES)}")
    from monazite.deliver.alerts import deliveries_table
    from monazite.store.deliveries import list_deliveries

    settings = state(ctx).settings
    with store_engine(ctx) as engine, engine.connect() as conn:
        found = list_deliveries(conn, dt.datetime.now(dt.timezone.utc), settings.alert_half_life_days, status=status)
    if as_json:
        print_json(found)
        return
    state(ctx).console.print(deliveries_table(found))
