"""The dask executor: read, parse, extract and embed on a dask.distributed cluster; deduplicate
and write in the driver.

Why this shape:
- Workers never touch the store: SQLite's single writer is never contended, and a worker
  that dies mid-task leaves nothing behind; the scheduler runs its task again elsewhere.
- The vocabulary (with the store's learned aliases) is sent to every worker once, as a
  worker plugin (see ``cluster.VocabularyPlugin`` for why not ``scatter``), not reloaded
  per task; the embedding model loads once per worker process.
- Inputs go out in chunks, a bounded window of them in flight (``as_completed``), so memory
  is flat in corpus size. Results are written in input order (a reorder buffer bounded by
  the same window), so the store is the one a one-process run builds: which of two
  near-duplicates is the original does not depend on which worker finished first. A chunk's
  result that arrives again (a task run twice after a worker was lost) is ignored.
- Writes are batched: up to ``WRITE_BATCH`` documents per transaction, each document inside
  its own savepoint. The guarantee stays one document, one atomic unit: a document's rows
  (text, bands, extraction, vector, log line) are all there or none; a document that
  collides with a concurrent writer rolls back alone and is logged as a duplicate. A crash
  loses at most the open batch, whose inputs a re-run stores again (dedup makes re-runs
  idempotent).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import partial
from itertools import islice
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from monazite.errors import IngestError
from monazite.ingest import IngestOptions
from monazite.ingest.sources import is_url, iter_locations
from monazite.model import Document, Extraction, PartialDate
from monazite.pipeline.cluster import (
    dask_client, vocabulary_on_workers, worker_slots, worker_vocabulary,
)
from monazite.pipeline.local import _published, input_size, record_written
from monazite.pipeline.report import IngestOutcome, IngestReport
from monazite.pipeline.stages import (
    Verdict, extract_stage, finish_batch, load_vocab, log_concurrent_duplicate, prepare_store, read_stage,
    write_document,
)
from monazite.pipeline.vectors import Payload, compute_vectors, write_vectors
from monazite.settings import Settings
from monazite.store.corrections import with_store_aliases
from monazite.store.documents import find_exact_duplicate, log_ingest
from monazite.store.engine import open_store

__all__ = ["CHUNK_SIZE", "WINDOW_PER_SLOT", "WRITE_BATCH", "run_ingest_dask"]

CHUNK_SIZE = 8  # inputs per task: amortises task overhead, fills an embedding batch, small enough to spread
WINDOW_PER_SLOT = 3  # chunks submitted or waiting to be written, per worker thread
WINDOW_RECHECK_S = 5.0  # how often the window follows the cluster's size (one scheduler call)
WRITE_BATCH = 32  # documents per write transaction (each in its own savepoint)


# Errors cross the process boundary as (class, origin, reason): IngestError's two-argument
# constructor does not survive pickling.
WireError = tuple[type[IngestError], str, str]


@dataclass(frozen=True)
class Parsed:
    """One item of one input as a worker returns it."""

    item: Document | WireError
    extraction: Extraction | None = None
    error: str | None = None  # why extraction failed (the document then fails)
    vector: Payload | None = None
    size: int = 0  # the input's bytes, on its first item only

    def unwire(self) -> Document | IngestError:
        return self.item[0](self.item[1], self.item[2]) if isinstance(self.item, tuple) else self.item


def _for_workers(settings: Settings) -> Settings:
    """Settings as shipped to workers: they never open the store nor send mail, so the store
    URL (which may hold a password) and the secrets stay in the driver."""
    return replace(settings, db="", api_token="", smtp_password="", smtp_user="")


def work_chunk(locations: list[str | tuple[str, str]], settings: Settings, options: IngestOptions,
               vocab_name: str | None, vocab: Any | None = None) -> list[Parsed]:
    """Runs on a worker: read, parse, extract and embed a chunk of inputs (the vocabulary is
    the worker's copy named ``vocab_name``, or ``vocab`` when called outside a cluster). An
    input may come as (origin, path): read from ``path`` (absolute, as the driver resolved it,
    since a remote worker runs in another folder), reported and stored under ``origin``, the
    path as the user gave it, as a one-process run stores it."""
    if vocab_name is not None:
        vocab = worker_vocabulary(vocab_name)
    out: list[Parsed] = []
    for entry in locations:
        given, location = entry if isinstance(entry, tuple) else (entry, entry)
        size = input_size(location)
        for item in read_stage(location, settings, options):
            if item.origin == location:
                item.origin = given
            if isinstance(item, IngestError):
                out.append(Parsed((type(item), item.origin, item.reason), size=size))
            else:
                extraction, error = None, None
                if vocab is not None:
                    try:
                        extraction = extract_stage(item, settings, vocab)
                    except Exception as exc:  # noqa: BLE001 - an extractor bug fails this document only
                        error = f"{exc.__class__.__name__}: {exc}"
                out.append(Parsed(item, extraction, error, size=size))
            size = 0
    if settings.semantic_search:
        docs = [p for p in out if isinstance(p.item, Document) and p.error is None]
        try:
            vectors = compute_vectors([(p.item.title, p.item.text) for p in docs], settings)  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001 - no vector here: the driver's indexing pass embeds these documents
            vectors = [None] * len(docs)
        by_id = {id(p): v for p, v in zip(docs, vectors, strict=True)}
        out = [replace(p, vector=by_id.get(id(p))) for p in out]
    return out


def _chunks(items: Iterator[str], size: int) -> Iterator[list[str]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _begin(conn: sa.Connection) -> None:
    """Open the batch's transaction for real. pysqlite defers BEGIN until the first write, so a
    SAVEPOINT issued first would itself be the transaction and its RELEASE would commit; an
    explicit BEGIN makes the savepoints nest inside one commit. IMMEDIATE takes the write lock
    at once (waiting out busy_timeout): a deferred transaction that reads first and then finds
    another process committed meanwhile could not upgrade to a writer, and SQLite refuses it
    at once with "database is locked", whatever the timeout."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def write_batch(engine: Engine, batch: list[Parsed], settings: Settings, report: IngestReport) -> int:
    """Write parsed items in one transaction, each document atomic in its own savepoint;
    returns how many vectors were stored."""
    vectors = 0
    with engine.begin() as conn:
        _begin(conn)
        for parsed in batch:
            item = parsed.unwire()
            report.bytes_read += parsed.size
            if isinstance(item, IngestError):
                log_ingest(conn, report.run_id, item.origin, "failed", None, item.reason)
                report.add(IngestOutcome(item.origin, "failed", reason=item.reason))
                continue
            if parsed.error is not None:
                original = find_exact_duplicate(conn, item)
                if original is not None:  # as the local executor, which never extracts a stored document
                    verdict = Verdict("duplicate", original)
                    log_ingest(conn, report.run_id, item.origin, "duplicate", original, f"duplicate of {original}")
                    record_written(report, item, None, verdict)
                    continue
                reason = f"extraction failed: {parsed.error}"
                log_ingest(conn, report.run_id, item.origin, "failed", None, reason)
                report.add(IngestOutcome(item.origin, "failed", item.id, reason, item.title))
                continue
            also = (partial(write_vectors, doc_id=item.id, payload=parsed.vector, settings=settings)
                    if parsed.vector is not None else None)
            try:
                with conn.begin_nested():
                    verdict = write_document(conn, item, parsed.extraction, settings, report.run_id, also=also)
            except sa.exc.IntegrityError:  # a concurrent writer stored it first: this savepoint rolled back alone
                verdict = log_concurrent_duplicate(conn, item, report.run_id)
            vectors += int(also is not None and verdict.status == "new")
            record_written(report, item, parsed.extraction, verdict)
    return vectors


def run_ingest_dask(inputs: list[str], settings: Settings, *, published: PartialDate | str | None = None,
                    source: str | None = None, recursive: bool = False, progress: bool = True,
                    extract: bool = True) -> IngestReport:
    """``run_ingest`` with reading, parsing, extraction and embedding on a Dask cluster
    (``settings.scheduler``, or a LocalCluster of ``settings.workers`` processes); the same
    report and the same store contents as the local executor."""
    from distributed import as_completed

    started = time.perf_counter()
    options = IngestOptions(published=_published(published), source=source)
    engine = open_store(settings.db)
    report = IngestReport(run_id=uuid.uuid4().hex, extracted=extract)
    vocab = load_vocab(settings) if extract else None
    prepare_store(engine, settings, vocab)
    if vocab is not None:  # aliases learned in earlier documents or added by an analyst serve this batch
        with engine.connect() as conn:
            vocab = with_store_aliases(vocab, conn)
    stored_vectors = 0
    try:
        with dask_client(settings) as client, vocabulary_on_workers(client, vocab, report.run_id) as vocab_name:
            shipped = _for_workers(settings)
            window = worker_slots(client) * WINDOW_PER_SLOT
            window_checked = time.monotonic()
            chunks = enumerate(_chunks(_locations(engine, inputs, recursive, settings, report), CHUNK_SIZE))
            seq_of: dict[Any, int] = {}
            ready: dict[int, list[Parsed]] = {}
            ready_failures: dict[int, list[str]] = {}  # a chunk's inputs, to report them if its task fails
            submitted = next_write = 0
            futures = as_completed()

            def fill() -> None:
                nonlocal submitted, window, window_checked
                if time.monotonic() - window_checked >= WINDOW_RECHECK_S:  # workers may have joined or left
                    window, window_checked = worker_slots(client) * WINDOW_PER_SLOT, time.monotonic()
                while submitted - next_write < window and (chunk := next(chunks, None)) is not None:
                    seq, locations = chunk
                    future = client.submit(work_chunk, [_for_remote(loc) for loc in locations], shipped, options,
                                           vocab_name,
                                           key=f"monazite-ingest-{report.run_id}-{seq}")
                    seq_of[future.key] = seq
                    futures.add(future)
                    submitted += 1
                    ready_failures[seq] = locations

            fill()
            for future in futures:
                seq = seq_of.pop(future.key, None)
                if seq is None or seq < next_write or seq in ready:
                    continue  # a result already taken (a task that ran twice): idempotent
                try:
                    ready[seq] = future.result()
                except Exception as exc:  # noqa: BLE001 - the chunk's inputs fail, the run goes on
                    reason = f"worker task failed: {exc.__class__.__name__}: {exc}"
                    ready[seq] = [Parsed((IngestError, loc, reason)) for loc in ready_failures[seq]]
                future.release()
                while next_write in ready:
                    parsed = ready.pop(next_write)
                    ready_failures.pop(next_write, None)
                    for start in range(0, len(parsed), WRITE_BATCH):
                        stored_vectors += write_batch(engine, parsed[start:start + WRITE_BATCH], settings, report)
                    next_write += 1
                fill()
        finish_batch(engine, settings, report)
        report.indexed += stored_vectors
    finally:
        engine.dispose()
    report.elapsed_s = time.perf_counter() - started
    return report


def _for_remote(location: str) -> str | tuple[str, str]:
    """A relative path as (as given, absolute): a worker on another machine or started in
    another folder resolves it against the driver's folder, not its own."""
    if is_url(location) or os.path.isabs(location):
        return location
    return location, os.path.abspath(location)


def _locations(engine: Engine, inputs: list[str], recursive: bool, settings: Settings,
               report: IngestReport) -> Iterator[str]:
    """The inputs to send out; a location that cannot be listed fails here, in the driver."""
    for location in iter_locations(inputs, recursive):
        if isinstance(location, IngestError):
            with engine.begin() as conn:
                log_ingest(conn, report.run_id, location.origin, "failed", None, location.reason)
            report.add(IngestOutcome(location.origin, "failed", reason=location.reason))
        else:
            yield location
