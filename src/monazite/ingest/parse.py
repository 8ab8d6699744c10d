"""Raw bytes to ``Document``s: decode, repair, extract the article, clean, read metadata.

One raw input gives one document, except feeds and JSON Lines files, which give one per
item; a bad item is that item's ``IngestError`` and the other items still come through.

A document's ``origin`` is where it came from: the path or URL given, a feed item's link, a
JSON Lines record's url, or, for a saved text whose header line declares its page
("Source: https://..."), that page's URL. Its publisher is resolved by
``publishers.resolve_source`` from the page's metadata, URL and masthead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from monazite.errors import FetchError, IngestError, UnsupportedInput
from monazite.ingest.boilerplate import clean_text
from monazite.ingest.dedup import simhash
from monazite.ingest.disclosure import detect_disclosure, disclosure_source
from monazite.ingest.encoding import decode_bytes
from monazite.ingest.feeds import FeedItem, looks_like_feed, parse_feed
from monazite.ingest.html import declared_charset, extract_html, looks_like_html
from monazite.ingest.html_tables import HtmlTable, append_tables, split_tables
from monazite.ingest.jsonl import iter_jsonl
from monazite.ingest.markdown import markdown_title, strip_markdown
from monazite.ingest.ooxml import package_kind
from monazite.ingest.metadata import (
    clean_url, date_from_text, detect_language, host_of, parse_date_value, title_from_text, url_from_text,
)
from monazite.ingest.publishers import resolve_source
from monazite.ingest.reading import Reading, offset_problems
from monazite.ingest.repair import fix_mojibake, repair_encoding, repair_text
from monazite.ingest.sources import RawInput
from monazite.ingest.web import Fetched, fetch_url
from monazite.model import Document, PartialDate, document_id, sha256_hex
from monazite.settings import Settings

__all__ = ["READING_KINDS", "IngestOptions", "parse_feed_item", "parse_raw"]

READING_KINDS = frozenset({"pdf", "docx", "xlsx", "csv"})  # files read into a ``Reading`` (pages, tables)


@dataclass(frozen=True)
class IngestOptions:
    """What the person running the ingest says about every input of the batch."""

    published: PartialDate | None = None  # --published: wins over dates found in metadata or text
    source: str | None = None  # --source NAME: the publisher


@dataclass
class _Meta:
    title: str | None = None
    author: str | None = None
    published: str | None = None
    published_source: str | None = None
    date_guess: str | None = None  # htmldate's, used after the text's own dateline
    date_guess_source: str = "htmldate"  # "metadata" for a file's creation date (PDF, docx)
    site_name: str | None = None  # the page's own site metadata
    feed_site: str | None = None  # the feed's title, for an item linking into the feed's own site
    url: str | None = None
    repairs: list[str] = field(default_factory=list)
    tables: list[HtmlTable] = field(default_factory=list)  # a page's data tables, rendered after cleaning


def _sniff_kind(raw: RawInput) -> str:
    kind = raw.kind
    if kind is None and raw.data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if kind is None and (package := package_kind(raw.data)):
        return package  # a docx or xlsx downloaded without a telling name or Content-Type
    if kind in ("feed", "xml", None) and looks_like_feed(raw.data):
        return "feed"
    if kind in (None, "xml", "text") and looks_like_html(raw.data[:2048].decode("utf-8", "ignore")):
        return "html"
    if kind == "xml":
        return "text"
    return kind or "text"


def _finish(origin: str, body: str, *, raw: RawInput, raw_sha256: str, content_type: str, encoding: str | None,
            repairs: list[str], meta: _Meta, settings: Settings, options: IngestOptions) -> Document:
    text, removed = clean_text(body)
    text, tables = append_tables(text, meta.tables)  # after cleaning, so cell offsets index the final text
    if tables:
        removed.append(f"html_tables:{len(tables)}")
    if len(text) < settings.min_text_chars:
        raise UnsupportedInput(origin, f"empty: {len(text)} characters of text after cleaning "
                                       f"(minimum {settings.min_text_chars}, setting min_text_chars)")
    document = _document(origin, text, raw=raw, raw_sha256=raw_sha256, content_type=content_type,
                         encoding=encoding, repairs=[*repairs, *meta.repairs, *removed], meta=meta, options=options)
    document.tables = tables
    return document


def _document(origin: str, text: str, *, raw: RawInput, raw_sha256: str, content_type: str, encoding: str | None,
              repairs: list[str], meta: _Meta, options: IngestOptions) -> Document:
    """The document over its final ``text``: publication date (the CLI's, the metadata's, the
    text's dateline, then a guess), origin and publisher."""
    published, published_source = options.published, "cli" if options.published else None
    if published is None and meta.published:
        published = parse_date_value(meta.published)
        published_source = meta.published_source if published else None
    if published is None:
        published = date_from_text(text)
        published_source = "text" if published else None
    if published is None and meta.date_guess:
        published = parse_date_value(meta.date_guess)
        published_source = meta.date_guess_source if published else None
    declared = url_from_text(text)
    if declared and not clean_url(origin):
        origin = declared  # a saved page says where it was published: that is its origin
    source = resolve_source(text, name=options.source, url=meta.url or raw.url or declared or origin,
                            site_name=meta.site_name or meta.feed_site)
    title = meta.title or title_from_text(text)
    disclosure = detect_disclosure(text, title)  # a filing is its issuer's word, unless --source says otherwise
    if disclosure is not None and not options.source:
        source = disclosure_source(disclosure, source)
    return Document(
        id=document_id(text), origin=origin, text=text, raw_sha256=raw_sha256,
        title=title, author=meta.author, published=published,
        published_source=published_source, fetched_at=raw.fetched_at or dt.datetime.now(dt.timezone.utc),
        language=detect_language(text), source=source, encoding=encoding,
        repairs=repairs, content_type=content_type, fingerprint=simhash(text), disclosure=disclosure,
    )


def _read_file(raw: RawInput, kind: str, settings: Settings) -> Reading:
    """The reading of a PDF or office file, by the reader for its kind (imported on use:
    their libraries are heavy and most batches hold none of these files)."""
    if kind == "pdf":
        from monazite.ingest.pdf import read_pdf
        return read_pdf(raw, settings)
    from monazite.ingest import office
    reader: Callable[[RawInput, Settings], Reading] = getattr(office, f"read_{kind}")
    return reader(raw, settings)


def _finish_reading(raw: RawInput, reading: Reading, settings: Settings, options: IngestOptions,
                    feed: _Meta | None = None) -> Document:
    """A document from a reader's text as it is: no boilerplate cleaning, which would move
    the page and cell offsets; the file's own date counts only when the text has no dateline.
    A file a feed item links to (``feed``: the item's metadata) takes the item's title, date
    and publisher before the file's own."""
    text = reading.text
    problems = offset_problems(text, reading.pages, reading.tables)
    if problems:
        raise UnsupportedInput(raw.origin, f"reader error ({reading.content_type}): {'; '.join(problems[:3])}")
    if len(text.strip()) < settings.min_text_chars:
        raise UnsupportedInput(raw.origin, f"empty: {len(text.strip())} characters of text "
                                           f"(minimum {settings.min_text_chars}, setting min_text_chars)")
    meta = _Meta(title=reading.title, author=reading.author, date_guess=reading.published,
                 date_guess_source="metadata")
    if feed is not None:
        meta.title, meta.author = feed.title or meta.title, feed.author or meta.author
        meta.published, meta.published_source = feed.published, feed.published_source
        meta.url, meta.feed_site = feed.url, feed.feed_site
    document = _document(raw.origin, text, raw=raw, raw_sha256=sha256_hex(raw.data),
                         content_type=reading.content_type, encoding=reading.encoding,
                         repairs=[*(feed.repairs if feed else []), *reading.repairs], meta=meta, options=options)
    document.pages = list(reading.pages)
    document.tables = list(reading.tables)
    return document


def _html_body(text: str, origin: str, meta: _Meta) -> str:
    """The page's main text (ftfy-repaired after extraction, never over the raw markup);
    its metadata fills what ``meta`` does not know yet."""
    article = extract_html(text, origin)
    body, repairs = fix_mojibake(article.text)
    meta.title = meta.title or (fix_mojibake(article.title)[0] if article.title else None)
    meta.author = meta.author or (fix_mojibake(article.author)[0] if article.author else None)
    if article.published and not meta.published:
        meta.published, meta.published_source = article.published, "metadata"
    meta.date_guess = meta.date_guess or article.date_guess
    meta.site_name = meta.site_name or article.site_name
    meta.url = meta.url or article.url
    meta.repairs.extend([*article.removed, *repairs])
    body, tables = split_tables(text, body)  # data tables leave the prose and come back with their headers
    meta.tables.extend(tables)
    return body


def _single(raw: RawInput, kind: str, settings: Settings, options: IngestOptions) -> Document:
    declared = declared_charset(raw.data) if kind == "html" else None
    decoded, encoding = decode_bytes(raw.data, raw.origin, declared)
    # a page gets the cp874 repair whole and ftfy on its extracted text only (_html_body)
    text, repairs = repair_encoding(decoded) if kind == "html" else repair_text(decoded)
    meta = _Meta()
    if kind == "html":
        body = _html_body(text, raw.origin, meta)
    elif kind == "markdown":
        meta.title = markdown_title(text)
        body = strip_markdown(text)
    else:
        body = text
    return _finish(raw.origin, body, raw=raw, raw_sha256=sha256_hex(raw.data), content_type=kind,
                   encoding=encoding, repairs=repairs, meta=meta, settings=settings, options=options)


def _same_site(link: str | None, feed_link: str | None) -> bool:
    """Whether an item's link lies on the feed's own site (so the feed's title names its
    publisher); an item without a link belongs to the feed. An aggregator's items linking to
    other sites are published by those sites."""
    if not link:
        return True
    item_host, feed_host = host_of(link), host_of(feed_link)
    if item_host is None or feed_host is None:
        return False
    return item_host == feed_host or item_host.endswith("." + feed_host) or feed_host.endswith("." + item_host)


def _feed_item(item: FeedItem, index: int, raw: RawInput, settings: Settings, options: IngestOptions,
               fetch: Callable[[str, Settings], Fetched] = fetch_url) -> Document:
    origin = item.link or f"{raw.origin}#item-{index}"
    meta = _Meta(title=item.title, author=item.author, published=item.published, published_source="rss",
                 url=item.link, feed_site=item.feed_title if _same_site(item.link, item.feed_link) else None)
    body, raw_bytes, content_type = item.body, item.raw, "rss-item"
    if not item.has_full_text and item.link and item.link.startswith(("http://", "https://")) \
            and settings.follow_feed_links:
        try:
            page = fetch(item.link, settings)
            linked = RawInput(item.link, page.data, page.kind, fetched_at=page.fetched_at, url=page.url)
            if (kind := _sniff_kind(linked)) in READING_KINDS:  # an announcement feed links to the filing
                filed = _finish_reading(linked, _read_file(linked, kind, settings), settings, options,
                                        replace(meta, repairs=[*meta.repairs, "feed_followed_link:1"]))
                if filed.source is None and item.feed_title:
                    filed.source = resolve_source(filed.text, site_name=item.feed_title)
                return filed
            page_text, _ = decode_bytes(page.data, item.link, declared_charset(page.data))
            page_text, page_repairs = repair_encoding(page_text)
            body = _html_body(page_text, item.link, meta)
            raw_bytes, content_type = page.data, "html"
            meta.repairs.extend(["feed_followed_link:1", *page_repairs])
        except (FetchError, UnsupportedInput) as exc:
            meta.repairs.append(f"feed_link_unreachable:1 ({exc.reason})")
    if content_type == "rss-item" and "<" in body:
        body = _html_body(body, origin, meta)
    body, repairs = repair_text(body)
    document = _finish(origin, body, raw=raw, raw_sha256=sha256_hex(raw_bytes), content_type=content_type,
                       encoding="utf-8", repairs=repairs, meta=meta, settings=settings, options=options)
    if document.source is None and item.feed_title:
        document.source = resolve_source(document.text, site_name=item.feed_title)
    return document


def parse_feed_item(item: FeedItem, raw: RawInput, settings: Settings, options: IngestOptions | None = None, *,
                    index: int = 1, fetch: Callable[[str, Settings], Fetched] = fetch_url) -> Document:
    """One item of the feed ``raw`` as a document, for a poller that picks which items are new;
    a summary-only item's page is fetched through ``fetch`` (a poller's polite client), and
    when it cannot be, the summary is kept and the document's repairs say why. Raises
    ``IngestError``."""
    return _feed_item(item, index, raw, settings, options or IngestOptions(), fetch)


def parse_raw(raw: RawInput, settings: Settings, options: IngestOptions | None = None
              ) -> Iterator[Document | IngestError]:
    """Documents (or per-item errors) from one raw input; never raises ``IngestError``."""
    options = options or IngestOptions()
    try:
        kind = _sniff_kind(raw)
        if kind == "feed":
            items = parse_feed(raw.data, raw.origin)
            if not items:
                raise UnsupportedInput(raw.origin, "feed has no items")
            for index, item in enumerate(items, start=1):
                try:
                    yield _feed_item(item, index, raw, settings, options)
                except IngestError as exc:
                    yield exc
        elif kind == "jsonl":
            text, _encoding = decode_bytes(raw.data, raw.origin)
            for record in iter_jsonl(text, raw.origin):
                if isinstance(record, IngestError):
                    yield record
                    continue
                try:
                    body, repairs = repair_text(record.text)
                    meta = _Meta(title=record.title, author=record.author, published=record.published,
                                 published_source="jsonl", url=clean_url(record.origin) or clean_url(record.source),
                                 site_name=None if clean_url(record.source) else record.source)
                    if looks_like_html(body):
                        body = _html_body(body, record.origin, meta)
                    yield _finish(record.origin, body, raw=raw, raw_sha256=sha256_hex(record.raw),
                                  content_type="jsonl", encoding="utf-8", repairs=repairs, meta=meta,
                                  settings=settings, options=options)
                except IngestError as exc:
                    yield exc
        elif kind in READING_KINDS:
            yield _finish_reading(raw, _read_file(raw, kind, settings), settings, options)
        else:
            yield _single(raw, kind, settings, options)
    except IngestError as exc:
        yield exc
