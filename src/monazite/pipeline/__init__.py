"""Composes the stages: ingest -> extract -> store, on the local or the dask executor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from monazite.pipeline.local import run_ingest
    from monazite.pipeline.report import IngestOutcome, IngestReport

__all__ = ["IngestOutcome", "IngestReport", "run_ingest"]


def __getattr__(name: str) -> Any:
    """Lazy: importing ``monazite.pipeline`` (e.g. for ``pipeline.indexing``) loads nothing heavy."""
    if name == "run_ingest":
        from monazite.pipeline.local import run_ingest

        return run_ingest
    if name in ("IngestOutcome", "IngestReport"):
        from monazite.pipeline import report

        return getattr(report, name)
    raise AttributeError(name)
