"""The local executor: one process, one input at a time, memory flat in corpus size."""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.engine import Engine

from monazite.errors import IngestError
from monazite.ingest import IngestOptions
from monazite.ingest.sources import iter_locations
from monazite.model import Document, Extraction, PartialDate
from monazite.pipeline.report import IngestOutcome, IngestReport
from monazite.pipeline.stages import (
    EXTRACTION_SKIPPED, Verdict, dedup_stage, extract_stage, finish_batch, load_vocab, log_failure, prepare_store,
    read_stage, write_stage,
)
from monazite.settings import Settings
from monazite.store.corrections import with_store_aliases
from monazite.store.engine import open_store

__all__ = ["handle_parsed", "input_size", "record_written", "run_ingest"]


def input_size(location: str) -> int:
    """Bytes of a local input, for throughput figures (URLs count as 0)."""
    try:
        return os.path.getsize(location)
    except OSError:
        return 0


def _published(value: PartialDate | str | None) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    return PartialDate.parse(value)


@contextmanager
def _progress(enabled: bool, total: int | None) -> Iterator[Callable[[str], None]]:
    if not enabled:
        yield lambda _origin: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda origin: bar.update(task, advance=1, description=origin[-50:])


def handle_parsed(engine: Engine, item: Document | IngestError, extraction: Extraction | None, settings: Settings,
                  report: IngestReport, extract_error: str | None = None, known: Verdict | None = None) -> None:
    """Dedup and write one parsed item (shared by both executors); records its outcome."""
    if isinstance(item, IngestError):
        log_failure(engine, report.run_id, item)
        report.add(IngestOutcome(item.origin, "failed", reason=item.reason))
        return
    if extract_error is not None:
        failure = IngestError(item.origin, f"extraction failed: {extract_error}")
        log_failure(engine, report.run_id, failure)
        report.add(IngestOutcome(item.origin, "failed", item.id, failure.reason, item.title))
        return
    verdict = write_stage(engine, item, extraction, settings, report.run_id, known)
    record_written(report, item, extraction, verdict)


def record_written(report: IngestReport, item: Document, extraction: Extraction | None, verdict: Verdict) -> None:
    """The report's line for a document the write stage judged (new, duplicate, near-duplicate)."""
    if verdict.status == "new":
        skipped = next((r.split(":", 1)[1] for r in item.repairs if r.startswith(EXTRACTION_SKIPPED)), None)
        report.add(IngestOutcome(item.origin, "new", item.id,
                                 f"stored without extraction: {skipped}" if skipped else None, item.title,
                                 len(extraction.facts) if extraction else 0,
                                 len(extraction.events) if extraction else 0))
    else:
        doc_id = item.id if verdict.status == "near_duplicate" else verdict.original
        report.add(IngestOutcome(item.origin, verdict.status, doc_id, f"of {verdict.original}", item.title))


def run_ingest(inputs: list[str], settings: Settings, *, published: PartialDate | str | None = None,
               source: str | None = None, recursive: bool = False, progress: bool = True,
               extract: bool = True) -> IngestReport:
    """Ingest files, folders and URLs into the knowledge base at ``settings.db``.

    Stages, in order:
    0. prepare the store: migrate, fingerprint bands to the configured distance, and (with
       extraction on) sync the vocabulary's entities and relations, once;
    1. read or fetch each input (size limit, binary refused);
    2. decode and repair its text (encoding detection, mojibake repair, ftfy);
    3. clean it (HTML main text, boilerplate removal) and read its metadata;
    4. deduplicate against the store: same bytes or text -> duplicate, same story -> near-duplicate;
    5. extract entities, facts and events (new documents only; near-duplicates are not extracted);
    6. write the document with its extraction and log line in one transaction;
    7. after the batch, embed new documents for semantic search when enabled.

    With ``settings.executor == "dask"`` stages 1-5 and the embedding run on a dask.distributed
    cluster (see ``dask_executor``).
    Progress is shown only when ``progress`` is true and stdout is a terminal.
    """
    if settings.executor == "dask":
        from monazite.pipeline.dask_executor import run_ingest_dask

        return run_ingest_dask(inputs, settings, published=published, source=source, recursive=recursive,
                               progress=progress, extract=extract)
    started = time.perf_counter()
    options = IngestOptions(published=_published(published), source=source)
    engine = open_store(settings.db)
    report = IngestReport(run_id=uuid.uuid4().hex, extracted=extract)
    vocab = load_vocab(settings) if extract else None
    prepare_store(engine, settings, vocab)
    if vocab is not None:  # aliases learned in earlier documents or added by an analyst serve this batch
        with engine.connect() as conn:
            vocab = with_store_aliases(vocab, conn)
    show = progress and sys.stdout.isatty()
    total = sum(1 for _ in iter_locations(inputs, recursive)) if show else None
    try:
        with _progress(show, total) as advance:
            for location in iter_locations(inputs, recursive):
                if isinstance(location, IngestError):
                    handle_parsed(engine, location, None, settings, report)
                    advance(location.origin)
                    continue
                report.bytes_read += input_size(location)
                for item in read_stage(location, settings, options):
                    _process(engine, item, settings, vocab, report)
                advance(location)
        finish_batch(engine, settings, report)
    finally:
        engine.dispose()
    report.elapsed_s = time.perf_counter() - started
    return report


def _process(engine: Engine, item: Document | IngestError, settings: Settings, vocab: Any,
             report: IngestReport) -> None:
    if isinstance(item, IngestError):
        handle_parsed(engine, item, None, settings, report)
        return
    extraction, error, verdict = None, None, None
    if vocab is not None:
        with engine.connect() as conn:
            verdict = dedup_stage(conn, item, settings)
        if verdict.status == "new":
            try:
                extraction = extract_stage(item, settings, vocab)
            except Exception as exc:  # noqa: BLE001 - a bug in an extractor fails this document, not the batch
                error = f"{exc.__class__.__name__}: {exc}"
    handle_parsed(engine, item, extraction, settings, report, error, verdict)
