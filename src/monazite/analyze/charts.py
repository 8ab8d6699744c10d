"""Figures an analyst can put in a report: shares, scenarios and a metric's history.

Figures are built on ``matplotlib.figure.Figure`` directly (no pyplot state, no GUI
backend), written as PNG or SVG by the file suffix, and always carry units and a caption
naming their sources. matplotlib is imported inside the functions so importing
``monazite.analyze`` stays cheap.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from monazite.errors import AnalysisError

__all__ = ["FORMATS", "plot_metric_history", "plot_scenario", "plot_shares"]

FORMATS = {".png": "png", ".svg": "svg"}
DPI = 150  # print quality for PNG
TOP_COUNTRIES = 8  # bars shown before the rest is grouped
CAPTION_WIDTH = 150  # characters per caption line
CAPTION_MAX_SOURCES = 4  # sources named in a caption; the JSON output lists them all


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _format(path: str | Path) -> tuple[Path, str]:
    p = Path(path)
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        raise AnalysisError(f"cannot write {p}: use a .png or .svg file name")
    p.parent.mkdir(parents=True, exist_ok=True)
    return p, fmt


def _caption(fig: Any, text: str, sources: Sequence[str]) -> None:
    shown = list(dict.fromkeys(s for s in sources if s))[:CAPTION_MAX_SOURCES]
    more = len(set(sources)) - len(shown)
    lines = textwrap.wrap(text, CAPTION_WIDTH)
    lines += textwrap.wrap("Sources: " + "; ".join(shown) + (f" (+{more} more)" if more > 0 else ""), CAPTION_WIDTH)
    fig.supxlabel("\n".join(lines), fontsize=6, ha="left", x=0.01)


def _save(fig: Any, path: Path, fmt: str) -> Path:
    fig.savefig(path, format=fmt, dpi=DPI)
    return path


def plot_shares(result: Any, path: str | Path) -> Path:
    """Bar chart of country shares and, beside it, CR1/CR3 over the years available."""
    d = result.to_dict() if hasattr(result, "to_dict") else dict(result)
    p, fmt = _format(path)
    fig = _figure(11, 4.8)
    bars, trend = fig.subplots(1, 2, width_ratios=[3, 2])
    countries = d["countries"][:TOP_COUNTRIES]
    labels = [c["country"] for c in countries]
    values = [c["share_pct"] for c in countries]
    rest = sum(c["share_pct"] for c in d["countries"][TOP_COUNTRIES:])
    if rest:
        labels.append("other listed")
        values.append(rest)
    if d.get("residual") and d["residual"].get("share_pct"):
        labels.append(d["residual"]["label"])
        values.append(d["residual"]["share_pct"])
    bars.barh(labels[::-1], values[::-1], color="#4c72b0")
    for y, v in enumerate(values[::-1]):
        bars.text(v, y, f" {v:.1f}%", va="center", fontsize=7)
    bars.set_xlabel("share of world total (%)")
    bars.set_title(f"{d['stage'].capitalize()} of {d['material']}, {d['year']}: "
                   f"HHI {d['hhi']:,.0f}, CR1 {d['cr1']:.1f}%, CR3 {d['cr3']:.1f}%", fontsize=9)
    points = [t for t in d.get("trend", []) if "cr1" in t]
    if points:
        years = [t["year"] for t in points]
        trend.plot(years, [t["cr1"] for t in points], marker="o", label="CR1 (%)")
        if all("cr3" in t for t in points):
            trend.plot(years, [t["cr3"] for t in points], marker="s", label="CR3 (%)")
        trend.set_xticks(years)
        trend.set_ylim(0, 100)
        trend.legend(fontsize=7)
    trend.set_title("Concentration trend", fontsize=9)
    trend.set_ylabel("share (%)")
    _caption(fig, f"Shares in percent. HHI on a 0-10,000 scale ({d['hhi_basis']}). " + " ".join(d.get("notes", [])),
             d.get("sources", []))
    return _save(fig, p, fmt)


def plot_scenario(result: Any, path: str | Path) -> Path:
    """Supply before and after by stage, one panel per element, shortfall marked."""
    d = result.to_dict() if hasattr(result, "to_dict") else dict(result)
    p, fmt = _format(path)
    elements = list(dict.fromkeys(s["element"] for s in d["shortfall"]))
    fig = _figure(4.2 * max(1, len(elements)), 4.6)
    axes = fig.subplots(1, max(1, len(elements)), squeeze=False)[0]
    for ax, element in zip(axes, elements, strict=False):
        rows = [s for s in d["shortfall"] if s["element"] == element]
        xs = range(len(rows))
        ax.bar([x - 0.2 for x in xs], [r["before_t"] for r in rows], 0.4, label="before", color="#4c72b0")
        ax.bar([x + 0.2 for x in xs], [r["after_t"] for r in rows], 0.4, label="after", color="#dd8452")
        for x, r in zip(xs, rows, strict=True):
            if r["shortfall_t"] > 0:
                ax.annotate(f"-{r['shortfall_t']:,.0f} t\n({r['shortfall_pct']:.0f}%)", (x + 0.2, r["after_t"]),
                            ha="center", va="bottom", fontsize=7, color="#c44e52")
        ax.set_xticks(list(xs), [r["stage"] for r in rows])
        ax.set_title(element.capitalize(), fontsize=9)
        ax.set_ylabel(f"t/yr ({d.get('basis', 'oxide equivalent')})", fontsize=7)
        ax.legend(fontsize=7)
    restr = "; ".join(f"{r['country']} withholds {', '.join(r['elements'])} at {r['stage'] or 'all stages'} "
                      f"({r['fraction']:.0%})" for r in d.get("restrictions", [])) or "no restriction"
    sources = [s.get("url", s.get("assumptions", "")) for c in d.get("inputs", []) for s in c["sources"]]
    _caption(fig, f"Scenario {d['year']}: {restr}. {d.get('assumptions_labelled', 0)} inputs rest on labelled "
                  f"assumptions (ore composition, element stage shares). Solver: {d.get('solver', '')}.", sources)
    return _save(fig, p, fmt)


def plot_metric_history(points: Sequence[Mapping[str, Any]], path: str | Path, *, title: str, unit: str,
                        sources: Sequence[str] = ()) -> Path:
    """A metric over time for a dossier: ``points`` carry ``period`` (or ``date``) and ``value``,
    optionally ``label`` (e.g. the source name) and ``document_id``."""
    p, fmt = _format(path)
    dated = [pt for pt in points if (pt.get("period") or pt.get("date")) and pt.get("value") is not None]
    if not dated:
        raise AnalysisError(f"no dated values to plot for {title}")
    dated = sorted(dated, key=lambda pt: str(pt.get("period") or pt.get("date")))
    fig = _figure(7.5, 4)
    ax = fig.subplots()
    xs = [str(pt.get("period") or pt.get("date")) for pt in dated]
    ys = [float(pt["value"]) for pt in dated]
    ax.plot(xs, ys, marker="o", color="#4c72b0")
    for x, y, pt in zip(xs, ys, dated, strict=True):
        if pt.get("label"):
            ax.annotate(str(pt["label"]), (x, y), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=6)
    ax.set_title(title, fontsize=9)
    ax.set_ylabel(unit)
    ax.set_xlabel("period")
    cited = list(sources) or [str(pt.get("document_id", "")) for pt in dated]
    _caption(fig, f"Values in {unit}, as stated in the cited documents.", cited)
    return _save(fig, p, fmt)
