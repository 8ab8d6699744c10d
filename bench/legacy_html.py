"""The hand-written HTML reader monazite used before issue 11, frozen here as the
benchmark's baseline (``bench_html.py``, column "old reader"); nothing in the package uses it.

Its path: guess the encoding (strict UTF-8, the declared charset, a Western check, then
charset-normalizer), run the mojibake repair (cp874, then ftfy) over the whole raw page,
pick the article container with our selectors, drop furniture by class/id, serialise
blocks as lines, then the plain-text boilerplate pass. The metadata reader is not part of
the comparison (it is unchanged), so only the text path is kept.
"""

from __future__ import annotations

import codecs
import json
import re

import lxml.etree
import lxml.html
from charset_normalizer import from_bytes

from monazite.errors import UnsupportedInput
from monazite.ingest.boilerplate import clean_text
from monazite.ingest.encoding import (
    CHAOS_TIE, COMMON_ENCODINGS, MAX_CHAOS, SNIFF_BYTES, _bom, _looks_western, _refuse_binary, _utf16_without_bom,
)
from monazite.ingest.html import declared_charset
from monazite.ingest.metadata import date_from_text, parse_date_value
from monazite.ingest.repair import repair_text

MIN_CONTAINER_CHARS = 200
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SKIP_ATTR_CHECK = frozenset({"html", "body", "article", "main"})

DROP_TAGS: tuple[str, ...] = (
    "script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "svg", "button",
    "select", "input", "textarea", "footer", "menu", "dialog", "object", "embed", "canvas",
)

# class/id tokens of page furniture: share bars, comment forms, newsletter boxes, sidebars.
BOILERPLATE_ATTR = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|sharedaddy|social|comments?|comment-respond|respond|reply|"
    r"newsletter|subscribe|subscription|signup|related|recent-posts|sidebar|widget|menu|navbar|nav|"
    r"breadcrumbs?|cookie|consent|advert|ads|advertisement|promo|popup|modal|author-box|author-bio|"
    r"jp-relatedposts|wpcnt|tags|tag-links|post-navigation|pagination|skip-link|screen-reader-text)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)


MAIN_CONTAINERS: tuple[str, ...] = (
    "//*[@itemprop='articleBody']",
    "//article",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' post-content ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' article-body ')]",
    "//main",
    "//*[@role='main']",
)

# Elements whose text becomes one line of the document.
BLOCK_TAGS: frozenset[str] = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "dt", "dd",
    "tr", "div", "section", "article", "main", "header", "table", "ul", "ol", "br", "hr",
})


def _container(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    for xpath in MAIN_CONTAINERS:
        candidates = [el for el in root.xpath(xpath) if isinstance(el, lxml.html.HtmlElement)]
        candidates = [el for el in candidates if len(el.text_content().strip()) >= MIN_CONTAINER_CHARS]
        if candidates:
            return max(candidates, key=lambda el: len(el.text_content()))
    body = root.find("body")
    return body if body is not None else root


def _drop_furniture(container: lxml.html.HtmlElement) -> int:
    dropped = 0
    for el in list(container.iter()):
        if el is container or not isinstance(el.tag, str) or el.getparent() is None:
            continue
        tag = el.tag.lower()
        attrs = f"{el.get('class', '')} {el.get('id', '')}"
        if tag in DROP_TAGS or (tag not in _SKIP_ATTR_CHECK and BOILERPLATE_ATTR.search(attrs)):
            el.drop_tree()
            dropped += 1
    return dropped


def _lines(el: lxml.html.HtmlElement, out: list[str]) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in BLOCK_TAGS:
        out.append("\n")
    if tag == "li":
        out.append("- ")
    if el.text and isinstance(el.tag, str):
        out.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _lines(child, out)
        if child.tail:
            out.append(child.tail)
    if tag in ("td", "th"):
        out.append(" ")
    if tag in BLOCK_TAGS:
        out.append("\n")



def detect_encoding(raw: bytes, origin: str = "<bytes>", declared: str | None = None) -> str:
    """The encoding ``raw`` is written in; raises ``UnsupportedInput`` for binary or undecodable input.

    ``declared`` (an HTML ``<meta charset>`` or XML declaration) is trusted after UTF-8 and
    before any statistical guess.
    """
    if not raw:
        raise UnsupportedInput(origin, "empty file")
    bom = _bom(raw)
    if bom:
        return bom[0]
    utf16 = _utf16_without_bom(raw[:SNIFF_BYTES])
    if utf16:
        return utf16
    _refuse_binary(raw, origin)
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            codecs.lookup(declared)
            raw.decode(declared)
            return declared
        except (LookupError, UnicodeDecodeError):
            pass
    if _looks_western(raw):
        return "cp1252"
    matches = list(from_bytes(raw))
    if not matches or matches[0].chaos > MAX_CHAOS:
        raise UnsupportedInput(origin, "undecodable bytes: not UTF-8 and no plausible text encoding")
    best = matches[0]
    for match in matches:
        if match.chaos > best.chaos + CHAOS_TIE:
            continue
        for name in match.could_be_from_charset:
            if name in COMMON_ENCODINGS:
                return name
    return best.encoding




def legacy_text(raw: bytes, origin: str = "<page>") -> tuple[str, str]:
    """The old reader's article text of a page, and the encoding it decoded the page as."""
    encoding = detect_encoding(raw, origin, declared_charset(raw))
    text, _ = repair_text(raw.decode(encoding).lstrip("\ufeff"))
    text = _XML_DECL.sub("", text, count=1)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise UnsupportedInput(origin, f"malformed HTML: {exc}") from exc
    container = _container(root)
    _drop_furniture(container)
    parts: list[str] = []
    _lines(container, parts)
    return clean_text("".join(parts))[0], encoding


_META_DATE = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
    "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date", "sailthru.date",
    "parsely-pub-date", "citation_publication_date",
)


def legacy_date(raw: bytes, text: str) -> str | None:
    """The old date finder: publication meta tags, JSON-LD datePublished, itemprop, the first
    ``<time datetime>``, else a dateline near the top of the extracted ``text``."""
    page = raw.decode(detect_encoding(raw, "<page>", declared_charset(raw)))
    root = lxml.html.document_fromstring(_XML_DECL.sub("", page, count=1))
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key and (el.get("content") or "").strip():
            meta.setdefault(key, el.get("content").strip())
    candidates = [meta.get(k) for k in _META_DATE]
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, TypeError):
            continue
        if isinstance(data, dict):
            candidates.append(data.get("datePublished"))
    candidates += [el.get("content") or el.get("datetime") for el in root.xpath("//*[@itemprop='datePublished']")[:1]]
    candidates += [el.get("datetime") for el in root.xpath("//time[@datetime]")[:1]]
    value = next((c for c in candidates if isinstance(c, str) and c.strip()), None)
    found = parse_date_value(value) or date_from_text(text)
    return found.iso if found else None
