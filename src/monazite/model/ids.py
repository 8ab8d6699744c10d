"""Content-hashed identifiers: the same input always yields the same id, so re-runs are idempotent."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Any

ID_HEX_CHARS = 16  # 64 bits: collision-free at any corpus size monazite targets


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def content_id(prefix: str, *parts: Any) -> str:
    """An id hashed from the parts' canonical JSON, e.g. ``fact_3f2a...``."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return f"{prefix}_{sha256_hex(blob)[:ID_HEX_CHARS]}"


def document_id(text: str) -> str:
    """Documents are keyed by their repaired text, so a re-encoded copy is the same document."""
    return "doc_" + sha256_hex(text)[:ID_HEX_CHARS]


_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """ASCII slug used for entity ids: 'China Northern Rare Earth' -> 'china-northern-rare-earth'."""
    norm = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return _SLUG_DROP.sub("-", norm).strip("-") or sha256_hex(name)[:12]
