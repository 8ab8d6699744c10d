"""Extraction: pure functions from a document's text to mentions, quantities, facts and
events, each carrying the character offsets of its source span.

``extract_document`` is imported lazily so that importing a single extractor module
(``monazite.extract.quantities``) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from monazite.extract.document import extract_document

__all__ = ["extract_document"]


def __getattr__(name: str) -> Any:
    if name == "extract_document":
        from monazite.extract.document import extract_document

        return extract_document
    raise AttributeError(f"module 'monazite.extract' has no attribute {name!r}")
