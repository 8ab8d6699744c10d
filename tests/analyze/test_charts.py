"""Charts: real PNG/SVG files with units and sources in them."""

from __future__ import annotations

from pathlib import Path

import pytest

from monazite.analyze.charts import plot_metric_history, plot_shares
from monazite.analyze.market.concentration import market_shares
from monazite.errors import AnalysisError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_shares_chart_as_png_and_svg(tmp_path: Path) -> None:
    result = market_shares("mining", year=2024)
    png = plot_shares(result, tmp_path / "mining.png")
    assert png.read_bytes()[:8] == PNG_MAGIC
    svg = plot_shares(result, tmp_path / "sub" / "mining.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg


def test_svg_text_carries_units_and_sources(tmp_path: Path) -> None:
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none"}):  # keep text as text to read it back
        svg = plot_shares(market_shares("refining"), tmp_path / "refining.svg").read_text()
    assert "share of world total (%)" in svg
    assert "seaisi.org" in svg and "HHI" in svg


def test_unsupported_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match=r"\.png or \.svg"):
        plot_shares(market_shares("mining"), tmp_path / "mining.pdf")


def test_metric_history_for_dossiers(tmp_path: Path) -> None:
    points = [{"period": "2024", "value": 32.966, "label": "FY2024", "document_id": "doc_a"},
              {"period": "2023", "value": 33.5, "document_id": "doc_b"}]
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none"}):
        svg = plot_metric_history(points, tmp_path / "rev.svg", title="Operating revenue",
                                  unit="billion CNY", sources=["news.metal.com"]).read_text()
    assert "billion CNY" in svg and "news.metal.com" in svg and "Operating revenue" in svg
    with pytest.raises(AnalysisError, match="no dated values"):
        plot_metric_history([{"value": 1.0}], tmp_path / "x.png", title="t", unit="u")
