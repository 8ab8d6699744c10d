"""RSS 0.9x, 1.0 (RDF) and 2.0 and Atom feeds: each item becomes one entry, read by feedparser
behind a defusedxml check.

Stages:
1. defusedxml parses the bytes first: XML with a DTD that declares entities (billion laughs)
   or references external entities is refused with ``UnsafeInput`` before anything is
   expanded or fetched, malformed XML with ``UnsupportedInput``, and a root that is no feed
   (``<rss>``, ``<rdf:RDF>``, Atom ``<feed>``) likewise;
2. feedparser reads the same bytes (never a URL or a path: it is handed a byte stream, so it
   fetches nothing): titles, links (a permalink guid when there is no link), dates, authors,
   full content or summary, HTML sanitised;
3. each entry is paired with its item's own XML from step 1, in document order, so the same
   item hashes the same in a later fetch (``feed_keys`` reads its guid there).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError, tostring

import defusedxml.ElementTree as SafeET
import feedparser
from defusedxml import DefusedXmlException

from monazite.errors import UnsafeInput, UnsupportedInput

__all__ = ["FeedItem", "looks_like_feed", "parse_feed"]

SUMMARY_ONLY_CHARS = 600  # an item whose body is shorter than this is a teaser: follow its link for the full page

ATOM = "{http://www.w3.org/2005/Atom}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
# where each kind of feed keeps its items: RSS 0.9x/2.0 (no namespace), RSS 1.0, RSS 0.90, Atom
ITEM_TAGS = ("item", "{http://purl.org/rss/1.0/}item", "{http://my.netscape.com/rdf/simple/0.9/}item", f"{ATOM}entry")
_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!DOCTYPE[^>]*(?:\[.*?\])?\s*>\s*)*<(?:rss|feed|rdf:RDF)\b",
                    re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class FeedItem:
    title: str | None
    link: str | None
    published: str | None
    author: str | None
    body: str  # HTML or text: full content when the feed has it, else the summary
    has_full_text: bool
    raw: bytes  # the item's own XML, hashed to recognise the same item in a later fetch
    feed_title: str | None
    feed_link: str | None = None  # the feed's own site (RSS channel link, Atom alternate link)


def looks_like_feed(raw: bytes) -> bool:
    return bool(_SNIFF.match(raw[:4096]))


def _safe_tree(raw: bytes, origin: str) -> Element:
    try:
        return SafeET.fromstring(raw, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeInput(origin, f"unsafe XML refused ({exc.__class__.__name__}: entity expansion or "
                                  "external entities)") from exc
    except ParseError as exc:
        raise UnsupportedInput(origin, f"malformed XML: {exc}") from exc


def _item_elements(root: Element) -> list[Element]:
    return [el for el in root.iter() if el.tag in ITEM_TAGS]


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _items(parsed: feedparser.FeedParserDict, elements: list[Element]) -> Iterator[FeedItem]:
    feed_title, feed_link = _clean(parsed.feed.get("title")), _clean(parsed.feed.get("link"))
    for entry, element in zip(parsed.entries, elements):
        contents = [c.get("value") for c in entry.get("content") or [] if _clean(c.get("value"))]
        full = _clean(contents[0]) if contents else None
        body = full or _clean(entry.get("summary")) or ""
        yield FeedItem(
            title=_clean(entry.get("title")), link=_clean(entry.get("link")),
            published=_clean(entry.get("published")) or _clean(entry.get("updated")),
            author=_clean(entry.get("author")), body=body,
            has_full_text=bool(full) or len(body) >= SUMMARY_ONLY_CHARS,
            raw=tostring(element), feed_title=feed_title, feed_link=feed_link,
        )


def parse_feed(raw: bytes, origin: str) -> list[FeedItem]:
    """Items of an RSS 0.9x/1.0/2.0 or Atom feed; raises ``UnsafeInput`` or ``UnsupportedInput``."""
    root = _safe_tree(raw, origin)
    if root.tag not in ("rss", RDF, f"{ATOM}feed"):
        raise UnsupportedInput(origin, f"not an RSS or Atom feed (root element <{root.tag}>)")
    elements = _item_elements(root)
    parsed = feedparser.parse(io.BytesIO(raw), resolve_relative_uris=False)
    if len(parsed.entries) != len(elements):
        raise UnsupportedInput(origin, f"feed items unreadable: {len(elements)} items in the XML, "
                                       f"{len(parsed.entries)} read")
    return list(_items(parsed, elements))
