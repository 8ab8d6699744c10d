"""Full text at scale: an unfiltered SQLite query scores at most FTS_CANDIDATES matches, the
most recently stored, so a word in a third of the corpus costs the same at any size."""

from __future__ import annotations

import datetime as dt

import pytest

from monazite.store import schema as t
from monazite.store import search_fulltext as ft
from monazite.store.engine import open_store
from monazite.store.search_filters import filter_conditions

NOW = dt.datetime(2025, 5, 1, tzinfo=dt.timezone.utc)


def _store(url: str):
    engine = open_store(url)
    with engine.begin() as conn:
        # The oldest document is the best BM25 match (the word in its title and body, twice).
        conn.execute(t.documents.insert().values(
            id="doc_old", origin="old.txt", title="Terbium terbium", ingested_at=NOW, raw_sha256="old",
            text="Terbium, terbium and more terbium from Baotou.", repairs=[]))
        for i in range(30):
            conn.execute(t.documents.insert().values(
                id=f"doc_{i:03d}", origin=f"{i}.txt", title=f"Report {i}", ingested_at=NOW, raw_sha256=f"r{i}",
                text=f"Report {i} mentions terbium once among many other words about magnets and quotas "
                     f"{'and Lynas in Kalgoorlie' if i == 3 else ''}.", repairs=[]))
    return engine


def _rank(engine, query: str, limit: int = 5) -> list[str]:
    with engine.connect() as conn:
        return [d for d, _ in ft.fulltext_rank(conn, ft.parse_query(query), filter_conditions(conn, None), limit,
                                               filtered=False)]


def test_a_frequent_word_is_ranked_among_its_newest_matches(sqlite_url: str, monkeypatch) -> None:
    engine = _store(sqlite_url)
    assert _rank(engine, "terbium")[0] == "doc_old"
    monkeypatch.setattr(ft, "FTS_CANDIDATES", 10)
    hits = _rank(engine, "terbium", limit=10)
    assert len(hits) == 10 and set(hits) == {f"doc_{i:03d}" for i in range(20, 30)}
    # A query with fewer matches than the cap is ranked over all of them, the same as before.
    assert _rank(engine, "lynas kalgoorlie") == ["doc_003"]
    assert _rank(engine, "baotou") == ["doc_old"]


@pytest.mark.parametrize("cap", [1, 5, 1000])
def test_the_cap_agrees_with_the_filtered_ranking_when_it_covers_every_match(sqlite_url: str, monkeypatch,
                                                                           cap: int) -> None:
    engine = _store(sqlite_url)
    monkeypatch.setattr(ft, "FTS_CANDIDATES", cap)
    with engine.connect() as conn:
        conds = filter_conditions(conn, None)
        parsed = ft.parse_query("baotou")  # one match: no cap changes it
        assert ft.fulltext_rank(conn, parsed, conds, 5, filtered=False) == \
            ft.fulltext_rank(conn, parsed, conds, 5, filtered=True)
