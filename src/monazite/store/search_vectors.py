"""Semantic ranking over the stored document vectors.

The vectors (float32, unit length) are read once into one in-memory matrix and ranked
with a single matrix product; the matrix is reloaded only when the stored count changes.
On this project's machines numpy beats sqlite-vec for this (see ``bench/bench_search.py``),
and Python's own sqlite3 cannot load extensions anyway.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.store import schema as t

__all__ = ["MIN_SIMILARITY", "VectorIndex"]

MIN_SIMILARITY = 0.15  # cosine below this is noise for MiniLM: such documents are not returned
RECHECK_S = 1.0  # the store is asked whether vectors changed at most this often (new ones show up this late)


class VectorIndex:
    """The embeddings of one model, held in memory for ranking."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._lock = threading.Lock()
        self._ids = np.zeros(0, dtype=object)
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._count = -1
        self._checked = -RECHECK_S

    def __len__(self) -> int:
        return len(self._ids)

    def refresh(self, conn: Connection, *, force: bool = False) -> None:
        """Reload the matrix when the number of stored vectors changed (checked every ``RECHECK_S``)."""
        now = time.monotonic()
        if not force and now - self._checked < RECHECK_S:
            return
        e = t.embeddings
        # Counting every row (not only this model's) is answered from the primary-key index.
        count = conn.execute(sa.select(sa.func.count()).select_from(e)).scalar_one()
        with self._lock:
            self._checked = now
            if count == self._count:
                return
            rows = conn.execute(sa.select(e.c.document_id, e.c.vector, e.c.dim)
                                .where(e.c.model == self.model).order_by(e.c.document_id)).all()
            if rows:
                dim = rows[0].dim
                matrix = np.frombuffer(b"".join(bytes(r.vector) for r in rows), dtype=np.float32)
                self._matrix = matrix.reshape(len(rows), dim)
            else:
                self._matrix = np.zeros((0, 0), dtype=np.float32)
            self._ids = np.array([r.document_id for r in rows], dtype=object)
            self._count = count

    def scores(self, query_vector: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(document ids, cosine of each) for one query: the costly half, safe off the main thread."""
        with self._lock:
            ids, matrix = self._ids, self._matrix
        if len(ids) == 0:
            return ids, np.zeros(0, dtype=np.float32)
        return ids, matrix @ query_vector.astype(np.float32).reshape(-1)

    @staticmethod
    def top(ids: np.ndarray, scores: np.ndarray, limit: int,
            allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """(document id, cosine) best first, at or above ``MIN_SIMILARITY``, within ``allowed``."""
        if limit <= 0 or len(ids) == 0:
            return []
        if allowed is not None:
            mask = np.fromiter((i in allowed for i in ids), dtype=bool, count=len(ids))
            scores = np.where(mask, scores, -np.inf)
        k = min(limit, len(ids))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(str(ids[i]), float(scores[i])) for i in best if scores[i] >= MIN_SIMILARITY]

    def rank(self, query_vector: np.ndarray, limit: int, allowed: set[str] | None = None) -> list[tuple[str, float]]:
        """(document id, cosine) best first, at or above ``MIN_SIMILARITY``."""
        ids, scores = self.scores(query_vector)
        return self.top(ids, scores, limit, allowed)
