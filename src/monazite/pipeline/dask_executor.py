"""The dask executor: read, parse and extract on a dask bag; deduplicate and write in the driver.

Workers never touch the store, so SQLite's single writer is never contended and every
document still gets its own transaction. Partitions are computed a window at a time,
so the driver holds at most ``workers * WINDOW_PER_WORKER`` partitions of results.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from itertools import islice
from typing import Any

from monazite.errors import IngestError
from monazite.ingest import IngestOptions
from monazite.ingest.sources import iter_locations
from monazite.model import Document, Extraction, PartialDate
from monazite.pipeline.local import _published, handle_parsed, input_size
from monazite.pipeline.report import IngestReport
from monazite.pipeline.stages import extract_stage, finish_batch, load_vocab, prepare_store, read_stage
from monazite.settings import Settings
from monazite.store.engine import open_store

__all__ = ["run_ingest_dask"]

PARTITION_SIZE = 16  # inputs per dask partition: large enough to amortise task overhead
WINDOW_PER_WORKER = 2  # partitions in flight per worker


# Errors cross the process boundary as (class, origin, reason): IngestError's two-argument
# constructor does not survive pickling.
WireError = tuple[type[IngestError], str, str]
Parsed = tuple[Document | WireError, Extraction | None, str | None, int]


def _work(locations: list[str], settings: Settings, options: IngestOptions, extract: bool) -> list[Parsed]:
    """Runs in a worker: stages 1-3 and 5 for a partition of inputs."""
    vocab = load_vocab(settings) if extract else None
    out: list[Parsed] = []
    for location in locations:
        size = input_size(location)
        for item in read_stage(location, settings, options):
            extraction, error = None, None
            if vocab is not None and isinstance(item, Document):
                try:
                    extraction = extract_stage(item, settings, vocab)
                except Exception as exc:  # noqa: BLE001 - an extractor bug fails this document only
                    error = f"{exc.__class__.__name__}: {exc}"
            wire = (type(item), item.origin, item.reason) if isinstance(item, IngestError) else item
            out.append((wire, extraction, error, size))
            size = 0
    return out


def _chunks(items: Iterator[str], size: int) -> Iterator[list[str]]:
    while chunk := list(islice(items, size)):
        yield chunk


def run_ingest_dask(inputs: list[str], settings: Settings, *, published: PartialDate | str | None = None,
                    source: str | None = None, recursive: bool = False, progress: bool = True,
                    extract: bool = True) -> IngestReport:
    """``run_ingest`` with stages 1-5 on dask; same report, same store contents."""
    import dask
    import dask.bag as db

    started = time.perf_counter()
    options = IngestOptions(published=_published(published), source=source)
    engine = open_store(settings.db)
    report = IngestReport(run_id=uuid.uuid4().hex, extracted=extract)
    prepare_store(engine, settings, load_vocab(settings) if extract else None)
    scheduler: dict[str, Any] = ({"scheduler": "processes", "num_workers": settings.workers}
                                 if settings.workers > 1 else {"scheduler": "synchronous"})
    locations: list[str] = []
    for location in iter_locations(inputs, recursive):
        if isinstance(location, IngestError):
            handle_parsed(engine, location, None, settings, report)
        else:
            locations.append(location)
    window = max(1, settings.workers) * WINDOW_PER_WORKER * PARTITION_SIZE
    try:
        for batch in _chunks(iter(locations), window):
            bag = db.from_sequence(batch, partition_size=PARTITION_SIZE)
            results = bag.map_partitions(lambda part: _work(list(part), settings, options, extract))
            with dask.config.set(**scheduler):
                parsed = results.compute()
            for wire, extraction, error, size in parsed:
                item = wire[0](wire[1], wire[2]) if isinstance(wire, tuple) else wire
                report.bytes_read += size
                handle_parsed(engine, item, extraction, settings, report, error)
        finish_batch(engine, settings, report)
    finally:
        engine.dispose()
    report.elapsed_s = time.perf_counter() - started
    return report
