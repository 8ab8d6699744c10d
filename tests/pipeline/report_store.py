"""A knowledge base holding one generated annual report PDF, ingested through the real
pipeline: what the issue-14 acceptance tests and the document page's tests both read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from monazite.settings import Settings
from tests.ingest.pdf_factory import annual_report_pdf


def ingested_report(folder: Path, name: str = "annual_report_2024.pdf", **report: Any) -> Settings:
    """The settings of a fresh SQLite store under ``folder`` into which ``run_ingest`` took the
    annual report ``annual_report_pdf(folder / name, **report)`` (one new document, none failed)."""
    from monazite.pipeline import run_ingest

    pdf = annual_report_pdf(folder / name, **report)
    settings = Settings(db=f"sqlite:///{folder / 'kb.db'}")
    counts = run_ingest([str(pdf)], settings, progress=False).to_dict()["counts"]
    assert counts["new"] == 1 and counts["failed"] == 0, counts
    return settings
