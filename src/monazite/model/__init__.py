"""Typed records shared by every stage; no I/O."""

from monazite.model.dates import PartialDate
from monazite.model.ids import content_id, document_id, sha256_hex, slugify
from monazite.model.records import (
    SOURCE_KINDS,
    Disclosure,
    Document,
    Entity,
    Event,
    Extraction,
    Fact,
    Mention,
    Page,
    Quantity,
    Source,
    Span,
    Table,
    TableCell,
)

__all__ = [
    "SOURCE_KINDS", "Disclosure", "Document", "Entity", "Event", "Extraction", "Fact", "Mention", "Page", "PartialDate",
    "Quantity", "Source", "Span", "Table", "TableCell", "content_id", "document_id", "sha256_hex", "slugify",
]
