"""Typed records shared by every stage; no I/O."""

from monazite.model.dates import PartialDate
from monazite.model.ids import content_id, document_id, sha256_hex, slugify
from monazite.model.records import (
    SOURCE_KINDS,
    Document,
    Entity,
    Event,
    Extraction,
    Fact,
    Mention,
    Quantity,
    Source,
    Span,
)

__all__ = [
    "SOURCE_KINDS", "Document", "Entity", "Event", "Extraction", "Fact", "Mention", "PartialDate",
    "Quantity", "Source", "Span", "content_id", "document_id", "sha256_hex", "slugify",
]
