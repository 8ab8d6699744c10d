"""Title, publication date, language, page address and publisher names of a document, from
its metadata or its text.

A date is taken from the text only near the top and only when a line is (mostly) the date
itself, "Apr 18, 2025" under a headline, so a body sentence such as "On April 15, 2025,
the President signed..." is never mistaken for the publication date. An absent date stays
``None``: never today's date.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import re
import unicodedata
from urllib.parse import urlsplit

from monazite.model import PartialDate

__all__ = [
    "clean_publisher_name", "clean_url", "date_from_text", "detect_language", "host_of", "masthead_names",
    "parse_date_value", "publisher_from_text", "title_from_text", "url_from_text",
]

TOP_LINES = 8  # the date line of an article sits within its first lines
MAX_DATE_LINE_CHARS = 60  # a longer line is a sentence, not a dateline
MAX_TITLE_CHARS = 160  # longer first lines are paragraphs; the title is cut at a word boundary
ENGLISH_STOPWORD_SHARE = 0.12  # share of very common English words in English prose (typically 0.25+)

GENERIC_HEADINGS = frozenset({
    "highlights", "summary", "key points", "key takeaways", "abstract", "overview", "in brief",
    "tl;dr", "contents", "table of contents", "news", "press release",
})

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE_FORMS = (
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})", re.IGNORECASE),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d{2})", re.IGNORECASE),
    re.compile(r"(?P<year>(?:19|20)\d{2})-(?P<nmonth>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(r"(?P<year>(?:19|20)\d{2})/(?P<nmonth>\d{1,2})/(?P<day>\d{1,2})"),
)
MAX_BYLINE_CHARS = 90  # a byline or masthead line is short; longer lines are prose
# "By Wen Li, Asia Metals Desk" / "Strategic Metals Observer | Companies" / "Pacific Resources Review — Perth"
_BYLINE_FORMS = (
    re.compile(r"^By [A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3},\s*(?P<pub>[A-Z][\w&'.-]*(?: [A-Za-z&'.-]+){0,6})$"),
    re.compile(r"^(?P<pub>[A-Z][\w&'.-]*(?: [A-Z&][\w&'.-]*){1,6})\s*[|\u2014\u2013]\s*[A-Z][\w ,&'.-]{0,40}$"),
)
_DATELINE_PREFIX = re.compile(r"^(?:published|posted|updated|date|dated|on)\s*:?\s*", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[-*•·]+|\d+[.)])\s+")
_WORD = re.compile(r"[a-z]+")
_LETTER = re.compile(r"[^\W\d_]")
_SCRIPTS = (("zh", re.compile(r"[\u4e00-\u9fff]")), ("th", re.compile(r"[\u0e00-\u0e7f]")),
            ("ru", re.compile(r"[\u0400-\u04ff]")))
LANGUAGE_SAMPLE_CHARS = 1500  # enough text to tell the language of an article
MAJORITY = 0.5  # a script with more than this share of the letters names the language
_ENGLISH = frozenset("the of and to in a is that for on with as by it its from at are was be has have this".split())


def _from_match(m: re.Match[str]) -> PartialDate | None:
    named = m.groupdict().get("month")
    month = _MONTHS[named.lower()[:3]] if named else int(m["nmonth"])
    try:
        return PartialDate(int(m["year"]), month, int(m["day"]))
    except ValueError:
        return None


def date_from_text(text: str) -> PartialDate | None:
    """A dateline near the top of the text ("Apr 18, 2025", "18 April 2025", "2025-04-18")."""
    lines = [line.strip() for line in text.split("\n") if line.strip()][:TOP_LINES]
    for line in lines:
        if len(line) > MAX_DATE_LINE_CHARS:
            continue
        candidate = _DATELINE_PREFIX.sub("", line)
        for form in _DATE_FORMS:
            m = form.search(candidate)
            if m and len(candidate) - len(m.group()) <= MAX_DATE_LINE_CHARS // 2:
                found = _from_match(m)
                if found:
                    return found
    return None


def parse_date_value(value: str | None) -> PartialDate | None:
    """A date from metadata: ISO 8601 (date, datetime, partial), RFC 822 (RSS), or a written date."""
    if not value:
        return None
    value = value.strip()
    iso = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$", value)
    if iso:
        try:
            return PartialDate(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    try:
        return PartialDate.parse(value)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
        if isinstance(parsed, dt.datetime):
            return PartialDate.from_date(parsed.date())
    except (TypeError, ValueError, IndexError):
        pass
    for form in _DATE_FORMS:
        m = form.search(value)
        if m:
            return _from_match(m)
    return None


def title_from_text(text: str) -> str | None:
    """The first line that reads as a headline (generic headings such as "Highlights" skipped)."""
    for raw in text.split("\n"):
        line = _BULLET.sub("", raw.strip().lstrip("#").strip())
        if not line or line.lower().rstrip(":") in GENERIC_HEADINGS:
            continue
        if len(line) <= MAX_TITLE_CHARS:
            return line
        cut = line[:MAX_TITLE_CHARS].rsplit(" ", 1)[0]
        return cut.rstrip(",;:-") + "…"
    return None


def detect_language(text: str) -> str | None:
    """A coarse language tag from the script and, for Latin text, English function words."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if not sample.isascii():
        letters = len(_LETTER.findall(sample))
        if not letters:
            return None
        for tag, script in _SCRIPTS:
            if len(script.findall(sample)) / letters > MAJORITY:
                return tag
    words = _WORD.findall(sample.lower())
    if words and sum(1 for w in words if w in _ENGLISH) / len(words) >= ENGLISH_STOPWORD_SHARE:
        return "en"
    return None


