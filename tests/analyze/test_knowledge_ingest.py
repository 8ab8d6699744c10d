"""Knowledge end to end: articles we wrote, ingested by the real pipeline, judged as claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from monazite import KnowledgeBase
from monazite.pipeline.local import run_ingest
from monazite.settings import Settings


@pytest.fixture
def articles(fixtures_dir: Path) -> Path:
    return fixtures_dir / "knowledge" / "articles"


def _ingest(db: str, *paths: Path, source: str | None = None) -> None:
    report = run_ingest([str(p) for p in paths], Settings(db=db, semantic_search=False), source=source,
                        progress=False)
    assert not [o for o in report.outcomes if o.status == "failed"], report.outcomes


def test_conflict_between_two_independent_sources_is_reported_with_both(sqlite_url: str, articles: Path) -> None:
    _ingest(sqlite_url, articles / "mining_share_low.txt", source="Metals Desk")
    _ingest(sqlite_url, articles / "mining_share_high.txt", source="Critical Minerals Monitor")
    with KnowledgeBase(sqlite_url) as kb:
        [claim] = kb.claims(entity="China", metric="market_share", status="conflicting")
        assert (claim.stage, claim.period) == ("mining", "2024")
        sides = claim.to_dict()["sides"]
        assert sorted((s["facts"][0]["value"], s["sources"][0]) for s in sides) == [
            (60, "Metals Desk"), (69, "Critical Minerals Monitor")]
        assert all("of global rare earth mining" in s["facts"][0]["quote"] for s in sides)


def test_resyndicated_copy_does_not_corroborate(sqlite_url: str, articles: Path) -> None:
    _ingest(sqlite_url, articles / "mp_output.txt", source="Rare Metals Ledger")
    _ingest(sqlite_url, articles / "mp_output_syndicated.txt", source="Mining Newswire")
    with KnowledgeBase(sqlite_url) as kb:
        [claim] = kb.claims(entity="MP Materials", metric="production")
        assert claim.status == "single-source" and claim.value == 45455
        _ingest(sqlite_url, articles / "mp_output_rewrite.txt", source="Desert Resources Digest")
        [claim] = kb.claims(entity="MP Materials", metric="production")
        assert len(claim.documents) == 2 and claim.independent_sources == 1
        assert claim.status == "single-source"  # the same sentence copied is still one source


def test_analyst_merge_survives_re_ingest(sqlite_url: str, articles: Path) -> None:
    _ingest(sqlite_url, articles / "steel_union.txt")
    with KnowledgeBase(sqlite_url) as kb:
        assert kb.graph().has_edge("baotou-rare-earth-research-institute", "inner-mongolia-baotou-steel-union",
                                   key="partner")
        kb.merge("Baogang Group", "Inner Mongolia Baotou Steel Union")
        _ingest(sqlite_url, articles / "steel_union_followup.txt")  # vocabulary sync and a new extraction
        assert kb.entity("Inner Mongolia Baotou Steel Union").id == "baogang-group"
        assert kb.entity("Baotou Steel Union").id == "baogang-group"
        assert "inner-mongolia-baotou-steel-union" not in set(kb.entities()["id"])
        events = kb.events(type="partnership", entity="Baogang")
        assert len(events) == 2 and all("baogang-group" in a for a in events["actors"])
        graph = kb.graph()
        assert graph.has_edge("baogang-group", "baotou-rare-earth-research-institute", key="partner")
        assert "inner-mongolia-baotou-steel-union" not in graph
        assert kb.dossier("Baogang").to_dict()["identity"]["merged"] == ["inner-mongolia-baotou-steel-union"]


def test_analyst_alias_serves_later_documents(sqlite_url: str, tmp_path: Path, articles: Path) -> None:
    article = tmp_path / "nickname.txt"
    article.write_text("Northern RE Co plans a magnet line\n\nMetal Notes, 4 April 2025\n\n"
                       "Northern RE Co said it will add a 6,000-ton NdFeB magnet production line in Baotou.\n",
                       encoding="utf-8")
    _ingest(sqlite_url, articles / "mp_output.txt")  # the first ingest brings the vocabulary's entities
    with KnowledgeBase(sqlite_url) as kb:
        kb.add_alias("China Northern Rare Earth", "Northern RE Co")
        _ingest(sqlite_url, article)
        facts = kb.facts(entity="CNRE", metric="capacity")
        assert facts["value"].tolist() == [6000]
        mentions = kb.dossier("CNRE").to_dict()["documents"]
        assert mentions and mentions[0]["mentions"] >= 2
