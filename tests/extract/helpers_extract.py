"""Small builders shared by the extraction tests."""

from __future__ import annotations

from monazite.model import Document, PartialDate, document_id, sha256_hex


def make_doc(text: str, published: str | None = None) -> Document:
    return Document(id=document_id(text), origin="test", text=text, raw_sha256=sha256_hex(text),
                    published=PartialDate.parse(published) if published else None)
