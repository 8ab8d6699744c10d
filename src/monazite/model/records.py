"""Typed records that flow between stages. No I/O here.

Vocabulary of the issues, kept on purpose:
- a ``Fact`` is one quantified statement from one document (subject, metric, value,
  period) with its evidence span; ids are hashed from content so re-extraction is
  idempotent;
- a ``Claim`` (built in ``analyze``) groups facts from several documents that share
  (subject, metric, period) and judges whether they agree.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any, Literal

from monazite.model.dates import PartialDate
from monazite.model.ids import content_id

SourceKind = Literal["company", "independent", "government", "filing", "unknown"]
SOURCE_KINDS: tuple[str, ...] = ("company", "independent", "government", "filing", "unknown")

EntityKind = Literal[
    "company", "state_body", "agency", "research_institute", "university",
    "country", "region", "element", "material", "person",
]


@dataclass(frozen=True)
class Source:
    """Who published a document. ``kind`` drives corroboration: company/state media is not independent."""

    name: str
    kind: str = "unknown"
    url: str | None = None


@dataclass(frozen=True)
class Page:
    """One page of a paginated source (PDF, a docx with page breaks): where its text lies in
    ``Document.text``, so any span maps to the page it was printed on."""

    number: int  # 1-based, in the file's page order
    start: int  # offsets into Document.text
    end: int
    status: str = "text"  # text | ocr | no_text_layer
    rotation: int = 0  # degrees the page is turned in the file (/Rotate)


@dataclass(frozen=True)
class TableCell:
    """One cell of a table, rendered into ``Document.text`` at [start, end)."""

    row: int  # 0-based; header rows come first
    col: int  # 0-based
    text: str
    start: int
    end: int
    page: int | None = None  # the page the cell is printed on, for paginated sources


@dataclass
class Table:
    """A table read from a PDF, a web page, a spreadsheet or a word-processor file, with
    its headers; its cells are rendered into the document's text (one line per row)."""

    index: int  # 1-based order in the document
    start: int  # the table's span in Document.text
    end: int
    cells: list[TableCell] = field(default_factory=list)
    header_rows: int = 1
    caption: str | None = None  # the title above the table, or the sheet's first line
    kind: str = "pdf"  # pdf | html | xlsx | csv | docx
    sheet: str | None = None  # spreadsheet sheet name
    pages: tuple[int, ...] = ()  # pages the table spans, first to last

    def cell(self, row: int, col: int) -> TableCell | None:
        for c in self.cells:
            if c.row == row and c.col == col:
                return c
        return None

    @property
    def n_rows(self) -> int:
        return 1 + max((c.row for c in self.cells), default=-1)

    @property
    def n_cols(self) -> int:
        return 1 + max((c.col for c in self.cells), default=-1)


@dataclass(frozen=True)
class Disclosure:
    """What a disclosure says of itself: who issued it, where it is listed, what kind of filing."""

    issuer: str | None = None  # the issuer as named in the document
    exchange: str | None = None  # ASX, HKEX, SSE, SZSE, NYSE, NASDAQ, TSX, LSE...
    ticker: str | None = None
    filing_type: str | None = None  # annual_report | quarterly_report | half_year_report |
    # exchange_announcement | government_notice | statistical_release


@dataclass
class Document:
    """One article or disclosure after ingest: repaired text plus what we know of its origin."""

    id: str
    origin: str
    text: str
    raw_sha256: str
    title: str | None = None
    author: str | None = None
    published: PartialDate | None = None
    published_source: str | None = None  # where the date came from: metadata, rss, text, cli
    fetched_at: dt.datetime | None = None
    language: str | None = None
    source: Source | None = None
    encoding: str | None = None
    repairs: list[str] = field(default_factory=list)
    content_type: str = "text"  # text, markdown, html, rss-item, jsonl
    duplicate_of: str | None = None
    fingerprint: int | None = None  # 64-bit simhash of the text, for near-duplicate search
    pages: list[Page] = field(default_factory=list)  # paginated sources only, in order
    tables: list[Table] = field(default_factory=list)
    disclosure: Disclosure | None = None

    def page_at(self, offset: int) -> int | None:
        """The number of the page holding character ``offset``, or None when unpaginated."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return self.pages[-1].number if self.pages and offset >= self.pages[-1].end else None

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Span:
    """Character offsets into a document's repaired text, with the enclosing sentence."""

    start: int
    end: int
    sentence_start: int
    sentence_end: int


