"""Scenario model: mass balance per stage, no-restriction baseline, the Dy/Tb example, cover."""

from __future__ import annotations

from pathlib import Path

import pytest

from monazite.analyze.charts import plot_scenario
from monazite.analyze.scenarios.disruption import CapacityAddition, Restriction, run_scenario
from monazite.analyze.scenarios.parse import parse_addition, parse_restriction
from monazite.errors import AnalysisError
from monazite.store.engine import open_store
from monazite.vocab import load_vocabulary
from tests.fixtures.analytics.kb import add_document, event, fact, sync_vocab, text, write

BALANCE_T = 0.01  # rounding of reported tonnes to 3 decimals
DY_TB_REFINING = Restriction("China", ("dysprosium", "terbium"), "refining", 1.0)
# 2024 Dy oxide mined, by hand from USGS tonnes x assumed ore composition (scenario_assumptions.yaml):
# China 270,000 x (7.51% x 3.4% + 92.49% x 0.1%) = 939.14; Burma 31,000 x 3.4% = 1,054;
# US 45,000 x 0.03% = 13.5; the rest 47,950 x 0.2% (monazite) = 95.9 -> 2,102.54 t
DY_MINED_2024 = 939.141 + 1_054 + 13.5 + 95.9


def _balanced(result) -> None:
    for s in result.stages:
        assert s["after_t"] == pytest.approx(s["before_t"] - s["restricted_t"] + s["substitutes_t"], abs=BALANCE_T)
        assert s["restricted_t"] == pytest.approx(s["withheld_t"] + s["knock_on_t"], abs=BALANCE_T)
        assert s["after_t"] == pytest.approx(sum(c["after_t"] for c in s["by_country"]), abs=BALANCE_T)


def test_dy_tb_refining_example_yields_a_shortfall_table_and_a_chart(tmp_path: Path) -> None:
    result = run_scenario([DY_TB_REFINING], 2024)
    d = result.to_dict()
    rows = {(s["stage"], s["element"]): s for s in d["shortfall"]}
    stages, elements = ("mining", "refining", "metal", "magnet"), ("dysprosium", "terbium")
    assert set(rows) == {(st, el) for st in stages for el in elements}
    assert rows[("mining", "dysprosium")]["before_t"] == pytest.approx(DY_MINED_2024, abs=0.5)
    assert rows[("mining", "dysprosium")]["shortfall_t"] == 0  # ore is still mined
    for stage in ("refining", "metal", "magnet"):  # all separated Dy/Tb was Chinese in 2024 (labelled assumption)
        assert rows[(stage, "dysprosium")]["shortfall_pct"] == 100.0
    _balanced(result)
    assert {s["sector"] for s in d["sectors_exposed"]} >= {"ev_motors", "wind_turbines", "defense"}
    assert d["assumptions_labelled"] > 0 and all(i["sources"] for i in d["inputs"])
    [mp_dy] = [p for p in d["announced_capacity"] if p["element"] == "dysprosium"]
    assert mp_dy["counted"] and mp_dy["source"]["row"] == 49
    cover = {(c["stage"], c["element"]): c for c in d["announced_cover"]}
    assert 0 < cover[("magnet", "dysprosium")]["covered_t"] <= 200
    chart = plot_scenario(result, tmp_path / "dy_tb.png")
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_no_restriction_means_no_shortfall() -> None:
    result = run_scenario([], 2024)
    assert {s["element"] for s in result.shortfall} == {"neodymium", "praseodymium", "dysprosium", "terbium"}
    assert all(s["shortfall_t"] == 0 and s["before_t"] == s["after_t"] for s in result.shortfall)
    assert result.cover == [] and result.sectors == []
    _balanced(result)


def test_partial_restriction_with_an_addition_balances_with_substitutes() -> None:
    half = Restriction("China", ("dysprosium",), "refining", 0.5)
    result = run_scenario([half], 2024, [CapacityAddition("United States", "refining", "dysprosium", 300)])
    refining = next(s for s in result.stages if s["stage"] == "refining")
    assert refining["withheld_t"] == pytest.approx(refining["before_t"] / 2, abs=BALANCE_T)
    assert refining["substitutes_t"] == pytest.approx(300, abs=BALANCE_T)
    assert refining["after_t"] == pytest.approx(refining["before_t"] / 2 + 300, abs=BALANCE_T)
    us = next(c for c in refining["by_country"] if c["country_id"] == "united-states")
    assert us["before_t"] == 0 and us["after_t"] == pytest.approx(300)
    _balanced(result)


