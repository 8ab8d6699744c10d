"""Market shares, HHI and CR3 against hand calculations from the bundled USGS figures."""

from __future__ import annotations

import pytest

from monazite.analyze.market.concentration import concentration_ratio, hhi, market_shares
from monazite.errors import AnalysisError

# USGS MCS 2025, 2024 mine production, t REO. World total as published (rounded): 390,000.
WORLD_2024 = 390_000
TONNES_2024 = {"China": 270_000, "United States": 45_000, "Burma": 31_000, "Australia": 13_000,
               "Nigeria": 13_000, "Thailand": 13_000, "India": 2_900, "Russia": 2_500, "Madagascar": 2_000,
               "Vietnam": 300, "Malaysia": 130, "Brazil": 20}


def test_2024_mining_shares_match_the_hand_calculation() -> None:
    result = market_shares("mining", year=2024)
    # China: 270,000 / 390,000 = 0.692307... -> 69.23 %
    assert result.share_of("China") == pytest.approx(69.23, abs=0.005)
    assert result.countries[0]["tonnes"] == 270_000
    # CR3 = (270,000 + 45,000 + 31,000) / 390,000 = 346,000 / 390,000 = 88.72 %
    assert result.cr3 == pytest.approx(88.72, abs=0.005)
    assert [c["country"] for c in result.countries[:3]] == ["China", "United States", "Burma"]
    # HHI = 69.2308^2 + 11.5385^2 + 7.9487^2 + 3 x 3.3333^2 + 0.7436^2 + 0.6410^2 + 0.5128^2
    #       + 0.0769^2 + 0.0333^2 + 0.0051^2
    #     = 4792.90 + 133.14 + 63.18 + 33.33 + 0.553 + 0.411 + 0.263 + 0.006 + 0.001 + 0.00003 = 5023.78
    assert result.hhi == pytest.approx(5023.8, abs=0.05)
    by_hand = sum((100 * t / WORLD_2024) ** 2 for t in TONNES_2024.values())
    assert result.hhi == pytest.approx(by_hand, abs=0.05)
    assert result.cr1 == pytest.approx(69.23, abs=0.005)


def test_denominator_and_other_countries_are_stated() -> None:
    d = market_shares("mining", year=2024).to_dict()
    assert d["denominator"]["tonnes"] == WORLD_2024 and d["denominator"]["source"]["edition"] == "MCS 2025"
    assert d["residual"]["tonnes"] == 1_100 and d["residual"]["in_hhi"] is False
    assert {c["country"] for c in d["countries"]} == set(TONNES_2024)  # USGS dashes (0 t) are not producers
    assert all(c["source"]["url"].endswith("mcs2025-rare-earths.pdf") for c in d["countries"])
    assert any("Denominator: USGS world total as published" in n for n in d["notes"])


def test_newest_edition_wins_for_2023() -> None:
    result = market_shares("mining", year=2023)
    # MCS 2025 revised 2023: China 255,000 of 376,000 (MCS 2024 had 240,000 of 350,000).
    assert result.share_of("China") == pytest.approx(100 * 255_000 / 376_000, abs=0.005)
    assert any("Edition used for 2023: MCS 2025" in n for n in result.notes)
    assert any("superseded" in n for n in result.notes)


def test_trend_spans_the_years_and_says_where_no_world_total_exists() -> None:
    trend = {t["year"]: t for t in market_shares("mining").to_dict()["trend"]}
    assert trend[2024]["cr1"] > trend[2023]["cr1"]  # 69.23 > 67.82
    assert "no USGS world total" in trend[2022]["note"]


def test_nearest_year_is_used_and_said() -> None:
    result = market_shares("mining", year=2030)
    assert result.year == 2024 and result.requested_year == 2030
    assert "nearest year 2024" in result.notes[0]


def test_refining_uses_one_source_and_labels_hhi_a_lower_bound() -> None:
    result = market_shares("refining")
    assert result.year == 2023
    assert [(c["country"], c["share_pct"]) for c in result.countries] == [("China", 92.0), ("Malaysia", 5.0)]
    assert result.hhi == pytest.approx(92**2 + 5**2)
    assert result.cr3 == 98.0  # reported by the source as "Top 3"
    assert "lower bound" in result.hhi_basis
    assert {a["source"]["url"] for a in result.to_dict()["alternatives"]}  # the other 2023 source is listed
    assert all(p["year"] >= 2030 for p in result.projections)


def test_magnet_stage_and_metal_stage_without_data() -> None:
    magnet = market_shares("magnet")  # IEA (Oct 2025) preferred over a secondary blog's 92 %
    assert magnet.share_of("China") == 94.0 and "publication year" in magnet.notes[0]
    with pytest.raises(AnalysisError, match="no metal-stage country shares"):
        market_shares("metal")
    with pytest.raises(AnalysisError, match="unknown stage"):
        market_shares("smelting-pot")


def test_material_other_than_reo_reads_reported_shares() -> None:
    result = market_shares("mining", material="scandium")
    assert result.year == 2020 and result.share_of("Russia") == 26.0


def test_index_helpers() -> None:
    assert hhi([100.0]) == 10_000
    assert hhi([50.0, 50.0]) == 5_000
    assert concentration_ratio([10.0, 40.0, 30.0, 20.0], 3) == 90.0
