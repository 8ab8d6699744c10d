"""Extracted share claims against reference figures: consistent, inconsistent, no-reference."""

from __future__ import annotations

import pytest

from monazite.analyze.claims.checks import check_claims
from monazite.settings import Settings
from monazite.store.engine import open_store
from tests.fixtures.analytics.kb import add_document, fact, sync_vocab, text, write


def _store(url: str, published: str | None = None):
    engine = open_store(url)
    body = text("china_shares.txt")
    with engine.begin() as conn:
        sync_vocab(conn, ["china", "malaysia"])
        doc = add_document(conn, body, published=published)
        write(conn, doc, facts=[
            fact(doc, body, "over 60%", "china", "market_share", 60, "%", qualifier="over", stage="mining"),
            fact(doc, body, "more than 85%", "china", "market_share", 85, "%", qualifier="more than",
                 stage="refining"),
            fact(doc, body, "about 90%", "china", "market_share", 90, "%", qualifier="about", stage="metal"),
            fact(doc, body, "30%", "malaysia", "market_share", 30, "%", stage="magnet"),
        ])
    return engine, doc


def test_seed_style_claims_are_checked_against_usgs_and_iea(store_url: str) -> None:
    engine, doc = _store(store_url)
    checks = {(c.subject, c.stage): c for c in check_claims(engine, Settings())}
    mining = checks[("china", "mining")]
    # USGS MCS 2025: 270,000 / 390,000 = 69.23 % >= "over 60%"
    assert mining.verdict == "consistent"
    assert mining.reference["value"] == pytest.approx(69.23) and mining.reference["year"] == 2024
    assert mining.reference["url"].endswith("mcs2025-rare-earths.pdf")
    assert "latest reference year (2024)" in mining.reference["year_note"]
    assert mining.document["id"] == doc and "over 60%" in mining.document["quote"]
    refining = checks[("china", "refining")]
    assert refining.verdict == "consistent"  # IEA 92 % (2023) satisfies "more than 85%"
    assert refining.reference["value"] == 92.0 and refining.reference["year"] == 2023
    assert checks[("china", "metal")].verdict == "no-reference"
    assert "metal" in checks[("china", "metal")].explanation
    magnet = checks[("malaysia", "magnet")]
    assert magnet.verdict == "no-reference" and "lists no share for Malaysia" in magnet.explanation


def test_publication_year_selects_the_reference_year_and_verdict_can_fail(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    body = text("china_shares.txt")
    with engine.begin() as conn:
        sync_vocab(conn, ["china"])
        doc = add_document(conn, body, published="2023-06-01")
        write(conn, doc, facts=[fact(doc, body, "over 60%", "china", "market_share", 95, "%", qualifier="over",
                                     stage="mining", period="2023")])
    [check] = check_claims(engine, Settings())
    # USGS MCS 2025 for 2023: 255,000 / 376,000 = 67.82 %, below "over 95%".
    assert check.verdict == "inconsistent" and check.reference["year"] == 2023
    assert check.claim["year_from"] == "fact period"
    assert check.reference["value"] == pytest.approx(67.82)


def test_tolerance_comes_from_settings(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    body = text("china_shares.txt")
    with engine.begin() as conn:
        sync_vocab(conn, ["china"])
        doc = add_document(conn, body)
        write(conn, doc, facts=[fact(doc, body, "about 90%", "china", "market_share", 80, "%", stage="refining")])
    assert check_claims(engine, Settings())[0].verdict == "inconsistent"  # |80 - 92| > 5
    assert check_claims(engine, Settings(share_tolerance_pct=15))[0].verdict == "consistent"