def test_restriction_downstream_leaves_upstream_whole() -> None:
    result = run_scenario([Restriction("China", ("neodymium",), "magnet", 1.0)], 2024, sectors={})
    rows = {s["stage"]: s for s in result.stages}
    assert rows["mining"]["shortfall_t"] == rows["refining"]["shortfall_t"] == 0
    # China made 94 % of magnets (IEA, nearest year 2025): the rest of the world keeps 6 %.
    assert rows["magnet"]["after_t"] == pytest.approx(rows["magnet"]["before_t"] * 0.06, rel=1e-6)
    _balanced(result)


def test_extracted_capacity_project_counts_as_cover(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    body = text("us_heavy_separation.txt")
    with engine.begin() as conn:
        sync_vocab(conn, ["mp-materials", "china-northern-rare-earth", "energy-fuels", "dysprosium"])
        doc = add_document(conn, body, published="2025-07-20")
        write(conn, doc, facts=[
            fact(doc, body, "100 tons", "mp-materials", "capacity", 100, "t/yr", stage="refining",
                 material="dysprosium", basis="oxide"),
            fact(doc, body, "3000-ton", "china-northern-rare-earth", "capacity", 3000, "t", stage="refining")],
            events=[event(doc, body, "3000-ton", "capacity_expansion", actors=["china-northern-rare-earth"],
                          attributes={"capacity": 3000, "unit": "t"}),  # same sentence as a fact: skipped
                    event(doc, body, "plans to process", "capacity_expansion", actors=["energy-fuels"],
                          attributes={"capacity": 60000, "unit": "t/yr", "basis": "concentrate"})])
    result = run_scenario([DY_TB_REFINING], 2024, engine=engine)
    extracted = [p for p in result.announced if "document_id" in p["source"]]
    mp = next(p for p in extracted if p["label"].startswith("MP Materials"))
    assert mp["counted"] and mp["tonnes"] == 100 and mp["source"]["quote"].startswith("MP Materials said")
    cnre = [p for p in extracted if "China Northern" in p["label"]]
    assert cnre and not any(p["counted"] for p in cnre)  # in the restricting country
    assert len({p["source"]["start"] for p in cnre}) == 1  # the event repeats the fact: one project
    assert {p["element"] for p in cnre} == {"dysprosium", "terbium"}  # REO tonnage split by composition
    [energy_fuels] = [p for p in extracted if p["label"].startswith("Energy Fuels")]
    assert not energy_fuels["counted"] and energy_fuels["reason"] == "stage not stated"
    cover = next(c for c in result.cover if (c["stage"], c["element"]) == ("refining", "dysprosium"))
    assert cover["covered_t"] == pytest.approx(100 + 200 * 0.7667, abs=1.0)  # MP news + MP reference split


def test_parse_scenario_syntax() -> None:
    vocab = load_vocabulary()
    r = parse_restriction("China:Dy,Tb:refining:1.0", vocab)
    assert r == Restriction("China", ("dysprosium", "terbium"), "refining", 1.0)
    assert parse_restriction("Burma:dysprosium:0.5", vocab).stage is None
    a = parse_addition("United States:separation:Dy:1,500", vocab)
    assert a == CapacityAddition("United States", "refining", "dysprosium", 1500.0)
    for bad, message in (("China", "expected COUNTRY:ELEMENTS"), ("China:Dy:refining:1.5", "must be in"),
                         ("Atlantis:Dy", "not a known country"), ("China:Dy:smelting", "unknown stage"),
                         ("China:Gold", "not a rare-earth element")):
        with pytest.raises(AnalysisError, match=message):
            parse_restriction(bad, vocab)
    with pytest.raises(AnalysisError, match="tonnes"):
        parse_addition("United States:refining:Dy:lots", vocab)


def test_element_without_composition_is_refused() -> None:
    with pytest.raises(AnalysisError, match="no ore-composition assumption for holmium"):
        run_scenario([Restriction("China", ("holmium",))], 2024, sectors={})


def test_vocabulary_names_are_accepted_for_countries_and_elements() -> None:
    by_symbol = run_scenario([Restriction("China", ("Dy", "Tb"), "refining")], 2024, sectors={})
    by_id = run_scenario([DY_TB_REFINING], 2024, sectors={})
    assert by_symbol.shortfall == by_id.shortfall
    us = run_scenario([Restriction("US", ("Dy",), "mining")], 2024, sectors={})
    mining = next(s for s in us.stages if s["stage"] == "mining")
    assert mining["shortfall_t"] == pytest.approx(13.5, abs=0.01)  # 45,000 t x 0.03 % Dy (assumed ore)
