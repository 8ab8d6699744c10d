"""Which feed item is which: a key that stays the same however often a feed repeats an item.

The key is the sha256 of the item's guid (RSS ``<guid>``, Atom ``<id>``, RSS 1.0
``rdf:about``) when its XML has one, else of its link, else of its XML. A guid is the
publisher's own promise of identity; a link may carry tracking parameters that change, and the
XML changes with every edit, so each is only the fallback for the one before.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from monazite.ingest.feeds import FeedItem
from monazite.model import sha256_hex

__all__ = ["item_guid", "item_key"]

RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
MAX_GUID_CHARS = 2000  # a longer "guid" is content, not an identifier
_GUID_TEXT = re.compile(rb"<(guid|id)\b[^>]*>\s*([^<]{1,2000}?)\s*</\1\s*>")


# An item's own identifier: RSS's plain <guid>, Atom's <id>. An extension's <foo:id> is not one
# (two items sharing <media:id>1</media:id> are different items).
ITEM_ID_TAGS = frozenset({"guid", "{http://www.w3.org/2005/Atom}id"})


def item_guid(raw: bytes) -> str | None:
    """The guid an item's XML declares, or None. Only the item's own children count (an
    Atom entry's ``<source><id>`` names the feed it was copied from, not the entry)."""
    try:
        element = SafeET.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (ParseError, DefusedXmlException, ValueError):
        match = _GUID_TEXT.search(raw)  # not XML on its own: the first guid-like element
        if match is None:
            return None
        return match.group(2).decode("utf-8", "replace").strip() or None
    about = (element.get(RDF_ABOUT) or "").strip()
    for child in element:
        if isinstance(child.tag, str) and child.tag in ITEM_ID_TAGS:
            value = "".join(child.itertext()).strip()
            if value and len(value) <= MAX_GUID_CHARS:
                return value
    return about or None


def item_key(item: FeedItem) -> str:
    """sha256 (hex) of the item's guid, else its link, else its XML."""
    guid = item_guid(item.raw) if item.raw else None
    if guid:
        return sha256_hex(guid.encode("utf-8"))
    if item.link and item.link.strip():
        return sha256_hex(item.link.strip().encode("utf-8"))
    return sha256_hex(item.raw or (item.title or "").encode("utf-8") + item.body.encode("utf-8"))
