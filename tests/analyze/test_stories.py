"""Story clustering over articles the real pipeline ingested: one story per happening, whatever the wording."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from monazite.analyze.stories import StoryDocument, StoryEvent, cluster_stories, event_affinity
from monazite.analyze.story_store import load_story_documents, stories_for
from monazite.pipeline import run_ingest
from monazite.settings import Settings, load_settings
from monazite.store.engine import open_store
from monazite.store.schema import documents

STORIES = Path(__file__).resolve().parents[1] / "fixtures" / "stories"


@pytest.fixture(scope="module")
def stories_kb(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Settings, dict]:
    db = f"sqlite:///{tmp_path_factory.mktemp('stories') / 'kb.db'}"
    settings = load_settings(env={}, db=db, semantic_search=False)
    path = STORIES / "articles.jsonl"
    assert run_ingest([str(path)], settings, progress=False).ok
    gold = {r["url"]: r["story"] for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    return db, settings, gold


def _stories(kb: tuple[str, Settings, dict], undated: bool = False) -> tuple[list[list[str]], dict[str, str]]:
    db, settings, gold = kb
    engine = open_store(db)
    try:
        with engine.connect() as conn:
            origin = dict(conn.execute(sa.select(documents.c.id, documents.c.origin)).all())
            docs = load_story_documents(conn, settings, sorted(origin))
            found = stories_for(conn, settings, sorted(origin))
    finally:
        engine.dispose()
    if undated:
        found = cluster_stories([dataclasses.replace(d, published=None) for d in docs])
    return [sorted(gold[origin[i]] for i in s.document_ids) for s in found], {i: gold[origin[i]] for i in origin}


@pytest.mark.parametrize("undated", [False, True], ids=["published", "one-window"])
def test_write_ups_of_one_event_are_one_story_and_unrelated_articles_stay_apart(stories_kb, undated: bool) -> None:
    stories, gold = _stories(stories_kb, undated)
    # every story is one gold story, and every gold story is one story
    assert all(len(set(labels)) == 1 for labels in stories), stories
    assert sorted(labels[0] for labels in stories) == sorted(set(gold.values()))
    sizes = {labels[0]: len(labels) for labels in stories}
    assert sizes["china-controls-2025-04"] == 3 and sizes["mp-dod-2025-07"] == 3
    assert sizes["neo-narva-2025-09"] == 2  # two outlets, different words: one story with two sources
    assert sizes["vietnam-raw-ban"] == 1 and sizes["lynas-texas-doubt"] == 1


def test_a_story_lists_its_articles_earliest_first_with_a_content_id(stories_kb) -> None:
    db, settings, _ = stories_kb
    engine = open_store(db)
    try:
        with engine.connect() as conn:
            ids = sorted(conn.execute(sa.select(documents.c.id)).scalars())
            first, again = stories_for(conn, settings, ids), stories_for(conn, settings, list(reversed(ids)))
            published = dict(conn.execute(sa.select(documents.c.id, documents.c.published)).all())
    finally:
        engine.dispose()
    assert [s.id for s in first] == [s.id for s in again]  # order of input does not matter
    for story in first:
        dates = [published[i] for i in story.document_ids]
        assert dates == sorted(dates)


def _doc(i: str, date: str | None, actors: set[str], materials: set[str] = frozenset()) -> StoryDocument:
    return StoryDocument(i, f"title {i}", "", events=(StoryEvent("export_control", date, frozenset(actors),
                                                                  frozenset(materials)),))


def test_event_dates_that_disagree_keep_two_happenings_apart() -> None:
    april, october = _doc("a", "2025-04-04", {"china"}), _doc("b", "2025-10-09", {"china"})
    assert event_affinity(april, october) < 0
    assert event_affinity(april, _doc("c", "2025-04", {"china"})) == 1.0
    assert event_affinity(april, _doc("d", None, {"vietnam"}, {"rare-earths"})) == 0.0  # other actor
    assert cluster_stories([]) == []
    assert len(cluster_stories([april, october])) == 2


def test_every_text_method_runs_without_vectors(stories_kb) -> None:
    db, settings, _ = stories_kb
    engine = open_store(db)
    try:
        with engine.connect() as conn:
            docs = load_story_documents(conn, settings, sorted(conn.execute(sa.select(documents.c.id)).scalars()))
    finally:
        engine.dispose()
    assert all(d.vector is None for d in docs)  # semantic search off: nothing stored
    counts = {m: len(cluster_stories(docs, m)) for m in ("tfidf", "words")}
    assert counts == {"tfidf": 13, "words": 13}
    with pytest.raises(ValueError, match="unknown similarity method"):
        cluster_stories(docs, "telepathy")
