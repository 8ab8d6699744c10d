"""Full-text ranking: BM25 through SQLite FTS5, ``ts_rank_cd`` over a tsvector on PostgreSQL.

The analyst's query is never handed to either engine as syntax. It is parsed into words
and quoted phrases here, then rebuilt in each engine's own quoting, so a stray quote,
``NEAR`` or ``*`` cannot produce an error or a different query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement

from monazite.store import schema as t

__all__ = ["ParsedQuery", "fulltext_rank", "parse_query"]

TITLE_WEIGHT = 4.0  # a word in the title counts this many times one in the body (FTS5 bm25)
OVERFETCH = 2  # unfiltered SQLite search ranks this many times the hits asked for, then drops near-duplicates
# Unfiltered SQLite search scores with BM25 at most this many matches of the query, the most
# recently stored: a word in a third of a million documents would otherwise cost seconds
# (bm25() runs once per match; ~400 ms at 100,000 documents, bench/bench_million.py). Queries
# with fewer matches, the usual case for a precise query, are ranked over all of them.
FTS_CANDIDATES = 5_000
PG_CONFIG = "english"  # text-search configuration used by the 0002 migration's tsvector

_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class ParsedQuery:
    """Words and phrases (each a tuple of words) the analyst asked for."""

    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases

    @property
    def terms(self) -> tuple[str, ...]:
        """Every word, for highlighting."""
        return self.words + tuple(w for p in self.phrases for w in p)

    def fts5(self, any_term: bool = False) -> str:
        parts = [f'"{w}"' for w in self.words] + ['"' + " ".join(p) + '"' for p in self.phrases]
        return (" OR " if any_term else " ").join(parts)

    def websearch(self, any_term: bool = False) -> str:
        parts = list(self.words) + ['"' + " ".join(p) + '"' for p in self.phrases]
        return (" or " if any_term else " ").join(parts)


def parse_query(query: str) -> ParsedQuery:
    phrases = tuple(tuple(_WORD.findall(m)) for m in _PHRASE.findall(query))
    rest = _PHRASE.sub(" ", query)
    words = tuple(dict.fromkeys(w.lower() for w in _WORD.findall(rest)))
    return ParsedQuery(words, tuple(p for p in phrases if p))


def fulltext_rank(conn: Connection, parsed: ParsedQuery, conditions: list[ColumnElement[bool]],
                  limit: int, *, filtered: bool = True) -> list[tuple[str, float]]:
    """(document id, score) best first; higher score is better on both backends.

    Every word must match; when that finds nothing and the query has several terms, any
    term may match (ranked the same way), so a long query still returns something.
    """
    if parsed.empty or limit <= 0:
        return []
    if conn.dialect.name != "sqlite":
        rank = _pg_rank
    elif filtered:
        rank = _sqlite_rank
    else:
        rank = _sqlite_rank_unfiltered
    hits = rank(conn, parsed, conditions, limit, any_term=False)
    if not hits and len(parsed.words) + len(parsed.phrases) > 1:
        hits = rank(conn, parsed, conditions, limit, any_term=True)
    return hits


def _sqlite_rank_unfiltered(conn: Connection, parsed: ParsedQuery, conditions: list[ColumnElement[bool]],
                            limit: int, *, any_term: bool) -> list[tuple[str, float]]:
    """Rank inside the FTS index alone (no row lookups for every match), join only the top.

    Only near-duplicates are dropped after ranking; when too many of the top rows were
    near-duplicates to fill the page, the joined query answers instead.
    """
    d = t.documents
    want = limit * OVERFETCH + 10
    match = parsed.fts5(any_term)
    bm25 = sa.func.bm25(sa.literal_column("documents_fts"), TITLE_WEIGHT, 1.0)
    # The rowid of the FTS_CANDIDATES-th newest match (0 when fewer): FTS5 walks its doclist
    # in rowid order without scoring, and the ranking below then scores only rowids above it.
    floor = sa.func.coalesce(
        sa.select(sa.literal_column("documents_fts.rowid")).select_from(sa.table("documents_fts"))
        .where(sa.literal_column("documents_fts").op("MATCH")(sa.bindparam("q_floor", match)))
        .order_by(sa.literal_column("documents_fts.rowid").desc())
        .limit(1).offset(FTS_CANDIDATES - 1).scalar_subquery(), 0)
    top = (sa.select(sa.literal_column("documents_fts.rowid").label("rid"), bm25.label("score"))
           .select_from(sa.table("documents_fts"))
           .where(sa.literal_column("documents_fts").op("MATCH")(sa.bindparam("q", match)),
                  sa.literal_column("documents_fts.rowid") >= floor)
           .order_by(sa.literal_column("score")).limit(want).subquery("top"))
    stmt = (sa.select(d.c.id, top.c.score)
            .select_from(top.join(d, sa.literal_column("documents.rowid") == top.c.rid))
            .where(*conditions).order_by(top.c.score).limit(limit))
    rows = conn.execute(stmt).all()
    if len(rows) < limit:
        ranked = conn.execute(sa.select(sa.func.count()).select_from(top)).scalar_one()
        if ranked == want:  # the page may have been emptied by near-duplicates: ask the full question
            return _sqlite_rank(conn, parsed, conditions, limit, any_term=any_term)
    return [(row.id, -float(row.score)) for row in rows]


def _sqlite_rank(conn: Connection, parsed: ParsedQuery, conditions: list[ColumnElement[bool]],
                 limit: int, *, any_term: bool) -> list[tuple[str, float]]:
    d = t.documents
    fts = sa.table("documents_fts", sa.column("rowid"))
    bm25 = sa.func.bm25(sa.literal_column("documents_fts"), TITLE_WEIGHT, 1.0)
    stmt = (
        sa.select(d.c.id, bm25.label("score"))
        .select_from(fts.join(d, sa.literal_column("documents.rowid") == fts.c.rowid))
        .where(sa.literal_column("documents_fts").op("MATCH")(sa.bindparam("q", parsed.fts5(any_term))),
               *conditions)
        .order_by(sa.literal_column("score"))
        .limit(limit)
    )
    return [(row.id, -float(row.score)) for row in conn.execute(stmt)]


def _pg_rank(conn: Connection, parsed: ParsedQuery, conditions: list[ColumnElement[bool]],
             limit: int, *, any_term: bool) -> list[tuple[str, float]]:
    d = t.documents
    fts = sa.table("documents_fts", sa.column("document_id"), sa.column("tsv"))
    tsq = sa.func.websearch_to_tsquery(sa.literal_column(f"'{PG_CONFIG}'::regconfig"),
                                       sa.bindparam("q", parsed.websearch(any_term)))
    score = sa.func.ts_rank_cd(fts.c.tsv, tsq)
    stmt = (
        sa.select(d.c.id, score.label("score"))
        .select_from(fts.join(d, d.c.id == fts.c.document_id))
        .where(fts.c.tsv.op("@@")(tsq), *conditions)
        .order_by(sa.desc("score"), d.c.id)
        .limit(limit)
    )
    return [(row.id, float(row.score)) for row in conn.execute(stmt)]
