"""Main text and metadata of an HTML page, with the page's furniture removed.

Stages:
1. parse leniently with lxml (malformed markup is repaired, never fatal; a page with no
   document at all is refused as malformed);
2. read metadata: title, author, publication date, site name, canonical URL, from meta
   tags, JSON-LD and ``<time>``; the site name is the first of og:site_name, JSON-LD
   publisher name, JSON-LD isPartOf (the website or periodical), meta publisher,
   application-name, dc.publisher and twitter:site that survives
   ``metadata.clean_publisher_name`` (markup stripped; URLs, paths and overlong values refused).
   When the page names no publication date, htmldate's guess (from the URL, then the markup)
   is kept apart (``date_guess``) for the caller to use after the text's own dateline;
3. prune what our selectors know is never the article and trafilatura keeps: comment
   items outside any comment section it recognises (``selectors.COMMENT_ATTR``), never an
   element holding most of the page's text;
4. the main text by trafilatura (comments left out, tables kept);
5. when trafilatura finds no main text (a feed item's fragment, a page too small for its
   heuristics), the page's visible text, one line per block, scripts and forms dropped.

The benchmark ``bench/bench_html.py`` compares this path with trafilatura alone and with the
hand-written reader it replaced.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import lxml.etree
import lxml.html
import trafilatura
from htmldate import find_date

from monazite.errors import UnsupportedInput
from monazite.ingest.metadata import clean_publisher_name, clean_url
from monazite.ingest.selectors import BLOCK_TAGS, COMMENT_ATTR, COMMENT_CANDIDATES, DROP_TAGS

__all__ = ["HtmlArticle", "declared_charset", "extract_html", "looks_like_html"]

MAX_PRUNE_SHARE = 0.5  # an element holding more than this share of the page's text is never pruned as furniture
CHARSET_SNIFF_BYTES = 4096  # where a <meta charset> or XML declaration must appear

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""",
                      re.IGNORECASE)
_HTML_SNIFF = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|p|div)\b",
                         re.IGNORECASE | re.DOTALL)
_TABLE_RULE = re.compile(r"^\s*\|(?:\s*:?-{3,}:?\s*\|)+\s*$")  # trafilatura's Markdown table rule "|---|---|"

_META_TITLE = ("og:title", "twitter:title", "title", "dc.title", "headline")
_META_AUTHOR = ("author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author")
_META_DATE = (
    "article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate",
    "publish-date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date", "sailthru.date",
    "parsely-pub-date", "citation_publication_date",
)
MAX_LD_DEPTH = 3  # isPartOf chains (article -> web page -> website) followed this far
_LD_SITE_TYPES = ("WebSite", "Periodical", "Newspaper", "NewsMediaOrganization", "Organization", "CreativeWorkSeries")


@dataclass
class HtmlArticle:
    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # as written in the page; parsed by metadata.parse_date_value
    site_name: str | None = None
    url: str | None = None
    date_guess: str | None = None  # htmldate's YYYY-MM-DD when the metadata names no publication date
    removed: list[str] = field(default_factory=list)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.match(text[:2048]))


def declared_charset(raw: bytes) -> str | None:
    m = _CHARSET.search(raw[:CHARSET_SNIFF_BYTES])
    if not m:
        return None
    return (m.group(1) or m.group(2)).decode("ascii", "ignore").lower()


def _meta(root: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if key and value and key not in found:
            found[key] = value
    return found


def _json_ld(root: lxml.html.HtmlElement) -> tuple[dict[str, object], dict[str, dict[str, object]]]:
    """The first JSON-LD object describing an article (NewsArticle, Article, BlogPosting...),
    and every JSON-LD node with an ``@id`` (to follow references such as publisher/isPartOf)."""
    article: dict[str, object] = {}
    nodes: dict[str, dict[str, object]] = {}
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, TypeError, RecursionError):
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("@id"), str):
                nodes.setdefault(item["@id"], item)
            if not article and ("Article" in str(item.get("@type", "")) or "headline" in item
                                or "datePublished" in item):
                article = item
    return article, nodes


