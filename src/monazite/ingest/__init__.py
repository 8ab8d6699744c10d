"""Ingest: paths, folders, URLs, feeds and JSON Lines in; repaired, cleaned ``Document``s out.

``read_documents`` streams: one input is read, parsed and handed on before the next is
touched, so memory stays flat however large the corpus. Each failure is yielded as an
``IngestError`` (binary, empty, undecodable, oversized, malformed, unsafe XML,
unreachable URL) and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from monazite.errors import IngestError
from monazite.ingest.parse import IngestOptions, parse_raw
from monazite.ingest.sources import RawInput, iter_locations, read_location
from monazite.model import Document, PartialDate
from monazite.settings import Settings

__all__ = ["IngestOptions", "RawInput", "read_documents", "read_one"]


def read_one(location: str, settings: Settings, options: IngestOptions | None = None
             ) -> list[Document | IngestError]:
    """Every document (or error) from one file or URL."""
    try:
        raw = read_location(location, settings)
    except IngestError as exc:
        return [exc]
    return list(parse_raw(raw, settings, options))


def read_documents(inputs: Iterable[str], settings: Settings, *, published: PartialDate | None = None,
                   source: str | None = None, recursive: bool = False) -> Iterator[Document | IngestError]:
    """Documents from paths, folders and URLs, in order, one input at a time."""
    options = IngestOptions(published=published, source=source)
    for location in iter_locations(inputs, recursive):
        if isinstance(location, IngestError):
            yield location
            continue
        yield from read_one(location, settings, options)