_SOURCE_URL_LINE = re.compile(r"^(?:source|url|link|original(?: article)?|read more at)\s*:\s*(?P<url>https?://\S+)$",
                              re.IGNORECASE)
MAX_URL_CHARS = 2048  # a longer "URL" in a header line is not a page address
# a DNS name with an alphabetic top-level label: no IP literals, no "localhost"
_HOST = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z][a-z0-9-]{0,61}[a-z0-9]|xn--[a-z0-9-]+)$")
_SERVING_PREFIXES = ("www.", "m.", "amp.")  # a site's desktop, mobile and AMP hosts are one site


def host_of(url: str | None) -> str | None:
    """The site's host of an http(s) URL, lower-cased, a leading ``www.``, ``m.`` or ``amp.``
    removed ("https://www.mining.com/x" -> "mining.com"); ``None`` for anything that is not an
    http(s) URL with a DNS host name (IP addresses and "localhost" name no publisher)."""
    if not url or len(url) > MAX_URL_CHARS:
        return None
    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # raises on a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    host = (parts.hostname or "").rstrip(".").lower()
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return None
    if not _HOST.match(ascii_host):
        return None
    while host.startswith(_SERVING_PREFIXES) and "." in host.split(".", 1)[1]:
        host = host.split(".", 1)[1]
    return host


def clean_url(url: str | None) -> str | None:
    """``url`` when it is a well-formed http(s) address of a named host (no spaces, no control
    characters, at most ``MAX_URL_CHARS``), else ``None``. Text-supplied URLs pass through here."""
    if not url:
        return None
    url = url.strip()
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in url):
        return None
    return url if host_of(url) else None


def url_from_text(text: str) -> str | None:
    """The page address a header line gives ("Source: https://www.example.com/story") on the
    title line or the ``TOP_LINES`` lines under it; its host names the publisher, never the
    line itself. A malformed address gives ``None``."""
    for line in text.splitlines()[:TOP_LINES + 1]:
        m = _SOURCE_URL_LINE.match(line.strip())
        if m:
            url = m["url"].rstrip(".,;")
            return clean_url(url[:-1] if url.endswith(")") and url.count("(") < url.count(")") else url)
    return None


MAX_PUBLISHER_CHARS = 100  # a longer "name" is a sentence, a payload or a keyword list
MAX_RAW_PUBLISHER_CHARS = 1000  # a metadata value longer than this is refused before any cleaning
_MARKUP_BLOCK = re.compile(r"<(script|style|template|noscript|iframe|object|svg)\b.*?(?:</\1\s*>|$)",
                           re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^<>]*>")
_NOT_A_NAME = re.compile(r"https?|://|\bsource\s*:|\b(?:javascript|vbscript|data|file|mailto)\s*:|[<>{}\\/=]",
                         re.IGNORECASE)
