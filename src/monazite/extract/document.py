"""``extract_document``: one document's text in, its ``Extraction`` out. Pure: no store,
no network, no model download.

Stages, each a single pass over the text:
1. sentences (``split_sentences``), indexed for bisect lookups;
2. entity mentions (``find_mentions``), with organizations discovered in the text and
   aliases learned from apposition;
3. dates (``find_dates``), resolved against the publication date when known;
4. quantities (``parse_quantities``);
5. facts: each quantity bound to subject, metric, period, stage, material and sentence;
6. events: trigger words with actors, materials, date and attributes.
"""

from __future__ import annotations

from collections import ChainMap

from monazite.extract.context import DocContext
from monazite.extract.dates import find_dates
from monazite.extract.events import extract_events
from monazite.extract.facts import extract_facts
from monazite.extract.mentions import find_mentions
from monazite.extract.quantities import parse_quantities
from monazite.extract.sentences import split_sentences
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
    quantities = parse_quantities(text, vocab)
    return Extraction(
        document_id=doc.id,
        mentions=list(found.mentions),
        entities=list(found.entities),
        facts=extract_facts(ctx, quantities, vocab, explain),
        events=extract_events(ctx, quantities, vocab),
        learned_aliases=dict(found.learned_aliases),
    )
