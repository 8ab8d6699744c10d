"""Who published a document, and whether it relays company or state media.

The publisher comes from the page, in order of trust (``resolve_source``):

0. the name the person running the ingest gives (``--source``);
1. the page's site metadata (og:site_name, JSON-LD publisher / isPartOf, meta publisher or
   application-name, twitter:site; read by ``html.py``), or the title of the feed the item
   came from when the item links into the feed's own site;
2. a known publisher (``vocab/sources.yaml``) matched by the page URL's domain, subdomains
   included ("uk.reuters.com", "www.reuters.co.uk" and "reuters.com" are one Reuters when
   the registry lists those domains);
3. a masthead, byline or wire dateline under the headline that names a known publisher;
4. the URL's host itself ("mining.com" for https://www.mining.com/...): what a text file's
   "Source: https://..." header line yields when the host is not a known publisher;
5. last, a masthead in the shape "By NAME, PUBLISHER" / "PUBLISHER | SECTION" naming a
   publisher the registry does not know (a local file with no URL at all).

A known name resolves to the registry's canonical source (its name, kind and home URL). Every
name read from a page passes through ``metadata.clean_publisher_name``: markup is removed,
and a name that contains "http", "Source:" or a path, or runs past 100 characters, is
refused, so the next candidate in the order is tried.

Source kind drives corroboration: figures from a company's own media (or a state outlet
speaking for state-owned firms) are not independent confirmation of that company's claims.

Choice made here, documented for the knowledge layer: a document that *states* that its
content originates from company media ("Disclaimer: This news originates from Chinese
state-owned company media disclosures", "According to company disclosures in Baogang
Daily") gets as its source the company outlet, kind ``company``, named ``"<outlet> via
<publisher>"`` when the relaying publisher is known. The publisher's own row (e.g. Rare
Earth Exchanges, independent) is untouched, so its other articles stay independent. No
model field is added: ``Source.kind`` already says what corroboration needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

from monazite.errors import ConfigError
from monazite.ingest.metadata import clean_publisher_name, clean_url, host_of, masthead_names, publisher_from_text
from monazite.model import SOURCE_KINDS, Source
from monazite.vocab.yamlio import YAMLError, load_yaml

__all__ = ["PublisherRegistry", "load_publishers", "publisher_of", "resolve_source"]

MARKER_SCAN_CHARS = 20_000  # company-media statements sit in the lead or the disclaimer; long texts are cut here


def _key(name: str) -> str:
    """Lookup key of a name: case, punctuation and a leading "The" ignored."""
    key = re.sub(r"[^\w]+", " ", name.casefold()).strip()
    return key[4:] if key.startswith("the ") else key


@dataclass(frozen=True)
class PublisherRegistry:
    by_name: dict[str, Source]
    by_domain: dict[str, Source]
    markers: tuple[tuple[re.Pattern[str], str | None], ...]

    def by_publisher(self, name: str) -> Source | None:
        """The known publisher of this name or spelling; a handle without spaces ("MiningWeekly",
        "@Reuters") matches too."""
        key = _key(name.lstrip("@"))
        if not key:
            return None
        found = self.by_name.get(key)
        if found is None and " " not in key:
            found = next((src for k, src in self.by_name.items() if k.replace(" ", "") == key), None)
        return found

    def by_url(self, url: str) -> Source | None:
        """The known publisher whose domain serves ``url`` (the host or any parent domain)."""
        try:
            host = (urlsplit(url.strip()).hostname or "").rstrip(".").lower()
        except ValueError:
            return None
        while host:
            if host in self.by_domain:
                return self.by_domain[host]
            host = host.partition(".")[2]
        return None

    def masthead_publisher(self, text: str) -> Source | None:
        """The first known publisher a masthead, byline or wire dateline names under the headline."""
        for name in masthead_names(text):
            found = self.by_publisher(name)
            if found is not None:
                return found
        return None

    def company_outlet(self, text: str) -> str | None:
        """The company/state outlet the text says it relays, if it says so."""
        head = text[:MARKER_SCAN_CHARS] + text[-MARKER_SCAN_CHARS:] if len(text) > 2 * MARKER_SCAN_CHARS else text
        for pattern, outlet in self.markers:
            m = pattern.search(head)
            if m:
                return (m.groupdict().get("outlet") or outlet or "company media").strip()
        return None


@lru_cache(maxsize=4)
def load_publishers(path: str | None = None) -> PublisherRegistry:
    """Parse ``vocab/sources.yaml`` (or ``path``); raises ``ConfigError`` on a malformed file."""
    try:
        raw = (open(path, encoding="utf-8").read() if path else
               resources.files("monazite.vocab").joinpath("sources.yaml").read_text(encoding="utf-8"))
        data = load_yaml(raw) or {}
    except (OSError, YAMLError) as exc:
        raise ConfigError(f"sources.yaml: {exc}") from exc
    by_name: dict[str, Source] = {}
    by_domain: dict[str, Source] = {}
    for entry in data.get("sources", []):
        kind = entry.get("kind")
        if kind not in SOURCE_KINDS or not entry.get("name"):
            raise ConfigError(f"sources.yaml: bad entry {entry!r} (kind must be one of {SOURCE_KINDS})")
        domains = entry.get("domains") or []
        src = Source(name=entry["name"], kind=kind, url=f"https://{domains[0]}" if domains else None)
        for name in [entry["name"], *(entry.get("names") or [])]:
            by_name.setdefault(_key(name), src)
        for domain in domains:
            by_domain[domain.lower()] = src
    markers = []
    for entry in data.get("company_media_markers", []):
        try:
            markers.append((re.compile(entry["pattern"], re.IGNORECASE), entry.get("outlet")))
        except (KeyError, re.error) as exc:
            raise ConfigError(f"sources.yaml: bad company_media_markers entry {entry!r}: {exc}") from exc
    return PublisherRegistry(by_name, by_domain, tuple(markers))


def _named(registry: PublisherRegistry, value: str | None) -> Source | None:
    """A source for a name read from a page or given by the operator: the known publisher of
    that name, else the cleaned name (kind unknown); ``None`` when the name is refused."""
    name = clean_publisher_name(value)
    if name is None:
        return None
    known = registry.by_publisher(name)
    if known is None and " " not in name and host_of(f"https://{name}"):  # a site name that is a host
        known = registry.by_url(f"https://{name}")
    return known or Source(name=name, kind="unknown")


def _by_host(registry: PublisherRegistry, url: str | None) -> tuple[Source | None, Source | None]:
    """(known publisher of the URL's domain, the URL's own host as a source) for a clean URL."""
    url = clean_url(url)
    host = host_of(url)
    if url is None or host is None:
        return None, None
    return registry.by_url(url), Source(name=host, kind="unknown", url=f"https://{host}")


def publisher_of(text: str, *, name: str | None = None, url: str | None = None, site_name: str | None = None,
                 registry: PublisherRegistry | None = None) -> Source | None:
    """Who published the document, in the order of trust of this module's docstring. ``name``
    is the operator's word: a URL given there stands for its domain's publisher or its host."""
    registry = registry or load_publishers()
    if name and (operator_url := clean_url(name)):
        known, host = _by_host(registry, operator_url)
        if host is not None:
            return known or host
    operator = _named(registry, name) if name else None
    if operator is not None:
        return operator
    known, host = _by_host(registry, url)
    site = _named(registry, site_name) if site_name else None
    if site is not None:
        return site if site.kind != "unknown" or host is None else Source(site.name, site.kind, host.url)
    if known is not None:
        return known
    masthead = registry.masthead_publisher(text)
    if masthead is not None:
        return masthead
    if host is not None:
        return host
    return _named(registry, publisher_from_text(text))


def resolve_source(text: str, *, name: str | None = None, url: str | None = None,
                   site_name: str | None = None, registry: PublisherRegistry | None = None) -> Source | None:
    """The document's source: its publisher (``publisher_of``), replaced by the company outlet
    when the text states it relays company media."""
    registry = registry or load_publishers()
    publisher = publisher_of(text, name=name, url=url, site_name=site_name, registry=registry)
    outlet = registry.company_outlet(text)
    if outlet:
        known = registry.by_publisher(outlet)
        outlet_name = known.name if known else outlet
        if publisher is not None and publisher.kind == "company":
            return publisher
        label = f"{outlet_name} via {publisher.name}" if publisher else outlet_name
        return Source(name=label, kind="company", url=known.url if known else None)
    return publisher
