"""RSS 2.0 and Atom feeds: each item becomes one entry, parsed with defusedxml.

XML with a DTD that declares entities (billion laughs) or references external entities is
refused with ``UnsafeInput`` before anything is expanded or fetched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError, tostring

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from monazite.errors import UnsafeInput, UnsupportedInput

__all__ = ["FeedItem", "looks_like_feed", "parse_feed"]

SUMMARY_ONLY_CHARS = 600  # an item whose body is shorter than this is a teaser: follow its link for the full page

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "{http://purl.org/dc/elements/1.1/}"
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


def _text(el: Element | None) -> str | None:
    if el is None:
        return None
    value = "".join(el.itertext()).strip()
    return value or None


def _parse(raw: bytes, origin: str) -> Element:
    try:
        return SafeET.fromstring(raw, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeInput(origin, f"unsafe XML refused ({exc.__class__.__name__}: entity expansion or "
                                  "external entities)") from exc
    except ParseError as exc:
        raise UnsupportedInput(origin, f"malformed XML: {exc}") from exc


def _rss_items(root: Element) -> Iterator[FeedItem]:
    channel = root.find("channel")
    feed_title = _text(channel.find("title")) if channel is not None else None
    feed_link = _text(channel.find("link")) if channel is not None else None
    for item in root.iter("item"):
        full = _text(item.find(CONTENT))
        summary = _text(item.find("description"))
        body = full or summary or ""
        yield FeedItem(
            title=_text(item.find("title")), link=_text(item.find("link")) or _guid_link(item),
            published=_text(item.find("pubDate")) or _text(item.find(f"{DC}date")),
            author=_text(item.find(f"{DC}creator")) or _text(item.find("author")),
            body=body, has_full_text=bool(full) or len(body) >= SUMMARY_ONLY_CHARS,
            raw=tostring(item), feed_title=feed_title, feed_link=feed_link,
        )


def _guid_link(item: Element) -> str | None:
    guid = item.find("guid")
    value = _text(guid)
    if value and value.startswith(("http://", "https://")) and (guid.get("isPermaLink", "true") != "false"):
        return value
    return None


def _atom_link(entry: Element) -> str | None:
    links = entry.findall(f"{ATOM}link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return links[0].get("href") if links else None


def _atom_items(root: Element) -> Iterator[FeedItem]:
    feed_title = _text(root.find(f"{ATOM}title"))
    feed_link = _atom_link(root)
    for entry in root.iter(f"{ATOM}entry"):
        full = _text(entry.find(f"{ATOM}content"))
        summary = _text(entry.find(f"{ATOM}summary"))
        body = full or summary or ""
        author = entry.find(f"{ATOM}author")
        yield FeedItem(
            title=_text(entry.find(f"{ATOM}title")), link=_atom_link(entry),
            published=_text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated")),
            author=_text(author.find(f"{ATOM}name")) if author is not None else None,
            body=body, has_full_text=bool(full) or len(body) >= SUMMARY_ONLY_CHARS,
            raw=tostring(entry), feed_title=feed_title, feed_link=feed_link,
        )


def parse_feed(raw: bytes, origin: str) -> list[FeedItem]:
    """Items of an RSS 2.0 or Atom feed; raises ``UnsafeInput`` or ``UnsupportedInput``."""
    root = _parse(raw, origin)
    if root.tag == f"{ATOM}feed":
        return list(_atom_items(root))
    if root.tag in ("rss", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"):
        return list(_rss_items(root))
    raise UnsupportedInput(origin, f"not an RSS or Atom feed (root element <{root.tag}>)")
