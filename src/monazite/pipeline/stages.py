"""The ingest pipeline's stages, each a small function the executors compose.

Read and parse (``read_stage``), extract (``extract_stage``) are pure with respect to the
store and can run in worker processes; deduplication and writing (``dedup_stage``,
``write_stage``) touch the store and run in the driver, one transaction per document.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from monazite.errors import IngestError
from monazite.ingest import IngestOptions, read_one
from monazite.model import Document, Extraction, content_id
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.documents import (
    ensure_fingerprint_bands, find_by_raw_hash, find_exact_duplicate, find_near_duplicate, insert_document,
    log_ingest,
)
from monazite.store.entities import upsert_entities
from monazite.store.extractions import write_extraction

T = TypeVar("T")

__all__ = [
    "Verdict", "dedup_stage", "extract_stage", "finish_batch", "index_stage", "load_vocab", "log_failure", "prepare_store",
    "EXTRACTION_SKIPPED", "log_concurrent_duplicate", "read_stage", "write_document", "write_stage",
]


@dataclass(frozen=True)
class Verdict:
    """What the store already knows of a parsed document."""

    status: str  # new, duplicate, near_duplicate
    original: str | None = None  # the stored document it duplicates


def read_stage(location: str, settings: Settings, options: IngestOptions) -> list[Document | IngestError]:
    """1-4. read/fetch, decode+repair, clean, metadata: every document (or error) of one input."""
    return read_one(location, settings, options)


def load_vocab(settings: Settings) -> Any:
    """The vocabulary, imported lazily: extraction and vocabulary are later-written, heavier modules."""
    from monazite.vocab import load_vocabulary

    return load_vocabulary()


EXTRACTION_SKIPPED = "extraction_skipped"


def extract_stage(doc: Document, settings: Settings, vocab: Any) -> Extraction | None:
    """6. extract entities, quantities, facts and events from one document; a text longer than
    ``max_extract_chars`` is stored without extraction, and its repairs say so and why (the
    extractors are linear, so this bounds each document's work)."""
    if len(doc.text) > settings.max_extract_chars:
        doc.repairs.append(f"{EXTRACTION_SKIPPED}:{len(doc.text)} characters > max_extract_chars "
                           f"{settings.max_extract_chars}")
        return None
    from monazite.extract import extract_document  # the extractors load their lexicons on first use

    try:
        return _within(settings.extract_timeout, lambda: extract_document(doc, vocab, settings))
    except _OverTime:
        doc.repairs.append(f"{EXTRACTION_SKIPPED}:took longer than extract_timeout {settings.extract_timeout:g} s")
        return None


class _OverTime(BaseException):
    """Raised in the main thread when a document's extraction runs past its time budget; a
    BaseException, so no ``except Exception`` inside the extractors can swallow it."""


def _within(seconds: float, work: Callable[[], T]) -> T:
    """``work()``, interrupted after ``seconds``. In the main thread a real-time timer signal
    does it; in any other thread (a thread pool, a Dask worker's task thread) a timer thread
    raises the same exception in the working thread through CPython's asynchronous-exception
    call. Either way the interruption lands between Python bytecodes, so a single long C call
    (one regex search) finishes first; the extractors are linear, so none is long."""
    if seconds <= 0:
        return work()
    if threading.current_thread() is not threading.main_thread():
        return _within_thread(seconds, work)
    if not hasattr(signal, "setitimer"):
        return work()

    def over(signum: int, frame: object) -> None:
        raise _OverTime

    previous = signal.signal(signal.SIGALRM, over)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _within_thread(seconds: float, work: Callable[[], T]) -> T:
    set_async_exc = getattr(getattr(ctypes, "pythonapi", None), "PyThreadState_SetAsyncExc", None)
    if set_async_exc is None:  # not CPython: the size limit alone bounds the work
        return work()
    ident = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"running": True, "fired": False}

    def fire() -> None:
        with lock:  # never after the work has returned: the flag is cleared under this lock
            if state["running"]:
                state["fired"] = True
                set_async_exc(ident, ctypes.py_object(_OverTime))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        result = work()
    finally:
        with lock:
            state["running"] = False
            set_async_exc(ident, None)  # a raise that fired but has not landed yet is dropped
        timer.cancel()
    if state["fired"]:
        raise _OverTime  # the raise landed in code that swallowed it (a broad except): over time all the same
    return result


def dedup_stage(conn: sa.Connection, doc: Document, settings: Settings) -> Verdict:
    """5. same bytes or same repaired text: duplicate; same story re-told: near-duplicate of its original."""
    original = find_exact_duplicate(conn, doc)
    if original is not None:
        return Verdict("duplicate", original)
    near = find_near_duplicate(conn, doc, settings)
    if near is not None:
        return Verdict("near_duplicate", near)
    return Verdict("new")


