"""``extract_document``: one document's text in, its ``Extraction`` out. Pure: no store,
no network, no model download.

Stages, each a single pass over the text:
1. sentences (``split_sentences``), indexed for bisect lookups;
2. entity mentions (``find_mentions``), with organizations discovered in the text and
   aliases learned from apposition;
3. dates (``find_dates``), resolved against the publication date when known;
4. quantities (``parse_quantities``);
5. facts: each quantity bound to subject, metric, period, stage, material and sentence;
6. events: trigger words with actors, materials, date and attributes;
7. tables (``Document.tables``): each numeric cell read by its row, headers and caption
   (``tables.table_facts``). Prose extraction skips the rendered table lines, so a table
   figure is read once, by the table reader; every fact and event of a paginated document
   gets the page it is printed on.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import ChainMap
from dataclasses import replace

from monazite.extract.context import DocContext
from monazite.extract.dates import find_dates
from monazite.extract.events import extract_events
from monazite.extract.facts import extract_facts
from monazite.extract.mentions import find_mentions
from monazite.extract.quantities import parse_quantities
from monazite.extract.sentences import split_sentences
from monazite.extract.tables import table_facts
from monazite.model import Document, Extraction
from monazite.settings import Settings
from monazite.vocab import Vocabulary

__all__ = ["extract_document"]

ADJECTIVAL_FORMS = frozenset({"demonym"})  # mention forms that qualify a noun and never act as subjects


def extract_document(doc: Document, vocab: Vocabulary, settings: Settings | None = None,
                     explain: dict[str, dict[str, float]] | None = None) -> Extraction:
    """Everything monazite extracts from ``doc``; offsets index ``doc.text``.

    ``settings`` is accepted so callers pass one settings object everywhere; the default
    extractors read nothing from it. ``explain``, when given, receives each fact's
    confidence features by fact id.
    """
    del settings
    text = doc.text
    sentences = split_sentences(text)
    found = find_mentions(text, vocab)
    entities = ChainMap({e.id: e for e in found.entities}, vocab.entities)
    forms = getattr(found, "forms", None) or []  # how each mention matched (name, alias, demonym...)
    adjectival = frozenset(m.start for m, form in zip(found.mentions, forms) if form in ADJECTIVAL_FORMS)
    ctx = DocContext(document_id=doc.id, text=text, sentences=sentences, mentions=found.mentions,
                     entities=entities, published=doc.published, dates=find_dates(text, doc.published),
                     adjectival=adjectival)
    spans = sorted((t.start, t.end) for t in doc.tables)
    quantities = [q for q in parse_quantities(text, vocab) if not _inside(q.start, spans)]
    facts = extract_facts(ctx, quantities, vocab, explain)
    events = [e for e in extract_events(ctx, quantities, vocab) if not _inside(e.start, spans)]
    for table in doc.tables:
        facts.extend(table_facts(doc, table, ctx, vocab))
    if doc.pages:
        facts = [f if f.page is not None else replace(f, page=doc.page_at(f.start)) for f in facts]
        events = [replace(e, page=doc.page_at(e.start)) for e in events]
    return Extraction(
        document_id=doc.id,
        mentions=list(found.mentions),
        entities=list(found.entities),
        facts=sorted(facts, key=lambda f: f.start),
        events=events,
        learned_aliases=dict(found.learned_aliases),
    )


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` lies in one of the sorted, disjoint ``spans`` (the documents' tables)."""
    i = bisect_right(spans, (offset, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]
