"""Dossiers built from a small knowledge base written the way ingest writes it."""

from __future__ import annotations

import pytest

from monazite.analyze.claims.dossier import build_dossier
from monazite.errors import NotFound
from monazite.model import Mention
from monazite.settings import Settings
from monazite.store.engine import open_store
from tests.fixtures.knowledge.builders import EXTRACTOR, add_document, event, fact, seed_entities, write

EXPORTS = ("According to company disclosures in Baogang Daily, CNRE accounted for nearly a quarter (24.5%) of "
           "China's total rare earth exports in 2024.")
PROJECT = ("CNRE is rolling out an 8000-ton rare earth metal expansion whose second phase launched in February 2025. "
           "Baogang Group reported revenue growth of over 15% in the first quarter.")
LATER = "Plant records show CNRE produced 7,600 tonnes of rare earth metal in 2026."


def _mention(text: str, surface: str, eid: str) -> Mention:
    start = text.index(surface)
    return Mention(surface, start, start + len(surface), eid, "company", EXTRACTOR)


@pytest.fixture
def engine(sqlite_url: str):
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        d1 = add_document(conn, EXPORTS, source="Rare Earth Wire", published="2025-03-01", title="Record exports")
        d2 = add_document(conn, PROJECT, source="Metals Weekly", published="2025-03-10", title="Expansion")
        d3 = add_document(conn, LATER, source="Plant Monitor", published="2027-01-05", title="Output")
        write(conn, d1, [fact(d1, EXPORTS, "24.5%", "china-northern-rare-earth", "export_share", 24.5, "%",
                              qualifier="nearly", period="2024")],
              mentions=[_mention(EXPORTS, "CNRE", "china-northern-rare-earth")])
        write(conn, d2, [fact(d2, PROJECT, "8000-ton", "china-northern-rare-earth", "capacity", 8000, "t",
                              material="rare-earth-metal"),
                         fact(d2, PROJECT, "15%", "baogang-group", "revenue_growth", 15, "%", qualifier="over",
                              period="2025-Q1")],
              events=[event(d2, PROJECT, "second phase launched", "capacity_expansion",
                            ["china-northern-rare-earth"], date="2025-02", attributes={"phase": "second"})],
              mentions=[_mention(PROJECT, "CNRE", "china-northern-rare-earth"),
                        _mention(PROJECT, "Baogang Group", "baogang-group")])
        write(conn, d3, [fact(d3, LATER, "7,600 tonnes", "china-northern-rare-earth", "production", 7600, "t",
                              material="rare-earth-metal", period="2026")],
              mentions=[_mention(LATER, "CNRE", "china-northern-rare-earth")])
    return engine


def _dossier(engine, name: str, **kw):
    with engine.connect() as conn:
        return build_dossier(conn, name, settings=Settings(), metrics={}, **kw).to_dict()


def test_identity_with_parent_aliases_and_ticker(engine) -> None:
    ident = _dossier(engine, "600111.SS")["identity"]
    assert ident["id"] == "china-northern-rare-earth"
    assert ident["parent"] == {"id": "baogang-group", "name": "Baogang Group"}
    assert "CNRE" in ident["aliases"] and ident["tickers"] == ["600111.SS"]
    assert ident["country"]["name"] == "China"
    parent = _dossier(engine, "Baogang")["identity"]
    assert parent["subsidiaries"] == [{"id": "china-northern-rare-earth", "name": "China Northern Rare Earth"}]


def test_latest_figures_cite_sources_and_status(engine) -> None:
    metrics = {m["metric"]: m for m in _dossier(engine, "CNRE")["metrics"]}
    share = metrics["export_share"]["latest"]
    assert (share["value"], share["period"], share["status"]) == (24.5, "2024", "company-only")
    cited = share["facts"][0]
    assert cited["quote"].startswith("According to company disclosures") and cited["span"]["start"] > 0
    assert metrics["production"]["latest"]["value"] == 7600


def test_projects_set_claimed_capacity_beside_later_production(engine) -> None:
    [project] = _dossier(engine, "CNRE")["projects"]
    assert project["capacity"] == 8000 and project["phase"] == "second" and project["date"] == "2025-02"
    assert project["status"] == "under construction"
    assert project["reported_later"][0]["value"] == 7600
    assert project["sources"][0]["document_id"]


def test_parent_figures_events_mentions_and_documents(engine) -> None:
    d = _dossier(engine, "CNRE")
    [parent] = d["related"]
    assert parent["relation"] == "parent" and parent["entity"] == "baogang-group"
    revenue = parent["metrics"][0]["latest"]
    assert (revenue["metric"], revenue["value"], revenue["status"]) == ("revenue_growth", 15, "company-only")
    assert [e["type"] for e in d["events"]] == ["capacity_expansion"]
    assert d["mention_volume"] == [{"month": "2025-03", "mentions": 2}, {"month": "2027-01", "mentions": 1}]
    assert len(d["documents"]) == 3 and d["documents"][0]["mentions"] == 1
    assert _dossier(engine, "CNRE", include_related=False)["related"] == []


def test_markdown_and_unknown_names(engine) -> None:
    with engine.connect() as conn:
        text = build_dossier(conn, "CNRE", settings=Settings(), metrics={}).to_markdown()
        assert text.startswith("# China Northern Rare Earth")
        assert "## Figures of parent Baogang Group" in text and "8,000 t" in text
        with pytest.raises(NotFound):
            build_dossier(conn, "Atlantis Rare Earths", settings=Settings(), metrics={})


def test_element_dossier_groups_unstated_material_figures_like_kb_claims(sqlite_url: str) -> None:
    """'China refines over 90% of dysprosium' and 'China refines 92%' (no material named) are one claim."""
    engine = open_store(sqlite_url)
    named = "Analysts said China refines over 90% of dysprosium in 2024."
    bare = "A second report said China refines 92% in 2024."
    with engine.begin() as conn:
        seed_entities(conn)
        d1 = add_document(conn, named, source="Oxide Desk", published="2025-01-10")
        d2 = add_document(conn, bare, source="Refining Monitor", published="2025-01-12")
        write(conn, d1, [fact(d1, named, "90%", "china", "market_share", 90, "%", qualifier="over",
                              period="2024", stage="refining", material="dysprosium")])
        write(conn, d2, [fact(d2, bare, "92%", "china", "market_share", 92, "%", period="2024", stage="refining")])
    [section] = _dossier(engine, "dysprosium")["metrics"]
    latest = section["latest"]
    assert (latest["status"], sorted(f["value"] for f in latest["facts"])) == ("corroborated", [90, 92])
    engine.dispose()
