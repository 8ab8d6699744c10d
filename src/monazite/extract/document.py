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
   (``tables.table_facts``). Stages 1 and 3-6 read the text with its tables blanked, so a
   table's figures and words are read once, by the table reader; every fact and event of
   a paginated document gets the page it is printed on.
"""

from __future__ import annotations

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
from monazite.model import Document, Extraction, Table
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
    prose = _without_tables(text, doc.tables)  # the same offsets, the tables blanked out
    sentences = split_sentences(prose)
    found = find_mentions(text, vocab)
    entities = ChainMap({e.id: e for e in found.entities}, vocab.entities)
    forms = getattr(found, "forms", None) or []  # how each mention matched (name, alias, demonym...)
    adjectival = frozenset(m.start for m, form in zip(found.mentions, forms) if form in ADJECTIVAL_FORMS)
    ctx = DocContext(document_id=doc.id, text=prose, sentences=sentences, mentions=found.mentions,
                     entities=entities, published=doc.published, dates=find_dates(prose, doc.published),
                     adjectival=adjectival)
    quantities = parse_quantities(prose, vocab)
    facts = extract_facts(ctx, quantities, vocab, explain)
    events = extract_events(ctx, quantities, vocab)
    if doc.tables:
        table_ctx = replace(ctx, text=text)  # the tables' own words: labels, captions, cells
        for table in doc.tables:
            facts.extend(table_facts(doc, table, table_ctx, vocab))
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


def _without_tables(text: str, tables: list[Table]) -> str:
    """``text`` with every table's span blanked (line breaks kept, so every offset stays): what
    the prose extractors read, so a table's figures and words are read once, by ``table_facts``."""
    if not tables:
        return text
    chars = list(text)
    for table in tables:
        for i in range(max(0, table.start), min(len(chars), table.end)):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)
