"""Semantic ranking over the stored document vectors, exact below a size, approximate above.

Three ways to rank, chosen per store by size and by the state of the on-disk index:

* ``exact``: fewer than ``ann_min_vectors`` vectors (default 50,000: about 75 MB). They are
  read once into one in-memory matrix and ranked with a single matrix product, reloaded when
  the change log moves. Exact and, at this size, a few milliseconds.
* ``ann``: larger stores with a current index file (``vector_index.py``): the HNSW graph,
  memory-mapped, proposes candidates; documents changed since it was built are ranked from
  their stored vectors; every candidate is rescored exactly from the store.
* ``scan``: a large store whose index is missing or too far behind: an exact ranking
  streamed from the store in chunks (memory flat, seconds at a million vectors) while the
  index is rebuilt in the background, when the caller allows it.

The store is the source of truth in all three: the same query gives the same documents and
the same cosines on SQLite and PostgreSQL.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.elements import ColumnElement

from monazite.store import schema as t
from monazite.store.vector_index import AnnIndex, build_index, last_change, manifest_path
from monazite.store.vector_scan import rank_ids, scan_rank, top_k

__all__ = ["ANN_MIN_VECTORS", "MIN_SIMILARITY", "VectorIndex"]

MIN_SIMILARITY = 0.15  # cosine below this is noise for MiniLM: such documents are not returned
RECHECK_S = 1.0  # the store is asked whether vectors changed at most this often (new ones show up this late)
ANN_MIN_VECTORS = 50_000  # below this many vectors exact in-memory ranking is fast enough, and exact
CANDIDATES_MIN = 64  # the graph proposes at least this many documents, rescored exactly
CANDIDATES_FACTOR = 2  # ... or this many times the hits asked for
EXACT_ALLOWED_MAX = 5_000  # a filter leaving at most this many documents is ranked exactly over them
FILTER_CANDIDATES_MAX = 16_384  # graph candidates tried for a filtered search before ranking the filter's documents
FILTER_CHUNK = 500  # candidate ids checked against a filter per query

_building: set[Path] = set()  # index files being built by this process
_building_lock = threading.Lock()
_failed: dict[Path, tuple[int, float]] = {}  # index file -> (failed builds in a row, monotonic time to retry)
RETRY_BASE_S, RETRY_MAX_S = 30.0, 3600.0  # a failed background build waits 30 s, 60 s, 120 s ... at most an hour
log = logging.getLogger(__name__)


class VectorIndex:
    """The embeddings of one model, ranked exactly in memory, through the on-disk index, or by a scan."""

    def __init__(self, model: str, *, engine: Engine | None = None, directory: Path | None = None,
                 ann_min: int = ANN_MIN_VECTORS, build_in_background: bool = False) -> None:
        self.model = model
        self.engine = engine
        self.directory = directory
        self.ann_min = ann_min
        self.build_in_background = build_in_background and engine is not None and directory is not None
        self.mode = "empty"
        self._lock = threading.Lock()
        self._ids: list[str] = []
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._ann: AnnIndex | None = None
        self._count = 0
        self._mark = -1
        self._manifest_mtime = 0.0
        self._checked = -RECHECK_S

    def __len__(self) -> int:
        return self._count

    def refresh(self, conn: Connection, *, force: bool = False) -> None:
        """Bring the ranking up to the store's change log (checked every ``RECHECK_S``)."""
        now = time.monotonic()
        if not force and now - self._checked < RECHECK_S:
            return
        with self._lock:
            self._checked = now
            mark = last_change(conn)
            if mark == self._mark and not force and not (self.mode == "scan" and self._index_appeared()):
                return
            if self._ann is not None and self._ann.catch_up(conn, mark):
                self._mark, self._count = mark, len(self._ann)
                return
            self._ann = None
            # Every row, not only this model's: answered from the primary-key index, not the vectors.
            total = conn.execute(sa.select(sa.func.count()).select_from(t.embeddings)).scalar_one()
            if total < self.ann_min:
                self._load_matrix(conn)
            else:
                self._open_index(conn, mark, total)
            self._mark = mark

    def _load_matrix(self, conn: Connection) -> None:
        e = t.embeddings
        rows = conn.execute(sa.select(e.c.document_id, e.c.vector, e.c.dim)
                            .where(e.c.model == self.model).order_by(e.c.document_id)).all()
        dim = rows[0].dim if rows else 0
        rows = [r for r in rows if r.dim == dim]
        matrix = np.frombuffer(b"".join(bytes(r.vector) for r in rows), dtype=np.float32)
        self._matrix = matrix.reshape(len(rows), dim) if rows else np.zeros((0, 0), dtype=np.float32)
        self._ids = [r.document_id for r in rows]
        self._count = len(rows)
        self.mode = "exact" if rows else "empty"

    def _open_index(self, conn: Connection, mark: int, total: int) -> None:
        self._ids, self._matrix = [], np.zeros((0, 0), dtype=np.float32)
        ann = AnnIndex.open(self.directory, self.model) if self.directory is not None else None
        if ann is not None and ann.catch_up(conn, mark):
            self._ann, self._count, self.mode = ann, len(ann), "ann"
            return
        self._count, self.mode = total, "scan"
        self._index_appeared()
        if self.build_in_background:
            self._start_build()

    def _index_appeared(self) -> bool:
        """Whether the manifest changed since last looked at (a build finished)."""
        if self.directory is None:
            return False
        try:
            mtime = manifest_path(self.directory, self.model).stat().st_mtime
        except OSError:
            return False
        changed, self._manifest_mtime = mtime != self._manifest_mtime, mtime
        return changed

    def _start_build(self) -> None:
        path = manifest_path(self.directory, self.model)
        with _building_lock:
            if path in _building or time.monotonic() < _failed.get(path, (0, 0.0))[1]:
                return  # under way, or failed lately: searches go on exactly until the retry time
            _building.add(path)

        def run() -> None:
            try:
                build_index(self.engine, self.model, self.directory)
            except Exception as exc:  # noqa: BLE001 - a background build must not end the searcher
                with _building_lock:
                    failures = _failed.get(path, (0, 0.0))[0] + 1
                    wait = min(RETRY_MAX_S, RETRY_BASE_S * 2 ** (failures - 1))
                    _failed[path] = (failures, time.monotonic() + wait)
                log.warning("vector index build for %s failed (%s: %s); searching exactly, next try in %.0f s",
                            self.model, exc.__class__.__name__, exc, wait)
            else:
                with _building_lock:
                    _failed.pop(path, None)
            finally:
                with _building_lock:
                    _building.discard(path)
                self._checked = -RECHECK_S  # look again at the next search

        threading.Thread(target=run, name="monazite-vector-build", daemon=True).start()

    def propose(self, query_vector: np.ndarray, limit: int) -> list[str] | None:
        """The graph's candidates for an unfiltered ranking of ``limit``, or None outside ``ann``
        mode. Needs no database: the searcher runs it on its worker thread, beside full text."""
        query = np.asarray(query_vector, dtype=np.float32).reshape(-1)
        with self._lock:
            mode, ann = self.mode, self._ann
        if mode != "ann" or ann is None or ann.manifest.dim != query.shape[0] or limit <= 0:
            return None
        return ann.candidates(query, max(CANDIDATES_MIN, CANDIDATES_FACTOR * limit))

    def rank(self, conn: Connection, query_vector: np.ndarray, limit: int, allowed: set[str] | None = None,
             conditions: list[ColumnElement[bool]] | None = None,
             candidates: list[str] | None = None) -> list[tuple[str, float]]:
        """(document id, cosine) best first (ties by id), at or above ``MIN_SIMILARITY``, among the
        documents in ``allowed`` and meeting ``conditions`` (SQL on ``documents``: search filters).
        ``candidates``: what ``propose`` returned for this query and limit, rescored here."""
        query = np.asarray(query_vector, dtype=np.float32).reshape(-1)
        if limit <= 0:
            return []
        if candidates is not None and allowed is None and not conditions:
            return rank_ids(conn, self.model, query, candidates, limit, MIN_SIMILARITY)
        with self._lock:
            mode, ids, matrix, ann = self.mode, self._ids, self._matrix, self._ann
        if mode == "empty":
            return []
        if conditions and mode == "ann" and ann is not None and ann.manifest.dim == query.shape[0]:
            return self._rank_filtered(conn, ann, query, limit, allowed, conditions)
        if conditions:  # few vectors, or a scan anyway: the filter's documents, read once
            d = t.documents
            passing = set(conn.execute(sa.select(d.c.id).where(*conditions)).scalars())
            allowed = passing if allowed is None else allowed & passing
        if mode == "exact":
            if matrix.shape[1] != query.shape[0]:
                return []
            scores = matrix @ query
            if allowed is not None:
                scores = np.where(np.fromiter((i in allowed for i in ids), dtype=bool, count=len(ids)),
                                  scores, -np.inf)
            return top_k(ids, scores, limit, MIN_SIMILARITY)
        if allowed is not None and len(allowed) <= EXACT_ALLOWED_MAX:
            return rank_ids(conn, self.model, query, allowed, limit, MIN_SIMILARITY)
        if mode == "scan" or ann is None or ann.manifest.dim != query.shape[0]:
            return scan_rank(conn, self.model, query, limit, MIN_SIMILARITY, allowed)
        count = max(CANDIDATES_MIN, CANDIDATES_FACTOR * limit)
        return rank_ids(conn, self.model, query, ann.candidates(query, count, allowed), limit, MIN_SIMILARITY)

    def _rank_filtered(self, conn: Connection, ann: AnnIndex, query: np.ndarray, limit: int,
                       allowed: set[str] | None, conditions: list[ColumnElement[bool]]) -> list[tuple[str, float]]:
        """Widen the graph's candidates until enough pass the filter, checked in SQL on the
        candidates only: a broad filter over a million documents never loads its million ids."""
        d = t.documents
        count = max(CANDIDATES_MIN, CANDIDATES_FACTOR * limit)
        while True:
            candidates = ann.candidates(query, count, allowed)
            passing: list[str] = []
            for lo in range(0, len(candidates), FILTER_CHUNK):
                chunk = candidates[lo:lo + FILTER_CHUNK]
                passing.extend(conn.execute(sa.select(d.c.id).where(d.c.id.in_(chunk), *conditions)).scalars())
            if len(passing) >= count // CANDIDATES_FACTOR or count >= len(ann):
                return rank_ids(conn, self.model, query, passing, limit, MIN_SIMILARITY)
            if count >= FILTER_CANDIDATES_MAX:  # a narrow filter: rank its documents exactly
                ids = set(conn.execute(sa.select(d.c.id).where(*conditions)).scalars())
                ids = ids if allowed is None else ids & allowed
                if len(ids) <= EXACT_ALLOWED_MAX:
                    return rank_ids(conn, self.model, query, ids, limit, MIN_SIMILARITY)
                return scan_rank(conn, self.model, query, limit, MIN_SIMILARITY, ids)
            count *= 4
