"""Charts drawn on the server with matplotlib and served as SVG images.

An ``<img>`` of an SVG cannot run script, needs no JavaScript and no CDN, and stays
within the Content Security Policy. Labels come from the data and are escaped by
matplotlib's SVG writer. Shares, scenarios and metric histories are drawn by
``monazite.analyze.charts`` (with their source captions); only the mention-volume bars,
which that module does not draw, are drawn here, with the object API (no pyplot state).
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

__all__ = ["bar_chart", "render_svg"]

WIDTH_IN, HEIGHT_IN = 7.5, 3.2  # figure size in inches (at 96 dpi in the browser)
BAR_COLOR = "#0b5cad"
MAX_BARS = 30  # a chart with more bars is unreadable; the table beside it has them all


def _svg(fig: Figure) -> bytes:
    buf = io.BytesIO()
    FigureCanvasSVG(fig).print_svg(buf)
    return buf.getvalue()


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str, ylabel: str) -> bytes:
    labels, values = list(labels)[:MAX_BARS], list(values)[:MAX_BARS]
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN))
    ax = fig.add_subplot()
    ax.bar(range(len(values)), values, color=BAR_COLOR)
    crowded = len(labels) > 6
    ax.set_xticks(range(len(labels)), labels, rotation=30 if crowded else 0, ha="right" if crowded else "center",
                  fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.set_ylabel(ylabel, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    if not values:
        ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
    fig.tight_layout()
    return _svg(fig)


def render_svg(plot: Callable[[Path], Path]) -> bytes:
    """The SVG written by one of ``monazite.analyze.charts``' plot functions (they write files)."""
    with tempfile.TemporaryDirectory(prefix="monazite-chart-") as tmp:
        return plot(Path(tmp) / "chart.svg").read_bytes()
