"""Who published a document, and whether it relays company or state media.

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

import yaml

from monazite.errors import ConfigError
from monazite.model import SOURCE_KINDS, Source

__all__ = ["PublisherRegistry", "load_publishers", "resolve_source"]

MARKER_SCAN_CHARS = 20_000  # company-media statements sit in the lead or the disclaimer; long texts are cut here


def _key(name: str) -> str:
    return re.sub(r"[^\w]+", " ", name.casefold()).strip()


@dataclass(frozen=True)
class PublisherRegistry:
    by_name: dict[str, Source]
    by_domain: dict[str, Source]
    markers: tuple[tuple[re.Pattern[str], str | None], ...]

    def by_publisher(self, name: str) -> Source | None:
        return self.by_name.get(_key(name))

    def by_url(self, url: str) -> Source | None:
        host = (urlsplit(url).hostname or "").lower()
        while host:
            if host in self.by_domain:
                return self.by_domain[host]
            host = host.partition(".")[2] if "." in host else ""
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
        data = yaml.safe_load(raw) or {}
    except (OSError, yaml.YAMLError) as exc:
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


def resolve_source(text: str, *, name: str | None = None, url: str | None = None,
                   site_name: str | None = None, registry: PublisherRegistry | None = None) -> Source | None:
    """The document's source: the named publisher (``--source``), else the site or URL's publisher;
    replaced by the company outlet when the text states it relays company media."""
    registry = registry or load_publishers()
    publisher: Source | None = None
    for candidate in (name, site_name):
        if candidate:
            publisher = registry.by_publisher(candidate) or Source(name=candidate.strip(), kind="unknown")
            break
    if publisher is None and url and url.startswith(("http://", "https://")):
        publisher = registry.by_url(url) or Source(name=(urlsplit(url).hostname or url), kind="unknown")
    outlet = registry.company_outlet(text)
    if outlet:
        known = registry.by_publisher(outlet)
        outlet_name = known.name if known else outlet
        if publisher is not None and publisher.kind == "company":
            return publisher
        label = f"{outlet_name} via {publisher.name}" if publisher else outlet_name
        return Source(name=label, kind="company", url=known.url if known else None)
    return publisher
