"""Dated export-control measures: the reference list with confirmed extracted events folded in,
on a real SQLite store."""

from __future__ import annotations

import pytest

from monazite.analyze.market.controls import dated_controls, dates_agree
from monazite.settings import Settings
from monazite.store.engine import open_store
from monazite.store.reviews import record_review
from tests.fixtures.analytics.kb import add_document, event, sync_vocab, write

APRIL = "In April 2025 China imposed export licensing on dysprosium and terbium."
DECEMBER = "From December 1, 2025, overseas firms need a MOFCOM licence to export items containing Chinese rare earths."
MENTION = "Analysts said export controls weigh on magnet makers."
YEAR_ONLY = "Shares rose in 2025 as export controls bit."
UNSURE = "On March 3, 2026 China banned exports of yttrium."


@pytest.mark.parametrize("reference, reported, agree", [
    ("2025-04-04", "2025-04", True), ("2025-04-04", "2025-04-04", True), ("2025-04", "2025-04-09", True),
    ("2010", "2010", True), ("2025-04-04", "2025", False), ("2025-10-09", "2025-11", False),
    ("2025-04-04", "2025-Q2", False), ("2025-04-04", "--04-04", False),
])
def test_dates_agree_only_to_the_month_or_exactly(reference: str, reported: str, agree: bool) -> None:
    assert dates_agree(reference, reported) is agree


def test_measures_are_dated_and_sourced(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        sync_vocab(conn, ["china", "mofcom", "dysprosium", "terbium", "rare-earths", "yttrium"])
        docs = {}
        for name, body, published in (("april", APRIL, "2025-05-02"), ("december", DECEMBER, "2025-10-12"),
                                      ("mention", MENTION, "2025-09-01"), ("year", YEAR_ONLY, "2025-09-02"),
                                      ("unsure", UNSURE, "2026-03-04")):
            docs[name] = add_document(conn, body, published=published, title=name)
        write(conn, docs["april"], events=[event(docs["april"], APRIL, "export licensing", "export_control",
                                                 actors=["china"], materials=["dysprosium", "terbium"],
                                                 date="2025-04", confidence=0.9)])
        write(conn, docs["december"], events=[event(docs["december"], DECEMBER, "licence", "export_control",
                                                    actors=["mofcom", "china"], materials=["rare-earths"],
                                                    date="2025-12-01", confidence=0.8)])
        write(conn, docs["mention"], events=[event(docs["mention"], MENTION, "export controls", "export_control",
                                                   actors=["china"], confidence=0.95)])
        write(conn, docs["year"], events=[event(docs["year"], YEAR_ONLY, "export controls", "export_control",
                                                actors=["china"], date="2025", confidence=0.95)])
        write(conn, docs["unsure"], events=[event(docs["unsure"], UNSURE, "banned exports", "export_control",
                                                  actors=["china"], materials=["yttrium"], date="2026-03-03",
                                                  confidence=0.3)])
    settings = Settings(db=sqlite_url, event_confidence_threshold=0.5)
    measures = dated_controls(engine, settings)

    assert all(m.date for m in measures)
    assert [m.date for m in measures] == sorted((m.date for m in measures), reverse=True)
    quoted = {r["document_id"] for m in measures for r in m.reports} | {m.source.get("document_id") for m in measures}
    assert docs["mention"] not in quoted and docs["year"] not in quoted  # undated or year-only: a mention
    assert docs["unsure"] not in quoted  # below the event-confidence threshold

    no18 = next(m for m in measures if m.date == "2025-04-04")
    assert no18.origin == "reference" and no18.source["dataset"] == "export-controls"
    assert no18.source["url"].startswith("https://") and no18.imposed_by == "China"
    assert "dysprosium" in no18.materials
    assert [r["document_id"] for r in no18.reports] == [docs["april"]]
    assert no18.reports[0]["quote"] == APRIL

    [december] = [m for m in measures if m.origin == "extracted"]
    assert december.date == "2025-12-01" and december.source["document_id"] == docs["december"]
    assert DECEMBER[december.source["start"]:december.source["end"]] == "licence"
    assert december.imposed_by == "Ministry of Commerce of China (China)"
    assert december.materials == "Rare earths"

    kinds = {m.kind for m in measures}
    assert kinds <= {"export_control", "technology_control", "suspension"}  # no tariffs or production quotas
    assert not any(m.date == "2024-02-06" for m in measures)  # the 2024 quota: "not an export control"


def test_threshold_is_the_setting(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        sync_vocab(conn, ["china", "yttrium"])
        doc = add_document(conn, UNSURE, published="2026-03-04")
        write(conn, doc, events=[event(doc, UNSURE, "banned exports", "export_control", actors=["china"],
                                       materials=["yttrium"], date="2026-03-03", confidence=0.3)])
    assert not [m for m in dated_controls(engine, Settings(db=sqlite_url)) if m.origin == "extracted"]
    [m] = [m for m in dated_controls(engine, Settings(db=sqlite_url, event_confidence_threshold=0.2))
           if m.origin == "extracted"]
    assert m.date == "2026-03-03" and m.source["confidence"] == pytest.approx(0.3)


def test_analysts_decisions_overrule_confidence(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        sync_vocab(conn, ["china", "mofcom", "rare-earths", "yttrium"])
        low_doc = add_document(conn, UNSURE, published="2026-03-04")
        low = event(low_doc, UNSURE, "banned exports", "export_control", actors=["china"], materials=["yttrium"],
                    date="2026-03-03", confidence=0.3)
        high_doc = add_document(conn, DECEMBER, published="2025-10-12")
        high = event(high_doc, DECEMBER, "licence", "export_control", actors=["mofcom", "china"],
                     materials=["rare-earths"], date="2025-12-01", confidence=0.9)
        write(conn, low_doc, events=[low])
        write(conn, high_doc, events=[high])
        record_review(conn, low.id, "accept", reviewer="ana")
        record_review(conn, high.id, "reject", reviewer="ana", note="not a new measure")
    extracted = [m for m in dated_controls(engine, Settings(db=sqlite_url)) if m.origin == "extracted"]
    assert [m.source["event_id"] for m in extracted] == [low.id]
