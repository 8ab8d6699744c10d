"""Extract stored documents again: after a vocabulary edit, a new model, or an extractor fix.

Each document's old facts, events and mentions are replaced by the new extraction in one
transaction, so a failure leaves that document as it was and the rest of the batch goes
on. Afterwards analysts' corrections and review decisions are replayed (a decision finds
its record by id or, when the new extraction changed the id, by document and span), so
what an analyst rejected stays rejected and a correction stays corrected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from monazite.pipeline.stages import extract_stage, load_vocab, prepare_store
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.documents import get_document
from monazite.store.engine import open_store
from monazite.store.extractions import write_extraction
from monazite.store.reviews import apply_reviews

__all__ = ["ReextractReport", "run_reextract"]


@dataclass
class ReextractReport:
    documents: int = 0
    facts: int = 0
    events: int = 0
    skipped: list[str] = field(default_factory=list)  # too long or over time: left as they were
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document id, reason)

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "facts": self.facts, "events": self.events, "skipped": self.skipped,
                "failed": [{"document_id": d, "reason": r} for d, r in self.failed]}


def run_reextract(settings: Settings, document_ids: list[str] | None = None) -> ReextractReport:
    """Re-extract the given documents (default: every stored original, near-duplicates aside)."""
    from monazite.analyze.knowledge import refresh_knowledge  # pandas/networkx: imported when needed

    engine = open_store(settings.db)
    report = ReextractReport()
    try:
        vocab = load_vocab(settings)
        prepare_store(engine, settings, vocab)
        with engine.connect() as conn:
            d = t.documents.c
            query = sa.select(d.id).where(d.duplicate_of.is_(None)).order_by(d.id)
            if document_ids is not None:
                query = sa.select(d.id).where(d.id.in_(document_ids)).order_by(d.id)
            ids = [r.id for r in conn.execute(query)]
            missing = sorted(set(document_ids or ()) - set(ids))
            docs = [get_document(conn, i) for i in ids]
        report.failed.extend((i, "no such document") for i in missing)
        for doc in docs:
            try:
                extraction = extract_stage(doc, settings, vocab)
            except Exception as exc:  # noqa: BLE001 - one document's extractor bug does not stop the batch
                report.failed.append((doc.id, f"{exc.__class__.__name__}: {exc}"))
                continue
            if extraction is None:
                report.skipped.append(doc.id)
                continue
            try:
                with engine.begin() as conn:  # new rows and the decisions on them land together, or neither
                    write_extraction(conn, extraction)
                    apply_reviews(conn, doc.id)
            except Exception as exc:  # noqa: BLE001 - the document keeps its old records; the batch goes on
                report.failed.append((doc.id, f"{exc.__class__.__name__}: {exc}"))
                continue
            report.documents += 1
            report.facts += len(extraction.facts)
            report.events += len(extraction.events)
    finally:
        try:  # the vocabulary sync above rewrote entity rows: corrections and decisions go back on, always
            with engine.begin() as conn:
                refresh_knowledge(conn)
        finally:
            engine.dispose()
    return report
