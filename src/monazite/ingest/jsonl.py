"""JSON Lines of articles: one ``{"url", "title", "published", "text"}`` object per line.

A bad line is that line's error; the other lines of the file still go in.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from monazite.errors import UnsupportedInput

__all__ = ["JsonArticle", "iter_jsonl"]

TEXT_KEYS = ("text", "content", "body")  # accepted names for the article text, first present wins


@dataclass(frozen=True)
class JsonArticle:
    origin: str  # the record's url, else "<file>:<line>"
    line: int
    title: str | None
    published: str | None
    text: str
    author: str | None
    source: str | None
    raw: bytes


def iter_jsonl(text: str, origin: str) -> Iterator[JsonArticle | UnsupportedInput]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield UnsupportedInput(where, f"malformed JSON line: {exc.msg}")
            continue
        if not isinstance(record, dict):
            yield UnsupportedInput(where, "malformed JSON line: expected an object")
            continue
        body = next((record[k] for k in TEXT_KEYS if isinstance(record.get(k), str) and record[k].strip()), None)
        if body is None:
            yield UnsupportedInput(where, "JSON line has no text")
            continue
        url = record.get("url") if isinstance(record.get("url"), str) else None
        yield JsonArticle(
            origin=url or where, line=number,
            title=record.get("title") if isinstance(record.get("title"), str) else None,
            published=str(record["published"]) if record.get("published") else None,
            text=body, author=record.get("author") if isinstance(record.get("author"), str) else None,
            source=record.get("source") if isinstance(record.get("source"), str) else None,
            raw=line.encode("utf-8"),
        )