def write_stage(engine: Engine, doc: Document, extraction: Extraction | None, settings: Settings,
                run_id: str, known: Verdict | None = None) -> Verdict:
    """7. write the document, its bands, its extraction and its log line in one transaction.

    The duplicate check runs inside the transaction, so two runs racing on the same input
    store it once; a unique-key collision from a concurrent writer is a duplicate. When the
    caller already judged the document (``known``, to decide whether to extract it), only the
    cheap exact-duplicate check is repeated here, not the near-duplicate search.
    """
    try:
        with engine.begin() as conn:
            return write_document(conn, doc, extraction, settings, run_id, known)
    except sa.exc.IntegrityError:
        with engine.begin() as conn:
            return log_concurrent_duplicate(conn, doc, run_id)


def write_document(conn: sa.Connection, doc: Document, extraction: Extraction | None, settings: Settings,
                   run_id: str, known: Verdict | None = None,
                   also: Callable[[sa.Connection], None] | None = None) -> Verdict:
    """``write_stage``'s work inside the caller's transaction (or savepoint), for writers that
    commit several documents at once; ``also`` adds rows of its own (e.g. the document's
    vector) after a new document is inserted, so they commit or roll back with it."""
    if known is None:
        verdict = dedup_stage(conn, doc, settings)
    else:
        exact = find_exact_duplicate(conn, doc)
        verdict = Verdict("duplicate", exact) if exact is not None else known
    if verdict.status == "duplicate":
        log_ingest(conn, run_id, doc.origin, "duplicate", verdict.original, f"duplicate of {verdict.original}")
        return verdict
    if verdict.status == "near_duplicate":
        doc.duplicate_of = verdict.original
    insert_document(conn, doc, settings)
    if extraction is not None and verdict.status == "new":
        write_extraction(conn, extraction, fresh=True)
    if also is not None and verdict.status == "new":
        also(conn)
    log_ingest(conn, run_id, doc.origin, verdict.status, doc.id,
               f"near-duplicate of {verdict.original}" if verdict.original else None)
    return verdict


def log_concurrent_duplicate(conn: sa.Connection, doc: Document, run_id: str) -> Verdict:
    """A unique-key collision from a concurrent writer: the document is a duplicate of what it wrote."""
    original = find_by_raw_hash(conn, doc.raw_sha256) or doc.id
    log_ingest(conn, run_id, doc.origin, "duplicate", original, f"duplicate of {original} (concurrent write)")
    return Verdict("duplicate", original)


def log_failure(engine: Engine, run_id: str, error: IngestError) -> None:
    with engine.begin() as conn:
        log_ingest(conn, run_id, error.origin, "failed", None, error.reason)


def prepare_store(engine: Engine, settings: Settings, vocab: Any | None) -> None:
    """0. before the batch: fingerprint bands to the configured distance; vocabulary entities and relations."""
    with engine.begin() as conn:
        ensure_fingerprint_bands(conn, settings)
        if vocab is None:
            return
        upsert_entities(conn, vocab.entities.values(), origin="vocab")
        for subject, predicate, obj in getattr(vocab, "relations", []):
            rel_id = content_id("rel", subject, predicate, obj, "vocab")
            exists = conn.execute(sa.select(t.relations.c.id).where(t.relations.c.id == rel_id)).first()
            if exists is None:
                conn.execute(t.relations.insert().values(id=rel_id, subject=subject, predicate=predicate,
                                                         object=obj, origin="vocab"))


def index_stage(engine: Engine, settings: Settings) -> int:
    """8. after the batch: embed new documents for semantic search, when enabled."""
    if not settings.semantic_search:
        return 0
    from monazite.pipeline.indexing import index_embeddings  # torch: imported only when embedding
    from monazite.store.vector_index import index_directory, maintain_index

    done = int(index_embeddings(engine, settings))
    # Large stores: bring the on-disk vector index up to date now rather than at the first search.
    maintain_index(engine, settings.embedding_model, index_directory(engine, settings.vector_index_dir),
                   settings.ann_min_vectors)
    return done


def finish_batch(engine: Engine, settings: Settings, report: Any) -> None:
    """7-8. after the batch, shared by every executor: re-apply analysts' corrections and rebuild
    event relations, raise watchlist alerts for the documents this run stored, then embed them.

    The first two run in one transaction. Embedding failures are reported on the report, not
    raised: the documents are committed and searchable by full text regardless.
    """
    from monazite.analyze.knowledge import refresh_knowledge  # pandas/networkx: imported when needed
    from monazite.analyze.watch import match_new_documents

    with engine.begin() as conn:
        refresh_knowledge(conn)
        match_new_documents(conn, [o.document_id for o in report.outcomes if o.status == "new"], settings)
    try:
        report.indexed = index_stage(engine, settings)
    except Exception as exc:  # noqa: BLE001 - documents are committed; the failure is reported, not hidden
        report.index_error = f"{exc.__class__.__name__}: {exc}"
