"""Acceptance: the seed articles' claims about China's shares, checked against reference figures.

The seeds are ingested from ../shared/seeds through the real pipeline into a temporary
SQLite store; ``check_claims`` must find the mining and refining claims and judge them
against USGS (mining, 2024) and IEA (refining, 2023) with both sources shown.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monazite.analyze.claims.checks import check_claims
from monazite.pipeline.local import run_ingest
from monazite.settings import Settings
from monazite.store.engine import open_store


@pytest.fixture(scope="module")
def seed_checks(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path):
    db = tmp_path_factory.mktemp("seedchecks") / "kb.db"
    settings = Settings(db=f"sqlite:///{db}", semantic_search=False)
    run_ingest([str(seeds_dir)], settings, recursive=True, progress=False)
    return check_claims(open_store(settings.db), settings)


def _find(checks, stage: str, qualifier: str, value: float):
    return [c for c in checks if c.subject == "china" and c.stage == stage
            and c.claim["qualifier"] == qualifier and c.claim["value"] == value]


def test_china_mining_over_60_is_consistent_with_usgs_2024(seed_checks) -> None:
    found = _find(seed_checks, "mining", "over", 60)
    assert found, [c.explanation for c in seed_checks]
    for c in found:
        assert c.verdict == "consistent"
        assert c.reference["value"] == pytest.approx(69.23) and c.reference["year"] == 2024
        assert c.reference["url"].endswith("mcs2025-rare-earths.pdf")
        assert c.document["id"].startswith("doc_") and "60%" in c.document["quote"]


def test_china_refining_more_than_85_is_consistent_with_iea_2023(seed_checks) -> None:
    found = _find(seed_checks, "refining", "more than", 85)
    assert found, [c.explanation for c in seed_checks]
    for c in found:
        assert c.verdict == "consistent"
        assert c.reference["value"] == 92.0 and c.reference["year"] == 2023
        assert "IEA" in c.reference["note"] and "85%" in c.document["quote"]


def test_refining_over_80_from_the_2025_article_is_consistent(seed_checks) -> None:
    found = _find(seed_checks, "refining", "over", 80)
    assert found and all(c.verdict == "consistent" for c in found)
    assert all(c.claim["year_from"] == "document publication date" for c in found)


def test_every_verdict_names_both_sources(seed_checks) -> None:
    assert seed_checks
    for c in seed_checks:
        assert c.verdict in ("consistent", "inconsistent", "no-reference")
        assert c.document["quote"] and c.document["end"] > c.document["start"]
        if c.verdict != "no-reference":
            assert c.reference["dataset"] and c.reference["url"].startswith("https://")
