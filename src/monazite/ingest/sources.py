"""Inputs: turning the paths and URLs given to ``ingest`` into raw bytes, one at a time.

``iter_locations`` expands folders lazily (sorted, hidden files skipped) so a corpus of any
size streams through; ``read_location`` reads one file or fetches one URL, enforcing the
size limit before the bytes are held in memory.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from monazite.errors import IngestError, UnsupportedInput
from monazite.ingest.web import fetch_url
from monazite.settings import Settings

__all__ = ["EXTENSION_KINDS", "RawInput", "is_url", "iter_locations", "kind_for_path", "read_location"]

EXTENSION_KINDS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
    ".htm": "html", ".xhtml": "html", ".rss": "feed", ".atom": "feed", ".xml": "xml",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".csv": "csv",
}


@dataclass(frozen=True)
class RawInput:
    origin: str  # the path as given (resolved for folders' members) or the URL
    data: bytes
    kind: str | None  # text, markdown, html, feed, xml, jsonl, pdf, docx, xlsx, csv; None: sniff the bytes
    fetched_at: dt.datetime | None = None
    url: str | None = None


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def kind_for_path(path: str) -> str | None:
    return EXTENSION_KINDS.get(Path(path).suffix.lower())


def _walk(folder: Path, recursive: bool) -> Iterator[str]:
    if recursive:
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    yield str(Path(root) / name)
    else:
        for entry in sorted(folder.iterdir()):
            if entry.is_file() and not entry.name.startswith("."):
                yield str(entry)


def iter_locations(inputs: Iterable[str], recursive: bool = False) -> Iterator[str | IngestError]:
    """Each file or URL to read, in order; a missing path is an error item, not an exception."""
    for location in inputs:
        if is_url(location):
            yield location
            continue
        path = Path(location).expanduser()
        if path.is_dir():
            yield from _walk(path, recursive)
        elif path.is_file():
            yield str(path)
        else:
            yield UnsupportedInput(location, "no such file or folder")


def read_location(location: str, settings: Settings) -> RawInput:
    """Read one file or fetch one URL; raises an ``IngestError`` subclass with the reason."""
    if is_url(location):
        fetched = fetch_url(location, settings)
        return RawInput(origin=location, data=fetched.data, kind=fetched.kind,
                        fetched_at=fetched.fetched_at, url=fetched.url)
    path = Path(location)
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise UnsupportedInput(location, f"oversized: {size} bytes > limit {settings.max_file_bytes} "
                                             "(setting max_file_bytes)")
        if size == 0:
            raise UnsupportedInput(location, "empty file")
        with path.open("rb") as handle:
            data = handle.read(settings.max_file_bytes + 1)
    except OSError as exc:
        raise UnsupportedInput(location, f"unreadable: {exc.strerror or exc}") from exc
    if len(data) > settings.max_file_bytes:
        raise UnsupportedInput(location, f"oversized: more than {settings.max_file_bytes} bytes")
    return RawInput(origin=location, data=data, kind=kind_for_path(location))
