"""Analytics commands: ``reference list|show``, ``shares``, ``controls``, ``exposure``,
``scenario`` and ``check-claims``. Each prints JSON with ``--json`` and a Rich table otherwise;
``shares`` and ``scenario`` draw a figure with ``--plot FILE.png|svg``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from monazite.deliver.cli.app import app, cli_errors, fail, print_json, state
from monazite.settings import Settings, normalise_db_url

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.engine import Engine

# The analyze modules (pandas, SciPy, matplotlib) are imported inside each command, so
# building the CLI for ``--help`` or another command does not pay for them.

__all__ = ["check_claims_cmd", "controls", "exposure", "reference_app", "reference_list", "reference_show",
           "scenario", "shares"]

reference_app = typer.Typer(help="Bundled and user reference datasets (USGS, stage shares, controls, prices).",
                            no_args_is_help=True)
app.add_typer(reference_app, name="reference")

SHOW_ROWS = 20  # rows of a dataset printed as a table; --json prints them all


@contextmanager
def _optional_engine(settings: Settings) -> Iterator[Engine | None]:
    """The knowledge base when one exists (disposed on exit); reference-only commands work
    without it, and a missing SQLite file is not created."""
    url = normalise_db_url(settings.db)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).is_file():
        yield None
        return
    from monazite.store.engine import open_store

    engine = open_store(url)
    try:
        yield engine
    finally:
        engine.dispose()


@reference_app.command("list")
def reference_list(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Reference datasets with their edition, shape and sources."""
    from monazite.analyze.market.reference import list_datasets

    with cli_errors():
        found = list_datasets(state(ctx).settings)
    if as_json:
        print_json([d.to_dict() for d in found])
        return
    table = Table("Name", "Shape", "Rows", "Version", "Origin", "Description", title="Reference datasets")
    for d in found:
        table.add_row(d.name, d.shape, str(len(d.frame)), d.version, d.origin, d.description[:80])
    state(ctx).console.print(table)


@reference_app.command("show")
def reference_show(ctx: typer.Context, name: str = typer.Argument(..., help="Dataset name (see `reference list`)."),
                   as_json: bool = typer.Option(False, "--json", help="Print JSON with every row.")) -> None:
    """One dataset: its provenance and rows."""
    from monazite.analyze.market.reference import load_dataset

    with cli_errors():
        ds = load_dataset(name, state(ctx).settings)
    if as_json:
        print_json(ds.to_dict(rows=True))
        return
    console = state(ctx).console
    console.print(f"[bold]{ds.name}[/bold] ({ds.version}; {ds.origin}): {ds.description}")
    console.print("Sources: " + "; ".join(ds.sources))
    table = Table(*ds.columns, title=f"{len(ds.frame)} rows (first {min(SHOW_ROWS, len(ds.frame))})")
    for _, rec in ds.frame.head(SHOW_ROWS).iterrows():
        table.add_row(*("" if v != v else str(v)[:60] for v in rec.tolist()))  # v != v: NaN
    console.print(table)