def _ld_node(value: object, nodes: dict[str, dict[str, object]]) -> dict[str, object] | None:
    """A JSON-LD node, a reference ``{"@id": ...}`` resolved, or the first of a list."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, dict)), None)
    if not isinstance(value, dict):
        return None
    ref = value.get("@id")
    if "name" not in value and isinstance(ref, str) and ref in nodes:
        return nodes[ref]
    return value


def _ld_text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _ld_publisher(article: dict[str, object], nodes: dict[str, dict[str, object]]) -> str | None:
    value = article.get("publisher")
    if isinstance(value, str):
        return value
    node = _ld_node(value, nodes)
    return _ld_text(node.get("name")) if node else None


def _ld_part_of(article: dict[str, object], nodes: dict[str, dict[str, object]]) -> str | None:
    """The name of the website or periodical the article is part of (through its web page)."""
    node: dict[str, object] | None = article
    for _ in range(MAX_LD_DEPTH):
        node = _ld_node(node.get("isPartOf"), nodes) if node else None
        if node is None:
            return None
        if any(kind in str(node.get("@type", "")) for kind in _LD_SITE_TYPES):
            return _ld_text(node.get("name"))
    return None


def _ld_name(value: object) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        name = value.get("name")
        return str(name).strip() if name else None
    return str(value).strip() if value else None


def _site_name(meta: dict[str, str], article: dict[str, object], nodes: dict[str, dict[str, object]]) -> str | None:
    """The first site-name candidate, in order of trust, that is a clean publisher name."""
    candidates = (meta.get("og:site_name"), _ld_publisher(article, nodes), _ld_part_of(article, nodes),
                  meta.get("publisher"), meta.get("application-name"), meta.get("dc.publisher"),
                  meta.get("twitter:site"))
    return next(filter(None, map(clean_publisher_name, candidates)), None)


def _first(*values: object) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _attached(el: lxml.html.HtmlElement, root: lxml.html.HtmlElement) -> bool:
    while el is not None and el is not root:
        el = el.getparent()
    return el is root


def _prune_comments(root: lxml.html.HtmlElement) -> int:
    """Drop comment items trafilatura keeps; never an element with most of the page's text."""
    body = root.find("body")
    total = len((body if body is not None else root).text_content())
    pruned = 0
    for el in root.xpath(COMMENT_CANDIDATES):
        if not _attached(el, root):  # inside a comment section dropped already
            continue
        if not COMMENT_ATTR.search(f"{el.get('class', '')} {el.get('id', '')}"):
            continue
        if len(el.text_content()) <= total * MAX_PRUNE_SHARE:
            el.drop_tree()
            pruned += 1
    return pruned


def _main_text(root: lxml.html.HtmlElement) -> str | None:
    """trafilatura's main text (it works on its own copy of the tree)."""
    try:
        text = trafilatura.extract(root, include_comments=False, include_tables=True)
    except (RecursionError, ValueError, TypeError):
        return None
    if not text:
        return None
    return "\n".join(line for line in text.split("\n") if not _TABLE_RULE.match(line))


def _lines(el: lxml.html.HtmlElement, out: list[str]) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in DROP_TAGS:
        if el.tail:
            out.append(el.tail)
        return
    if tag in BLOCK_TAGS:
        out.append("\n")
    if tag == "li":
        out.append("- ")
    if el.text and isinstance(el.tag, str):
        out.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _lines(child, out)
        elif child.tail:
            out.append(child.tail)
    if tag in ("td", "th"):
        out.append(" ")
    if tag in BLOCK_TAGS:
        out.append("\n")
    if el.tail:
        out.append(el.tail)


def _visible_text(root: lxml.html.HtmlElement) -> str:
    """Every visible text of the page, one line per block (for fragments and tiny pages)."""
    body = root.find("body")
    parts: list[str] = []
    try:
        _lines(body if body is not None else root, parts)
    except RecursionError:
        return " ".join((body if body is not None else root).text_content().split())
    return "".join(parts)


def _date_guess(root: lxml.html.HtmlElement, url: str | None) -> str | None:
    """htmldate's publication date (URL first, then markup and text), as YYYY-MM-DD."""
    try:
        return find_date(root, url=url, original_date=True, extensive_search=True)
    except (RecursionError, ValueError, TypeError):
        return None


def extract_html(text: str, origin: str) -> HtmlArticle:
    """Article text and metadata of an HTML page; raises ``UnsupportedInput`` when there is no document."""
    text = _XML_DECL.sub("", text, count=1)
    try:
        root = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise UnsupportedInput(origin, f"malformed HTML: {exc}") from exc
    meta = _meta(root)
    ld, ld_nodes = _json_ld(root)
    h1 = root.xpath("string(//h1)")
    page_title = root.xpath("string(//title)")
    time_el = root.xpath("//time[@datetime]")
    itemprop_date = root.xpath("//*[@itemprop='datePublished']")
    canonical = [el.get("href") for el in root.xpath("//link[@rel='canonical']")[:1]]
    article = HtmlArticle(
        text="",
        title=_first(*(meta.get(k) for k in _META_TITLE), ld.get("headline"), h1, page_title),
        author=_first(*(meta.get(k) for k in _META_AUTHOR), _ld_name(ld.get("author")),
                      root.xpath("string(//*[@rel='author'])")),
        published=_first(*(meta.get(k) for k in _META_DATE), ld.get("datePublished"),
                         *(el.get("content") or el.get("datetime") for el in itemprop_date[:1]),
                         *(el.get("datetime") for el in time_el[:1])),
        site_name=_site_name(meta, ld, ld_nodes),
        url=next(filter(None, map(clean_url, (meta.get("og:url"), *canonical))), None),
    )
    if not article.published:
        article.date_guess = _date_guess(root, article.url or clean_url(origin))
    page_chars = len(root.text_content())
    pruned = _prune_comments(root)
    main = _main_text(root)
    if main:
        article.text = main
        article.removed.append("html_main_text_trafilatura:1")
    else:
        article.text = _visible_text(root)
        article.removed.append("html_main_text_whole_page:1")
    if pruned:
        article.removed.append(f"removed_html_comments:{pruned}")
    dropped = page_chars - len(article.text)
    if dropped > 0:
        article.removed.append(f"removed_html_furniture_chars:{dropped}")
    return article
