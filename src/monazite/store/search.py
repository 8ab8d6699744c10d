"""Search over the knowledge base: full text (BM25), semantic (sentence embeddings) and,
by default, hybrid: both rankings fused by reciprocal rank fusion (RRF), which needs no
score calibration between BM25 and cosine similarity.

A ``Searcher`` keeps the semantic ranking ready between queries (the vectors in memory, or
the on-disk index mapped, see ``search_vectors.py``; the web app holds one); ``search()`` is
the one-shot form the CLI uses.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from monazite.errors import ConfigError
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.search_filters import SearchFilters, filter_conditions
from monazite.store.search_fulltext import ParsedQuery, fulltext_rank, parse_query
from monazite.store.search_passages import Passage, best_passage, term_pattern
from monazite.store.search_vectors import VectorIndex
from monazite.store.vector_index import index_directory

__all__ = ["MODES", "SearchFilters", "SearchHit", "SearchResult", "Searcher", "search"]

MODES = ("hybrid", "fulltext", "semantic")
RRF_K = 60  # reciprocal rank fusion constant (Cormack et al. 2009); damps the head of each list
HYBRID_DEPTH = 50  # each ranking contributes at least this many candidates to the fusion
MAX_LIMIT = 500  # most hits one call returns
MAX_QUERY_CHARS = 500  # longer queries are refused: nobody types them, and they cost
QUERY_CACHE_SIZE = 256  # query embeddings kept per searcher: a repeated or paged search skips the model

Embedder = Callable[[Sequence[str]], np.ndarray]


@dataclass
class SearchHit:
    document_id: str
    title: str | None
    published: str | None
    origin: str
    source: str | None
    source_kind: str | None
    score: float
    fulltext_rank: int | None
    semantic_rank: int | None
    passage: Passage

    def to_dict(self) -> dict:
        return {
            "document_id": self.document_id, "title": self.title, "published": self.published,
            "origin": self.origin, "source": self.source, "source_kind": self.source_kind,
            "score": round(self.score, 6), "fulltext_rank": self.fulltext_rank,
            "semantic_rank": self.semantic_rank, "passage": self.passage.to_dict(),
        }


@dataclass
class SearchResult:
    query: str
    mode: str  # the mode asked for
    used: list[str]  # the rankings actually run: hybrid without vectors runs full text only
    filters: SearchFilters
    limit: int
    offset: int
    hits: list[SearchHit] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "query": self.query, "mode": self.mode, "rankings": self.used, "filters": self.filters.to_dict(),
            "limit": self.limit, "offset": self.offset, "count": len(self.hits),
            "hits": [h.to_dict() for h in self.hits],
        }


def _default_embedder(settings: Settings) -> Embedder:
    def run(texts: Sequence[str]) -> np.ndarray:
        from monazite.extract.embeddings import embed

        return embed(texts, settings.embedding_model)

    return run


class Searcher:
    """Runs searches against one store; holds the vector ranking between queries.

    ``build_index``: when the store is large and its on-disk vector index missing or stale,
    rebuild it in a background thread (a long-lived searcher, as the web app's); meanwhile,
    and always for a one-shot search, semantic ranking scans the store exactly.
    """

    def __init__(self, engine: Engine, settings: Settings, embedder: Embedder | None = None,
                 query_cache: int = QUERY_CACHE_SIZE, *, build_index: bool = True) -> None:
        self.engine = engine
        self.settings = settings
        self.embedder = embedder or _default_embedder(settings)
        self.vectors = VectorIndex(settings.embedding_model, engine=engine,
                                   directory=index_directory(engine, settings.vector_index_dir),
                                   ann_min=settings.ann_min_vectors, build_in_background=build_index)
        # The query is embedded on this one worker thread while the full-text query runs
        # (torch, numpy and SQLite all release the GIL). One
        # worker also means concurrent web requests take turns at the tokenizer, which is
        # not safe to call concurrently.
        self._embed_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="monazite-embed")
        self._query_cache = query_cache
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()  # touched by the worker thread only

    def _embed_and_propose(self, query: str, limit: int | None) -> tuple[np.ndarray, list[str] | None]:
        """The query's vector and, unfiltered on a large store, the vector index's candidates
        (usearch works without the GIL, so this overlaps the full-text query)."""
        vector = self._embed_query(query)
        return vector, (self.vectors.propose(vector, limit) if limit is not None else None)

    def _embed_query(self, query: str) -> np.ndarray:
        vector = self._query_vectors.get(query)
        if vector is None:
            vector = self.embedder([query])[0]
            if self._query_cache:
                self._query_vectors[query] = vector
                while len(self._query_vectors) > self._query_cache:
                    self._query_vectors.popitem(last=False)
        else:
            self._query_vectors.move_to_end(query)
        return vector

    def close(self) -> None:
        self._embed_pool.shutdown(wait=False, cancel_futures=True)

    def search(self, query: str, *, mode: str = "hybrid", filters: SearchFilters | None = None,
               limit: int = 20, offset: int = 0) -> SearchResult:
        _validate(query, mode, limit, offset)
        filters = filters or SearchFilters()
        parsed = parse_query(query)
        depth = offset + limit
        result = SearchResult(query, mode, [], filters, limit, offset)
        embedding: Future | None = None
        semantic_depth = max(depth, HYBRID_DEPTH) if mode == "hybrid" else depth
        with self.engine.connect() as conn:
            conditions = filter_conditions(conn, filters)
            if mode == "semantic" or (mode == "hybrid" and self.settings.semantic_search):
                self.vectors.refresh(conn)
                if len(self.vectors) or mode == "semantic":  # no vectors: hybrid is full text alone
                    embedding = self._embed_pool.submit(self._embed_and_propose, query,
                                                        None if filters.active else semantic_depth)
            rankings: list[list[tuple[str, float]]] = []
            if mode in ("hybrid", "fulltext"):
                rankings.append(fulltext_rank(conn, parsed, conditions,
                                              max(depth, HYBRID_DEPTH) if mode == "hybrid" else depth,
                                              filtered=filters.active))
                result.used.append("fulltext")
            if embedding is not None:
                vector, candidates = embedding.result()
                rankings.append(self.vectors.rank(conn, vector, semantic_depth, candidates=candidates,
                                                  conditions=conditions if filters.active else None))
                result.used.append("semantic")
            ranked = _fuse(rankings, result.used)[offset:depth]
            result.hits = _load_hits(conn, ranked, parsed)
        return result


def _validate(query: str, mode: str, limit: int, offset: int) -> None:
    if mode not in MODES:
        raise ConfigError(f"unknown search mode {mode!r}; expected one of {', '.join(MODES)}")
    if not query or not query.strip():
        raise ConfigError("the search query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise ConfigError(f"the search query is longer than {MAX_QUERY_CHARS} characters")
    if mode != "semantic" and parse_query(query).empty:
        raise ConfigError(f"the search query {query!r} has no searchable words")
    if not 1 <= limit <= MAX_LIMIT:
        raise ConfigError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if offset < 0:
        raise ConfigError(f"offset must not be negative, got {offset}")


def _fuse(rankings: list[list[tuple[str, float]]], names: list[str]) -> list[tuple[str, float, dict[str, int]]]:
    """One list, best first: a single ranking keeps its scores, several are fused by RRF."""
    if len(rankings) == 1:
        return [(doc, score, {names[0]: i + 1}) for i, (doc, score) in enumerate(rankings[0])]
    fused: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    for name, ranking in zip(names, rankings, strict=True):
        for i, (doc, _score) in enumerate(ranking):
            fused[doc] = fused.get(doc, 0.0) + 1.0 / (RRF_K + i + 1)
            ranks.setdefault(doc, {})[name] = i + 1
    order = sorted(fused, key=lambda d: (-fused[d], d))
    return [(doc, fused[doc], ranks[doc]) for doc in order]


def _load_hits(conn: sa.Connection, ranked: list[tuple[str, float, dict[str, int]]],
               parsed: ParsedQuery) -> list[SearchHit]:
    if not ranked:
        return []
    d, s = t.documents, t.sources
    rows = conn.execute(
        sa.select(d.c.id, d.c.title, d.c.published, d.c.origin, d.c.text, s.c.name, s.c.kind)
        .select_from(d.outerjoin(s, s.c.id == d.c.source_id))
        .where(d.c.id.in_([doc for doc, _, _ in ranked]))
    ).all()
    by_id = {r.id: r for r in rows}
    pattern = term_pattern(parsed.terms)
    hits = []
    for doc, score, ranks in ranked:
        r = by_id.get(doc)
        if r is None:  # deleted between ranking and loading
            continue
        hits.append(SearchHit(r.id, r.title, r.published, r.origin, r.name, r.kind, score,
                              ranks.get("fulltext"), ranks.get("semantic"), best_passage(r.text, pattern)))
    return hits


def search(engine: Engine, query: str, settings: Settings, *, mode: str = "hybrid",
           filters: SearchFilters | None = None, limit: int = 20, offset: int = 0,
           embedder: Embedder | None = None) -> SearchResult:
    """One search without keeping anything in memory afterwards (CLI use)."""
    searcher = Searcher(engine, settings, embedder, build_index=False)
    try:
        return searcher.search(query, mode=mode, filters=filters, limit=limit, offset=offset)
    finally:
        searcher.close()
