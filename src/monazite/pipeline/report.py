"""What an ingest run did, per input and in total."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["IngestOutcome", "IngestReport"]


@dataclass(frozen=True)
class IngestOutcome:
    origin: str
    status: str  # new, duplicate, near_duplicate, failed
    document_id: str | None = None
    reason: str | None = None  # why it failed, or which document it duplicates
    title: str | None = None
    facts: int = 0
    events: int = 0


@dataclass
class IngestReport:
    run_id: str
    outcomes: list[IngestOutcome] = field(default_factory=list)
    indexed: int = 0  # documents embedded for semantic search after the batch
    extracted: bool = True
    elapsed_s: float = 0.0
    bytes_read: int = 0
    index_error: str | None = None  # why semantic indexing failed; the documents are stored regardless

    def add(self, outcome: IngestOutcome) -> None:
        self.outcomes.append(outcome)

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(o.status for o in self.outcomes)
        return {status: counts.get(status, 0) for status in ("new", "duplicate", "near_duplicate", "failed")}

    @property
    def failed(self) -> list[IngestOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id, "counts": self.counts, "indexed": self.indexed, "extracted": self.extracted,
            "elapsed_s": round(self.elapsed_s, 3), "bytes_read": self.bytes_read,
            "index_error": self.index_error,
            "outcomes": [o.__dict__ for o in self.outcomes],
        }
