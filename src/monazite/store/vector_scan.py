"""Exact cosine ranking read straight from the ``embeddings`` table, in bounded memory.

Two uses: rescoring the few candidates an approximate index proposes (so every score shown
is the exact cosine of the stored float32 vectors, the same on SQLite and PostgreSQL), and
ranking a large store exactly while its on-disk index is missing or being rebuilt, chunk by
chunk so memory stays flat whatever the store's size.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.store import schema as t

__all__ = ["SCAN_CHUNK", "fetch_vectors", "rank_ids", "scan_rank", "top_k"]

SCAN_CHUNK = 20_000  # rows per chunk of a streaming scan: ~30 MB of 384-d vectors at a time
IN_CHUNK = 500  # ids per IN (...) list, well under SQLite's bound on bound parameters


def top_k(ids: list[str], scores: np.ndarray, limit: int, floor: float) -> list[tuple[str, float]]:
    """(id, score) best first, ties by id (so both backends order alike), at or above ``floor``."""
    if limit <= 0 or len(ids) == 0:
        return []
    k = min(limit, len(ids))
    best = np.argpartition(-scores, k - 1)[:k] if k < len(ids) else np.arange(len(ids))
    pairs = [(ids[i], float(scores[i])) for i in best if scores[i] >= floor]
    pairs.sort(key=lambda p: (-p[1], p[0]))
    return pairs


def fetch_vectors(conn: Connection, model: str, ids: Iterable[str]) -> dict[str, np.ndarray]:
    """The stored vector of each of ``ids`` that has one for ``model``."""
    e = t.embeddings
    wanted = sorted(set(ids))
    out: dict[str, np.ndarray] = {}
    for lo in range(0, len(wanted), IN_CHUNK):
        rows = conn.execute(sa.select(e.c.document_id, e.c.vector)
                            .where(e.c.model == model, e.c.document_id.in_(wanted[lo:lo + IN_CHUNK]))).all()
        for r in rows:
            out[r.document_id] = np.frombuffer(bytes(r.vector), dtype=np.float32)
    return out


def rank_ids(conn: Connection, model: str, query: np.ndarray, ids: Iterable[str], limit: int,
             floor: float) -> list[tuple[str, float]]:
    """Exact ranking of the given documents only (candidates, or a small filtered set)."""
    vectors = fetch_vectors(conn, model, ids)
    if not vectors:
        return []
    names = list(vectors)
    matrix = np.stack([vectors[n] for n in names])
    if matrix.shape[1] != query.shape[0]:
        return []
    return top_k(names, matrix @ query, limit, floor)


def scan_rank(conn: Connection, model: str, query: np.ndarray, limit: int, floor: float,
              allowed: set[str] | None = None) -> list[tuple[str, float]]:
    """Exact ranking over every stored vector of ``model``, ``SCAN_CHUNK`` rows at a time."""
    e = t.embeddings
    best: list[tuple[str, float]] = []
    result = conn.execution_options(stream_results=True, yield_per=SCAN_CHUNK).execute(
        sa.select(e.c.document_id, e.c.vector).where(e.c.model == model))
    for rows in result.partitions(SCAN_CHUNK):
        if allowed is not None:
            rows = [r for r in rows if r.document_id in allowed]
        rows = [r for r in rows if len(r.vector) == 4 * query.shape[0]]
        if not rows:
            continue
        matrix = np.frombuffer(b"".join(bytes(r.vector) for r in rows), dtype=np.float32).reshape(len(rows), -1)
        best = top_k([p[0] for p in best] + [r.document_id for r in rows],
                     np.concatenate([np.array([p[1] for p in best], dtype=np.float32), matrix @ query]),
                     limit, floor)
    return best