_DECORATION = " \t|-\u2013\u2014:;,\u00b7\u2022*_\"'\u201c\u201d\u2018\u2019\u00ab\u00bb#~"
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def clean_publisher_name(value: str | None) -> str | None:
    """A publisher name fit to store, or ``None``: entities decoded, markup (with the content of
    scripts and styles) removed, control and invisible characters dropped, whitespace collapsed,
    surrounding punctuation and a handle's "@" stripped. Refused: over ``MAX_PUBLISHER_CHARS``
    (or ``MAX_RAW_PUBLISHER_CHARS`` before cleaning), no letter, or anything that reads as a URL,
    a "Source:" line, a path, a script scheme or leftover markup. A bare "www." host loses its
    "www.". Metadata, feed titles and mastheads are untrusted: every name passes through here."""
    if not value or len(value) > MAX_RAW_PUBLISHER_CHARS:
        return None
    text = html.unescape(html.unescape(value))
    text = _TAG.sub(" ", _MARKUP_BLOCK.sub(" ", text))
    text = "".join(" " if unicodedata.category(ch) == "Cc" else "" if unicodedata.category(ch) in ("Cf", "Co", "Cs")
                   else ch for ch in text)
    text = " ".join(text.split()).strip(_DECORATION).lstrip("@").strip(_DECORATION)
    if text.lower().startswith("www.") and _HOST.match(text[4:].lower()):
        text = text[4:].lower()
    if (not text or len(text) > MAX_PUBLISHER_CHARS or _NOT_A_NAME.search(text)
            or not any(ch.isalpha() for ch in text) or not _LETTER_OR_DIGIT.match(text)):
        return None
    return text


def publisher_from_text(text: str) -> str | None:
    """The publisher named in a masthead or byline line right under the headline, if any.

    Only short lines among the first ``TOP_LINES`` are considered, and only the two common
    shapes "By NAME, PUBLISHER" and "PUBLISHER | SECTION" (or an em dash and a place), so a
    body sentence never becomes a publisher. The name is cleaned (``clean_publisher_name``).
    """
    lines = [ln.strip() for ln in text.splitlines()[:TOP_LINES + 1][1:] if ln.strip()]
    for line in lines[:TOP_LINES]:
        if len(line) > MAX_BYLINE_CHARS:
            continue
        for form in _BYLINE_FORMS:
            m = form.match(line)
            if m:
                return clean_publisher_name(m["pub"])
    return None


MAX_MASTHEAD_LINE_CHARS = 60  # a line that is nothing but a publication's name is short
# "LONDON (Reuters) -": a wire dateline opening the first paragraph
_WIRE_DATELINE = re.compile(r"^[A-Z][A-Z .,'/-]{0,40}\((?P<pub>[A-Z][\w&'. -]{1,40})\)\s*[-\u2013\u2014]")
_BYLINE_PREFIX = re.compile(r"^(?:by|from|via|\u00a9|\(c\)|copyright)\s+", re.IGNORECASE)
_STAFF_SUFFIX = re.compile(r"\s+(?:staff|reporters?|newsroom)$", re.IGNORECASE)
_SECTION_SEPARATOR = re.compile(r"\s+[|\u2014\u2013]\s+")


def masthead_names(text: str) -> list[str]:
    """Names a masthead may give under the headline, top to bottom, for matching against known
    publishers: a byline's or masthead's publisher ("By Wen Li, Mining.com", "MINING.COM |
    Markets"), a short line that is only a name ("Reuters", "By Reuters Staff"), and the
    outlet of a wire dateline ("BEIJING (Reuters) - ..."). Unknown names are not publishers by
    themselves: the caller keeps those it recognises. The title line is never one."""
    names: list[str] = []
    lines = [ln.strip() for ln in text.splitlines()[:TOP_LINES + 1][1:] if ln.strip()]
    for line in lines[:TOP_LINES]:
        candidates: list[str | None] = []
        if len(line) <= MAX_BYLINE_CHARS:
            candidates.extend(m["pub"] for form in _BYLINE_FORMS if (m := form.match(line)))
        if len(line) <= MAX_MASTHEAD_LINE_CHARS:  # "Reuters", "By Bloomberg News", "MINING.COM | Markets"
            alone = _STAFF_SUFFIX.sub("", _BYLINE_PREFIX.sub("", line))
            candidates.extend([alone, _SECTION_SEPARATOR.split(alone, maxsplit=1)[0]])
        dateline = _WIRE_DATELINE.match(line)
        if dateline:
            candidates.append(dateline["pub"])
        for candidate in candidates:
            name = clean_publisher_name(candidate)
            if name and name not in names:
                names.append(name)
    return names