@app.command()
def shares(
    ctx: typer.Context,
    stage: str = typer.Option("mining", "--stage", help="mining, refining, metal or magnet."),
    material: str = typer.Option(None, "--material", help="Material (default: rare earths, REO)."),
    year: int = typer.Option(None, "--year", help="Data year (default: latest available)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    plot: Path = typer.Option(None, "--plot", help="Write a chart to FILE.png or FILE.svg."),
) -> None:
    """Country shares of a supply-chain stage with HHI, CR1, CR3, their trend and sources."""
    from monazite.analyze.charts import plot_shares
    from monazite.analyze.market.concentration import market_shares

    with cli_errors():
        result = market_shares(stage, material=material, year=year, settings=state(ctx).settings)
        if plot is not None:
            plot_shares(result, plot)
    if as_json:
        print_json(result.to_dict())
        return
    table = Table("Country", "Share %", "Tonnes", "Source", title=(
        f"{result.stage} of {result.material}, {result.year}: HHI {result.hhi:,.0f}, CR1 {result.cr1:.1f}%, "
        f"CR3 {result.cr3:.1f}%"))
    for c in result.countries:
        table.add_row(c["country"], f"{c['share_pct']:.2f}", f"{c['tonnes']:,.0f}" if c.get("tonnes") else "",
                      c["source"]["url"])
    console = state(ctx).console
    console.print(table)
    for note in result.notes:
        console.print(f"- {note}")


@app.command()
def controls(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Export controls and related measures by date, jurisdiction and element (reference + extracted)."""
    from monazite.analyze.market.exposure import export_control_timeline

    settings = state(ctx).settings
    with cli_errors():
        with _optional_engine(settings) as engine:
            entries = export_control_timeline(engine, settings)
    if as_json:
        print_json([e.to_dict() for e in entries])
        return
    table = Table("Date", "Jurisdiction", "Kind", "Status", "Elements", "Measure", "Source",
                  title="Export-control timeline")
    for e in entries:
        src = e.source.get("url") or e.source.get("document_id", "")
        table.add_row(e.date or "", e.jurisdiction, e.kind, e.status, ", ".join(e.elements), e.measure[:90], src)
    state(ctx).console.print(table)


@app.command()
def exposure(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Element x end-use sector x controlling country, for export controls that name elements."""
    from monazite.analyze.market.exposure import exposure_matrix

    settings = state(ctx).settings
    with cli_errors():
        with _optional_engine(settings) as engine:
            matrix = exposure_matrix(engine, settings)
    if as_json:
        print_json(matrix.to_dict())
        return
    table = Table("Element", "Sector", "Country", "Status", "Refining share %", "Measures", title="Exposure matrix")
    for c in matrix.cells:
        share = "" if c["supply_share_pct"] is None else f"{c['supply_share_pct']:g}"
        table.add_row(c["element"], c["sector_label"], c["country"], c["status"], share,
                      "; ".join(m["date"] or "" for m in c["measures"]))
    state(ctx).console.print(table)


@app.command()
def scenario(
    ctx: typer.Context,
    restrict: list[str] = typer.Option(None, "--restrict", help="COUNTRY:ELEMENTS[:STAGE][:FRACTION], repeatable."),
    year: int = typer.Option(2024, "--year", help="Year whose production and shares the scenario uses."),
    add_capacity: list[str] = typer.Option(None, "--add-capacity", help="COUNTRY:STAGE:MATERIAL:TONNES, repeatable."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    plot: Path = typer.Option(None, "--plot", help="Write a chart to FILE.png or FILE.svg."),
) -> None:
    """Supply before and after a restriction, per stage and element, solved as a linear program."""
    from monazite.analyze.charts import plot_scenario
    from monazite.analyze.scenarios.disruption import run_scenario
    from monazite.analyze.scenarios.parse import parse_addition, parse_restriction
    from monazite.vocab import load_vocabulary

    settings = state(ctx).settings
    with cli_errors():
        vocab = load_vocabulary()
        restrictions = [parse_restriction(r, vocab) for r in restrict or []]
        additions = [parse_addition(a, vocab) for a in add_capacity or []]
        with _optional_engine(settings) as engine:
            result = run_scenario(restrictions, year, additions, engine=engine, settings=settings,
                                  sectors=vocab.sectors)
        if plot is not None:
            plot_scenario(result, plot)
    if as_json:
        print_json(result.to_dict())
        return
    table = Table("Stage", "Element", "Before t", "After t", "Shortfall t", "Shortfall %",
                  title=f"Scenario {year} (t/yr oxide equivalent)")
    for s in result.shortfall:
        table.add_row(s["stage"], s["element"], f"{s['before_t']:,.1f}", f"{s['after_t']:,.1f}",
                      f"{s['shortfall_t']:,.1f}", f"{s['shortfall_pct']:.1f}")
    console = state(ctx).console
    console.print(table)
    for c in result.cover:
        console.print(f"- announced cover at {c['stage']}/{c['element']}: {c['covered_t']:,.1f} t "
                      f"({c['covered_pct']:.1f}% of the shortfall)")
    if result.sectors:
        console.print("Most exposed sectors: " + ", ".join(s["label"] for s in result.sectors))
    for note in result.notes:
        console.print(f"- {note}")


@app.command("check-claims")
def check_claims_cmd(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Extracted country-share claims against reference figures: consistent, inconsistent or no-reference."""
    from monazite.analyze.claims.checks import check_claims

    settings = state(ctx).settings
    with cli_errors():
        with _optional_engine(settings) as engine:
            if engine is None:
                raise fail(f"no knowledge base at {settings.db}: ingest documents first or pass --db")
            checks = check_claims(engine, settings)
    if as_json:
        print_json([c.to_dict() for c in checks])
        return
    table = Table("Verdict", "Subject", "Stage", "Claim", "Reference", "Document", title="Claims vs reference")
    for c in checks:
        claim = " ".join(x for x in (c.claim["qualifier"], f"{c.claim['value']:g}%") if x)
        ref = f"{c.reference['value']:g}% ({c.reference['year']}, {c.reference['dataset']})" if c.reference else ""
        table.add_row(c.verdict, c.subject, c.stage, claim, ref, c.document["id"])
    state(ctx).console.print(table)
