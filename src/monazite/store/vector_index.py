"""The on-disk approximate nearest-neighbour index over one model's stored vectors.

The store stays the source of truth; this index is a derived cache, a usearch HNSW graph
saved beside the SQLite file (or under ``vector_index_dir`` for PostgreSQL) and memory-mapped
for search (``Index.restore(path, view=True)``), so a million vectors cost page cache, not
process memory. usearch was chosen by measurement against hnswlib and faiss-cpu (see
``bench/bench_million.py``): of the three only it searches a saved graph in place.

Never a wrong answer: the index records the last ``embedding_changes`` row it covers
(migration 0007 logs every write to ``embeddings`` by trigger). A search first reads the
changes after that mark, an indexed range; documents changed since are taken out of the
graph's answers and ranked exactly from their stored vectors instead (the *delta*, bounded by
``DELTA_MAX``). Past that bound the index is stale and the caller ranks exactly while it is
rebuilt. Keys are a stable integer per document: the 64 bits of its hex id (``doc_`` + 16 hex
digits); any other id gets a hashed key recorded in the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from monazite.store import schema as t
from monazite.store.vector_scan import SCAN_CHUNK, fetch_vectors

__all__ = ["DELTA_MAX", "AnnIndex", "Manifest", "build_index", "changes_since", "doc_key", "fold_delta",
           "index_directory", "key_doc", "last_change", "maintain_index", "manifest_path", "prune_changes"]

INDEX_FORMAT = 1  # bump when the file layout changes: older files are then rebuilt
ANN_DTYPE = "f16"  # stored precision: half the disk of f32, same recall once candidates are rescored exactly
CONNECTIVITY = 16  # HNSW edges per node (usearch's default)
EXPANSION_ADD = 128  # candidate list while building: better graph, slower build
EXPANSION_SEARCH = 400  # candidate list while searching: recall@20 at 100k docs 0.87 at 200, 0.94 at 400 (bench_million), no slower
# Threads that build the graph; None: every core. HNSW built by several threads depends on
# their timing, so two builds over the same vectors can differ in the rare neighbour they
# miss (every candidate is rescored exactly either way); one thread builds the same graph
# every time, which the tests use.
BUILD_THREADS: int | None = None
DELTA_MAX = 20_000  # documents changed since the build that are ranked exactly; past it, rebuild
_DOC_ID = re.compile(r"doc_([0-9a-f]{16})")


def doc_key(doc_id: str) -> tuple[int, bool]:
    """(key, whether it is the id's own hex digits); other ids get a hashed key."""
    m = _DOC_ID.fullmatch(doc_id)
    if m:
        return int(m.group(1), 16), True
    return int.from_bytes(hashlib.sha256(doc_id.encode()).digest()[:8], "big"), False


def key_doc(key: int, odd: dict[int, str]) -> str:
    return odd.get(key) or f"doc_{key:016x}"


def index_directory(engine: Engine, configured: str = "") -> Path | None:
    """Where a store's index files live: beside a SQLite file (``kb.db`` -> ``kb.db.vectors/``),
    else a cache folder; None for an in-memory SQLite store (nothing to keep). Under a
    ``configured`` folder, and in the cache, each store has a subfolder named for it, so two
    stores given one folder never read each other's index."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if not database or database == ":memory:":
            return None
        if not configured:
            return Path(database + ".vectors")
        identity = str(Path(database).resolve())
    else:
        identity = url.render_as_string(hide_password=True)
    name = hashlib.sha256(identity.encode()).hexdigest()[:16]
    if configured:
        return Path(configured) / name
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "monazite" / "vectors" / name


def _safe(model: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", model)


def manifest_path(directory: Path, model: str) -> Path:
    return directory / f"{_safe(model)}.json"


def last_change(conn: Connection) -> int:
    """The newest logged change to ``embeddings`` (0 when none): one step down a b-tree."""
    return int(conn.execute(sa.select(sa.func.max(t.embedding_changes.c.id))).scalar() or 0)


PRUNED = "~pruned:"  # a log row whose document_id is this plus N says: every change with id <= N was removed
PRUNE_MIN = 100_000  # changes an index must cover before the log is pruned up to its mark


def changes_since(conn: Connection, mark: int, upto: int) -> tuple[set[str], int]:
    """(documents changed after ``mark`` up to ``upto``, the highest pruned-through mark seen).

    Pruning markers are read past ``upto`` too: a prune that committed after ``upto`` was read
    has already removed rows this range expected, and its marker says so."""
    c = t.embedding_changes
    rows = conn.execute(sa.select(c.c.id, c.c.document_id).where(
        c.c.id > mark, (c.c.id <= upto) | c.c.document_id.startswith(PRUNED))).all()
    changed, pruned = set(), 0
    for row in rows:
        if row.document_id.startswith(PRUNED):
            pruned = max(pruned, int(row.document_id[len(PRUNED):]))
        elif row.id <= upto:
            changed.add(row.document_id)
    return changed, pruned


def prune_changes(engine: Engine, through: int) -> int:
    """Remove the log's rows up to ``through`` (the mark an index just published covers) once
    there are at least ``PRUNE_MIN`` of them, leaving a marker, so the log stays about the size
    of the changes since the last build. An index elsewhere whose mark is older finds the
    marker when it catches up and is rebuilt instead of missing changes. Returns rows removed."""
    c = t.embedding_changes
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(7007)"))  # the log's writers take turns (0007)
        oldest = conn.execute(sa.select(sa.func.min(c.c.id))).scalar()
        if oldest is None or through - oldest + 1 < PRUNE_MIN:
            return 0
        top = last_change(conn)
        removed = conn.execute(c.delete().where(c.c.id <= through)).rowcount
        marker = {"document_id": f"{PRUNED}{through}"}
        if conn.dialect.name == "sqlite":
            # SQLite numbers a row max(id) + 1: with the log emptied it would start again at 1 and
            # the log would seem to go backwards. The marker takes the next id above the old top.
            marker["id"] = top + 1
        conn.execute(c.insert().values(**marker))
    return int(removed or 0)


@dataclass
class Manifest:
    """What an index file holds: written beside it, replaced atomically after it."""

    model: str
    dim: int
    count: int
    mark: int  # the last embedding_changes id the file covers
    file: str
    odd: dict[str, str] = field(default_factory=dict)  # hashed key -> document id, for ids not doc_<hex>
    format: int = INDEX_FORMAT
    dtype: str = ANN_DTYPE
    built_at: str = ""

    @classmethod
    def read(cls, path: Path) -> Manifest | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            manifest = cls(**data)
        except (OSError, ValueError, TypeError):
            return None
        if Path(manifest.file).name != manifest.file:  # a bare file name in the index folder, never a path
            return None
        return manifest if manifest.format == INDEX_FORMAT else None


def build_index(engine: Engine, model: str, directory: Path, *, threads: int | None = None) -> Manifest | None:
    """Write a fresh index of every stored vector of ``model``; None when there is none.

    The change mark is read before the vectors, so whatever is written meanwhile lies after
    the mark and is caught up exactly by the next search.
    """
    from usearch.index import Index  # the native library loads only when an index is built or read

    directory.mkdir(parents=True, exist_ok=True)
    with engine.connect() as conn:
        wanted = last_change(conn)
    before = Manifest.read(manifest_path(directory, model))
    with writer_lock(directory, model):
        current = Manifest.read(manifest_path(directory, model))
        if current is not None and (before is None or current.file != before.file) and current.model == model \
                and current.mark >= wanted and (directory / current.file).is_file():
            return current  # another process published one while this one waited for the lock
        return _build(engine, model, directory, threads, Index)


def _build(engine: Engine, model: str, directory: Path, threads: int | None, Index: Any) -> Manifest | None:
    e = t.embeddings
    index: Any = None
    odd: dict[str, str] = {}
    count = 0
    with engine.connect() as conn:
        mark = last_change(conn)
        rows = conn.execution_options(stream_results=True, yield_per=SCAN_CHUNK).execute(
            sa.select(e.c.document_id, e.c.vector).where(e.c.model == model))
        for chunk in rows.partitions(SCAN_CHUNK):
            dim = index.ndim if index is not None else len(chunk[0].vector) // 4
            chunk = [r for r in chunk if len(r.vector) == 4 * dim]
            if not chunk:
                continue
            if index is None:
                index = Index(ndim=dim, metric="cos", dtype=ANN_DTYPE, connectivity=CONNECTIVITY,
                              expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH)
            keys = np.empty(len(chunk), dtype=np.uint64)
            for i, r in enumerate(chunk):
                key, own = doc_key(r.document_id)
                keys[i] = key
                if not own:
                    odd[str(key)] = r.document_id
            vectors = np.frombuffer(b"".join(bytes(r.vector) for r in chunk), dtype=np.float32).reshape(len(chunk), dim)
            index.add(keys, vectors, threads=threads or BUILD_THREADS or os.cpu_count() or 1)
            count += len(chunk)
    if index is None:
        return None
    return _publish(directory, model, index, index.ndim, count, mark, odd)


@contextmanager
def writer_lock(directory: Path, model: str) -> Iterator[None]:
    """One writer of a model's index file at a time, across processes: an advisory lock on a
    file beside it (readers take none: they follow the manifest, which is replaced atomically).
    Without it two ingests finishing together would both build, and one could delete the file
    the other was appending to. Where ``fcntl`` is missing (Windows), no lock is taken."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f"{_safe(model)}.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _publish(directory: Path, model: str, index: Any, dim: int, count: int, mark: int,
             odd: dict[str, str]) -> Manifest:
    """Save ``index`` under a new file name, then make it current by replacing the manifest
    atomically (a reader sees the old index or the new one, never half of either), and
    remove the files it replaced."""
    name = f"{_safe(model)}.{uuid.uuid4().hex[:12]}.usearch"
    index.save(str(directory / name))
    manifest = Manifest(model, dim, count, mark, name, odd,
                        built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    target = manifest_path(directory, model)
    tmp = target.with_suffix(f".{uuid.uuid4().hex[:8]}.tmp")
    tmp.write_text(json.dumps(asdict(manifest)), encoding="utf-8")
    os.replace(tmp, target)
    _remove_old_files(directory, model, keep=name)
    return manifest


def _remove_old_files(directory: Path, model: str, keep: str) -> None:
    """Earlier files of this model (a reader that mapped one keeps its mapping on POSIX)."""
    for old in directory.glob(f"{_safe(model)}.*.usearch"):
        if old.name != keep:
            old.unlink(missing_ok=True)


class AnnIndex:
    """A memory-mapped index file plus the exact delta of documents changed since it was built."""

    def __init__(self, manifest: Manifest, index: object) -> None:
        self.manifest = manifest
        self.model = manifest.model
        self._index = index
        self._odd = {int(k): v for k, v in manifest.odd.items()}
        self.mark = manifest.mark
        self.touched: set[str] = set()  # documents changed after the build: the graph's answer is stale
        self._delta_ids: list[str] = []
        self._delta = np.zeros((0, manifest.dim), dtype=np.float32)
        self._lock = threading.Lock()

    @classmethod
    def open(cls, directory: Path, model: str) -> AnnIndex | None:
        """The saved index of ``model`` memory-mapped, or None when missing or unreadable."""
        manifest = Manifest.read(manifest_path(directory, model))
        if manifest is None or manifest.model != model:
            return None
        from usearch.index import Index

        try:
            index = Index.restore(str(directory / manifest.file), view=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if index is None or index.ndim != manifest.dim:
            return None
        index.expansion_search = EXPANSION_SEARCH
        return cls(manifest, index)

    def __len__(self) -> int:
        return self.manifest.count + len(self._delta_ids)

    def catch_up(self, conn: Connection, mark: int) -> bool:
        """Take in the changes up to ``mark``; False when too many: rebuild instead."""
        if mark == self.mark:
            return True
        if mark < self.mark:  # the log went backwards: a restored or recreated store
            return False
        changed, pruned = changes_since(conn, self.mark, mark)
        if pruned > self.mark:
            return False  # the log lost changes this index never saw: rebuild
        touched = self.touched | changed
        if len(touched) > DELTA_MAX:
            return False
        current = fetch_vectors(conn, self.model, changed)
        delta = {i: v for i, v in zip(self._delta_ids, self._delta, strict=True) if i not in changed}
        delta.update((i, v) for i, v in current.items() if v.shape[0] == self.manifest.dim)
        ids = sorted(delta)
        matrix = np.stack([delta[i] for i in ids]) if ids else np.zeros((0, self.manifest.dim), dtype=np.float32)
        with self._lock:
            self.touched, self._delta_ids, self._delta, self.mark = touched, ids, matrix, mark
        return True

    def candidates(self, query: np.ndarray, count: int, allowed: set[str] | None = None) -> list[str]:
        """Up to ``count`` documents nearest ``query``: the graph's (current ones only), and the delta's."""
        with self._lock:
            touched, delta_ids, delta = self.touched, self._delta_ids, self._delta
            size = self.manifest.count
            want, found = count, []
            while True:
                matches = self._index.search(query, min(want, size), threads=1) if size else None
                keys = [] if matches is None else [int(k) for k in matches.keys]
                found = [d for d in (key_doc(k, self._odd) for k in keys)
                         if d not in touched and (allowed is None or d in allowed)]
                if len(found) >= count or want >= size:
                    break
                want *= 4
        if len(delta_ids):
            scores = delta @ query
            order = np.argsort(-scores)
            picked = [delta_ids[i] for i in order if allowed is None or delta_ids[i] in allowed][:count]
            found.extend(picked)
        return found


def fold_delta(engine: Engine, directory: Path, model: str) -> Manifest | None:
    """Append the changes since the build to the index file (remove, then re-add, each changed
    document): seconds where a rebuild takes minutes. None when there is no usable index, or
    more changes than ``DELTA_MAX`` (rebuild then)."""
    with writer_lock(directory, model):
        return _fold(engine, directory, model)


def _fold(engine: Engine, directory: Path, model: str) -> Manifest | None:
    from usearch.index import Index

    manifest = Manifest.read(manifest_path(directory, model))
    if manifest is None or manifest.model != model:
        return None
    with engine.connect() as conn:
        mark = last_change(conn)
        if mark < manifest.mark:
            return None
        changed, pruned = changes_since(conn, manifest.mark, mark)
        if pruned > manifest.mark or len(changed) > DELTA_MAX:
            return None
        current = {i: v for i, v in fetch_vectors(conn, model, changed).items() if v.shape[0] == manifest.dim}
    try:
        index = Index.restore(str(directory / manifest.file))  # into memory: a viewed file is read-only
    except (OSError, RuntimeError, ValueError):
        return None  # unreadable: the caller builds afresh
    if index is None:
        return None
    odd = dict(manifest.odd)
    keys = {}
    for doc in changed:
        key, own = doc_key(doc)
        keys[doc] = key
        if not own:
            odd[str(key)] = doc
    present = [k for k in keys.values() if index.contains(k)]
    if present:
        index.remove(np.array(present, dtype=np.uint64))
    if current:
        ids = sorted(current)
        index.add(np.array([keys[i] for i in ids], dtype=np.uint64), np.stack([current[i] for i in ids]),
                  threads=BUILD_THREADS or os.cpu_count() or 1)
    return _publish(directory, model, index, manifest.dim, len(index), mark,
                    {k: v for k, v in odd.items() if index.contains(int(k))})



FOLD_MIN = 2_000  # changed documents worth appending to the file; fewer are ranked from the delta


def maintain_index(engine: Engine, model: str, directory: Path | None, ann_min: int) -> str:
    """Keep the index file in step after vectors were written (called after each ingest's
    embedding step): nothing below ``ann_min`` vectors; a build when missing or too stale; an
    incremental append once ``FOLD_MIN`` documents changed. Returns what it did."""
    if directory is None:
        return "none"
    with engine.connect() as conn:
        total = conn.execute(sa.select(sa.func.count()).select_from(t.embeddings)).scalar_one()
        if total < ann_min:
            return "exact"
        ann = AnnIndex.open(directory, model)
        if ann is not None and ann.catch_up(conn, last_change(conn)):
            if len(ann.touched) < FOLD_MIN:
                return "current"
            folded = fold_delta(engine, directory, model)
            if folded is not None:
                prune_changes(engine, folded.mark)
                return "appended"
    built = build_index(engine, model, directory)
    if built is None:
        return "none"
    prune_changes(engine, built.mark)  # the ingest path only: a searcher never writes to the store
    return "built"
