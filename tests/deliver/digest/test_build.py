"""The digest's content over articles the real pipeline ingested: stories with all their sources,
the sections, every figure with its source, provenance and corroboration status."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from monazite.analyze.claims.build import CLAIM_STATUSES
from monazite.settings import Settings
from monazite.store.engine import open_store
from monazite.store.schema import documents


def _story(digest: dict[str, Any], headline_start: str) -> dict[str, Any]:
    [story] = [s for s in digest["stories"] if s["headline"].startswith(headline_start)]
    return story


def test_two_outlets_write_ups_of_one_event_are_one_story_with_both_sources(digest: dict[str, Any]) -> None:
    neo = _story(digest, "Neo opens Europe's largest")  # the earlier of the two write-ups gives the headline
    assert [(s["source"], s["published"]) for s in neo["sources"]] == [
        ("Baltic Industry Post", "2025-09-19"), ("Continental Industry Review", "2025-09-22")]
    assert all(s["url"].startswith("https://") for s in neo["sources"])
    april = _story(digest, "China restricts exports of seven heavy rare earths")
    assert len(april["sources"]) == 3
    assert {e["type"] for e in april["events"]} >= {"export_control"}
    october = _story(digest, "China widens rare earth controls")
    assert october["id"] != april["id"] and len(october["sources"]) == 2
    assert len(digest["stories"]) == 13 + 3  # 13 fixture stories, the two refining reports, the hostile record
    assert sum(len(s["sources"]) for s in digest["stories"]) == len(digest["documents"])


def test_sections(digest: dict[str, Any]) -> None:
    sections = digest["sections"]
    by_id = {s["id"]: s for s in digest["stories"]}
    placed = [i for ids in sections.values() for i in ids]
    assert sorted(placed) == sorted(by_id)  # each story in exactly one section
    top = [by_id[i] for i in sections["top_stories"]]
    assert len(top) == 5 and len(top[0]["sources"]) == 3  # most outlets first
    assert "China restricts exports of seven heavy rare earths" in {s["headline"] for s in top}
    policy = {by_id[i]["headline"] for i in sections["export_controls"]}
    assert "Vietnam bans exports of unprocessed rare earths" in policy
    assert all("export_controls" in by_id[i]["topics"] for i in sections["export_controls"])
    capacity = {by_id[i]["headline"] for i in sections["capacity"]}
    assert "USA Rare Earth commissions first magnet line in Oklahoma" in capacity
    assert "NdPr oxide price climbs to a two-year high in China" in {by_id[i]["headline"] for i in sections["other"]}
    assert {c["subject_id"] for c in digest["companies"]} >= {"mp-materials", "iluka-resources"}
    [conflict] = digest["conflicts"]
    assert (conflict["subject_id"], conflict["metric"]) == ("china", "market_share")
    assert {h["watchlist"] for h in digest["watch_hits"]} == {"controls"}


def test_every_figure_has_its_source_provenance_and_status(digest: dict[str, Any],
                                                            digest_kb: tuple[str, Settings, dt.date]) -> None:
    engine = open_store(digest_kb[0])
    with engine.connect() as conn:
        texts = dict(conn.execute(sa.select(documents.c.id, documents.c.text)).all())
    engine.dispose()
    figures = [f for s in digest["stories"] for f in s["figures"]] + [f for c in digest["companies"]
                                                                       for f in c["figures"]]
    assert len(figures) > 20
    for f in figures:
        doc_id, span = f["provenance"].split("@")
        start, end = (int(x) for x in span.split("-"))
        assert doc_id == f["document_id"] and texts[doc_id][start:end] in f["quote"]
        assert f["source"] and f["source"] != "unknown"
        assert f["status"] in CLAIM_STATUSES
    iluka = next(c for c in digest["companies"] if c["subject_id"] == "iluka-resources")
    loans = [f for f in iluka["figures"] if f["value"] == 1.65e9]
    assert {f["source"] for f in loans} == {"Southern Cross Mining News", "Perth Resources Daily"}
    assert {(f["status"], f["independent_sources"]) for f in loans} == {("corroborated", 2)}