@dataclass
class Entity:
    """A canonical thing monazite knows: organization, country, element, material, person."""

    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    tickers: list[str] = field(default_factory=list)
    country: str | None = None  # entity id of the country
    parent: str | None = None  # entity id of the parent organization
    reviewed: bool = True  # False for organizations discovered in text, not in the vocabulary
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Mention:
    """A surface string at a span resolved to an entity by a versioned extractor."""

    text: str
    start: int
    end: int
    entity_id: str
    kind: str
    extractor: str


@dataclass(frozen=True)
class Quantity:
    """A number as stated and as normalised. ``basis`` keeps unlike tonnes apart (REO vs metal vs alloy)."""

    value: float
    unit: str  # normalised: %, t, t/yr, USD, USD/kg, CNY/t, AUD, days, count nouns...
    text: str
    start: int
    end: int
    qualifier: str | None = None  # over, more than, nearly, about, up to, exceeding, at least, less than
    low: float | None = None
    high: float | None = None
    basis: str | None = None  # REO, oxide, metal, alloy, magnet, concentrate, gross, powder
    growth: str | None = None  # yoy, qoq, None


@dataclass
class Fact:
    """One quantified statement from one document, traceable to its sentence."""

    document_id: str
    subject: str  # entity id
    metric: str  # metric name from vocab/metrics.yaml
    value: float
    unit: str
    value_text: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    quote: str
    extractor: str
    qualifier: str | None = None
    low: float | None = None
    high: float | None = None
    basis: str | None = None
    period: str | None = None  # PartialDate.iso, or None when the text gives none
    material: str | None = None  # entity id of the element/material the figure is about
    stage: str | None = None  # supply-chain stage for market-share metrics
    object: str | None = None  # second entity, e.g. the country a share is "of"
    confidence: float = 1.0
    page: int | None = None  # the page the figure is printed on (paginated sources)
    cell: str | None = None  # "table:row:col" (1-based table, 0-based row and column) for a table figure

    @property
    def id(self) -> str:
        return content_id("fact", self.document_id, self.subject, self.metric, self.value, self.unit,
                          self.period, self.start)

    def to_dict(self) -> dict[str, Any]:
        d = {name: getattr(self, name) for name in _FACT_FIELDS}  # every field is a scalar: no deep copy needed
        d["id"] = self.id
        return d


@dataclass
class Event:
    """Something that happened or was announced: export control, expansion, partnership..."""

    document_id: str
    type: str  # event type name from vocab/events.yaml
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    quote: str
    extractor: str
    actors: list[str] = field(default_factory=list)  # entity ids
    materials: list[str] = field(default_factory=list)  # entity ids of elements/materials
    date: str | None = None  # PartialDate.iso
    attributes: dict[str, Any] = field(default_factory=dict)  # phase, status, capacity, counterpart...
    confidence: float = 1.0
    page: int | None = None

    @property
    def id(self) -> str:
        return content_id("event", self.document_id, self.type, self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        d = {name: getattr(self, name) for name in _EVENT_FIELDS}
        d["actors"], d["materials"] = list(self.actors), list(self.materials)
        d["attributes"] = copy.deepcopy(self.attributes)  # as asdict would: the caller may change it
        d["id"] = self.id
        return d


_FACT_FIELDS = tuple(f.name for f in fields(Fact))
_EVENT_FIELDS = tuple(f.name for f in fields(Event))


@dataclass
class Extraction:
    """Everything extracted from one document; the unit the store writes in one transaction."""

    document_id: str
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)  # entities first seen here (unreviewed)
    facts: list[Fact] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    learned_aliases: dict[str, str] = field(default_factory=dict)  # alias -> entity id, from apposition
