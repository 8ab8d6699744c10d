"""Chart labels come from data; the SVG must carry them as text only."""

from __future__ import annotations

from monazite.analyze.charts import plot_shares
from monazite.analyze.market.concentration import market_shares
from monazite.deliver.web.charts import bar_chart, render_svg

HOSTILE = '--><script>alert(1)</script><!-- <img src=x onerror="alert(2)">'


def test_hostile_labels_are_escaped_in_svg() -> None:
    shares = market_shares("refining").to_dict()
    shares["countries"][0]["country"] = HOSTILE
    shares["sources"] = [HOSTILE]
    for svg in (bar_chart([HOSTILE, "b"], [1.0, 2.0], title=HOSTILE, ylabel="y"),
                render_svg(lambda path: plot_shares(shares, path))):
        text = svg.decode("utf-8")
        assert text.lstrip().startswith("<?xml")
        assert "<script" not in text and "<img" not in text  # handlers stay inside escaped text


def test_empty_chart_still_renders() -> None:
    assert bar_chart([], [], title="t", ylabel="y").startswith(b"<?xml")
