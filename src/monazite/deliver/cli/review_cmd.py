"""``review queue|accept|reject|correct|list|export``: analysts decide on what was extracted.

Decisions are stored with who and when, survive re-ingest and re-extraction, and show
everywhere (see ``monazite.store.reviews``). ``--by`` names the reviewer; it defaults to
``MONAZITE_REVIEWER``, else the login name.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import typer
from rich.table import Table

from monazite.deliver.cli.app import app, cli_errors, fail, print_json, state, store_engine
from monazite.deliver.cli.knowledge_cmd import _kb

__all__ = ["review_accept", "review_app", "review_correct", "review_export", "review_list", "review_queue",
           "review_reject"]

review_app = typer.Typer(help="Review what the machine extracted: a queue, then accept, reject or correct.",
                         no_args_is_help=True)
app.add_typer(review_app, name="review")

BY_HELP = "Who decides (default: $MONAZITE_REVIEWER, else the login name)."
NOTE_HELP = "Why, in a few words (kept with the decision)."


def _reviewer(by: str | None) -> str:
    if by:
        return by
    env = os.environ.get("MONAZITE_REVIEWER")
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


@review_app.command("queue")
def review_queue(
    ctx: typer.Context,
    limit: int = typer.Option(20, "--limit", min=1, max=1000, help="How many items to show."),
    as_json: bool = typer.Option(False, "--json", help="Print the queue as JSON."),
) -> None:
    """What most needs a human, most pressing first: conflicts, then uncertain claims, events
    behind alerts, barely confirmed figures, and discovered organisations."""
    with _kb(ctx) as kb:
        items = kb.review_queue(limit=limit)
    if as_json:
        print_json([i.to_dict() for i in items])
        return
    table = Table("Priority", title=f"{len(items)} to review")
    table.add_column("Id", no_wrap=True)  # an analyst copies it into accept/reject/correct
    for heading in ("Kind", "What", "Why", "Where"):
        table.add_column(heading)
    for i in items:
        where = f"{i.document_id}@{i.start}-{i.end}" if i.document_id else ""
        table.add_row(f"{i.priority:.2f}", i.id, i.kind, i.label, i.reason, where)
    state(ctx).console.print(table)


def _decide(ctx: typer.Context, record_id: str, decision: str, by: str | None, note: str | None,
            changes: dict | None = None) -> None:
    with _kb(ctx) as kb:
        review = kb.review(record_id, decision, reviewer=_reviewer(by), changes=changes, note=note)
    what = ", ".join(f"{k}={v}" for k, v in review.changes.items())
    state(ctx).console.print(f"{review.decision}ed {review.kind} {review.record_id} by {review.reviewer}"
                             + (f": {what}" if what else "") + f" (review {review.id})")


@review_app.command("accept")
def review_accept(ctx: typer.Context, record_id: str = typer.Argument(..., help="Fact id, event id, or entity."),
                  by: str = typer.Option(None, "--by", help=BY_HELP),
                  note: str = typer.Option(None, "--note", help=NOTE_HELP)) -> None:
    """Confirm a record: it counts as confirmed whatever its machine confidence."""
    _decide(ctx, record_id, "accept", by, note)


@review_app.command("reject")
def review_reject(ctx: typer.Context, record_id: str = typer.Argument(..., help="Fact id, event id, or entity."),
                  by: str = typer.Option(None, "--by", help=BY_HELP),
                  note: str = typer.Option(None, "--note", help=NOTE_HELP)) -> None:
    """Reject a record: it leaves claims, dossiers, the digest and the API (kept, and listed when asked)."""
    _decide(ctx, record_id, "reject", by, note)


@review_app.command("correct")
def review_correct(
    ctx: typer.Context,
    record_id: str = typer.Argument(..., help="Fact id, event id, or entity."),
    subject: str = typer.Option(None, "--subject", help="Fact: the entity the figure is about."),
    metric: str = typer.Option(None, "--metric", help="Fact: metric name from vocab/metrics.yaml."),
    value: str = typer.Option(None, "--value", help="Fact: the number."),
    unit: str = typer.Option(None, "--unit", help="Fact: the unit, e.g. t, %, USD."),
    period: str = typer.Option(None, "--period", help="Fact: 2024, 2024-Q3, 2024-H2 or 2024-07."),
    stage: str = typer.Option(None, "--stage", help="Fact: supply-chain stage."),
    material: str = typer.Option(None, "--material", help="Fact: element or material."),
    type_: str = typer.Option(None, "--type", help="Event: event type from vocab/events.yaml."),
    date: str = typer.Option(None, "--date", help="Event: when it happened."),
    actors: str = typer.Option(None, "--actors", help="Event: actors, comma-separated names."),
    name: str = typer.Option(None, "--name", help="Entity: its name."),
    kind: str = typer.Option(None, "--kind", help="Entity: company, state_body, agency..."),
    by: str = typer.Option(None, "--by", help=BY_HELP),
    note: str = typer.Option(None, "--note", help=NOTE_HELP),
) -> None:
    """Correct a record's fields; the original quote stays as it was, beside the corrected value."""
    changes = {"subject": subject, "metric": metric, "value": value, "unit": unit, "period": period,
               "stage": stage, "material": material, "type": type_, "date": date, "actors": actors,
               "name": name, "kind": kind}
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        raise fail("say what to correct, e.g. --value 45000 or --subject 'MP Materials'")
    _decide(ctx, record_id, "correct", by, note, changes)


@review_app.command("list")
def review_list(
    ctx: typer.Context,
    record_id: str = typer.Argument(None, help="Only the decisions on this record."),
    as_json: bool = typer.Option(False, "--json", help="Print the decisions as JSON."),
) -> None:
    """Every decision, oldest first: who, when, what."""
    with _kb(ctx) as kb:
        found = kb.reviews(record_id)
    if as_json:
        print_json([r.to_dict() for r in found])
        return
    table = Table("Review", "When", "Who", "Decision", "Record", "Changes", "Note", title=f"{len(found)} decisions")
    for r in found:
        table.add_row(str(r.id), r.created_at.isoformat(timespec="seconds"), r.reviewer, r.decision, r.record_id,
                      ", ".join(f"{k}={v}" for k, v in r.changes.items()), r.note or "")
    state(ctx).console.print(table)


@review_app.command("export")
def review_export(
    ctx: typer.Context,
    directory: Path = typer.Argument(..., help="Folder to write reviews.json and articles/ into."),
) -> None:
    """Write the decisions as annotations in the gold set's shape; `make eval REVIEWS=DIR` scores on them."""
    from monazite.store.review_export import export_reviews

    with cli_errors(), store_engine(ctx) as engine, engine.connect() as conn:
        counts = export_reviews(conn, directory)
    state(ctx).console.print(
        f"wrote {directory / 'reviews.json'}: {counts['facts']} facts and {counts['events']} events to find, "
        f"{counts['rejected_facts']} facts and {counts['rejected_events']} events not to, "
        f"over {counts['documents']} documents")
