"""Scoring extraction against hand annotations (the seed expectations and the gold set).

Matching mirrors ``seed_expectations.json``'s "about": a subject matches when its
canonical name, lower-cased with punctuation and the words group/co/ltd/high-tech/inc
removed, is one of the listed keys; a fact matches on value, unit (the unit, or unit and
basis together: "t REO") and a quote containing the listed text; an event on type, quote,
date when given, at least one listed actor and every listed material. Shared by
``bench/eval_extraction.py`` and the eval gate test, so both judge alike.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monazite.model import Document, Event, Extraction, Fact

__all__ = ["PRF", "CorpusScore", "KeyGroups", "below_floors", "evaluate", "event_ok", "fact_ok", "load_annotations",
           "score_corpus", "score_reviewed", "subject_key"]

VALUE_REL_TOLERANCE = 1e-6  # values are compared as stated; only float noise is forgiven
_DROP_WORDS = frozenset({"group", "co", "ltd", "inc"})


def subject_key(name: str) -> str:
    """'China Northern Rare Earth Group High-Tech Co.' -> 'china northern rare earth'."""
    low = re.sub(r"\bhigh-tech\b", " ", name.lower())
    low = re.sub(r"[^\w\s]", "", low)
    return " ".join(w for w in low.split() if w not in _DROP_WORDS)


@dataclass
class PRF:
    """Precision over predictions, recall over annotations."""

    tp_pred: int = 0
    n_pred: int = 0
    tp_gold: int = 0
    n_gold: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "predicted": self.n_pred, "gold": self.n_gold}


@dataclass
class CorpusScore:
    entities: PRF
    facts: PRF
    facts_subject: PRF
    events: PRF
    periods: tuple[int, int] = (0, 0)  # (right, annotated): periods of found facts whose period is annotated

    def to_dict(self) -> dict[str, Any]:
        return {"entities": self.entities.to_dict(), "facts": self.facts.to_dict(),
                "facts_subject": self.facts_subject.to_dict(), "events": self.events.to_dict()}


def load_annotations(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _value_ok(pred: float, gold: float) -> bool:
    """Annotations give numbers as stated ("fell 5%" -> 5); monazite stores a decrease as -5."""
    return math.isclose(abs(pred), abs(float(gold)), rel_tol=VALUE_REL_TOLERANCE, abs_tol=VALUE_REL_TOLERANCE)


def _unit_ok(fact: Fact, gold_unit: str) -> bool:
    return fact.unit == gold_unit or (fact.basis is not None and f"{fact.unit} {fact.basis}" == gold_unit)


class KeyGroups:
    """Keys the annotations' entity list declares equivalent ("lynas" ~ "lynas rare earths")."""

    def __init__(self, annotations: Mapping[str, Any]) -> None:
        self.groups = [{subject_key(k) for k in [e["canonical"], *(e.get("keys") or [])]}
                       for e in annotations.get("entities") or []]

    def expand(self, keys: Iterable[str]) -> set[str]:
        out = {subject_key(k) for k in keys}
        for group in self.groups:
            if group & out:
                out |= group
        return out


def fact_ok(fact: Fact, gold: Mapping[str, Any], name: Callable[[str], str], subject: bool,
             groups: KeyGroups | None = None) -> bool:
    if not (_value_ok(fact.value, gold["value"]) and _unit_ok(fact, gold["unit"])):
        return False
    if gold.get("quote_contains") and _fold(gold["quote_contains"]) not in _fold(fact.quote):
        return False
    wanted = groups.expand(gold["subject"]) if groups else {subject_key(k) for k in gold["subject"]}
    return not subject or subject_key(name(fact.subject)) in wanted


def event_ok(event: Event, gold: Mapping[str, Any], name: Callable[[str], str],
              groups: KeyGroups | None = None) -> bool:
    if event.type != gold["type"]:
        return False
    if gold.get("quote_contains") and _fold(gold["quote_contains"]) not in _fold(event.quote):
        return False
    if gold.get("date") and event.date != gold["date"]:
        return False
    actors = {subject_key(name(a)) for a in event.actors}
    wanted = (groups.expand if groups else lambda ks: {subject_key(k) for k in ks})(gold.get("actors") or [])
    if wanted and not actors & wanted:
        return False
    materials = {subject_key(name(m)) for m in event.materials} | {subject_key(m.replace("-", " "))
                                                                   for m in event.materials}
    return {subject_key(m.replace("-", " ")) for m in gold.get("materials") or []} <= materials


def _fold(text: str) -> str:
    """Quotes compare with straight and curly apostrophes alike (the expectations allow both)."""
    return text.replace("\u2019", "'").replace("\u2018", "'")


def score_corpus(docs: Iterable[tuple[str, Document, Extraction]], annotations: Mapping[str, Any],
                 name: Callable[[str], str]) -> CorpusScore:
    """Score extractions keyed by file name against ``annotations``; ``name`` maps an entity
    id to its canonical name."""
    by_doc = {fname: (doc, ex) for fname, doc, ex in docs}
    groups = KeyGroups(annotations)
    facts, facts_subject, events = PRF(), PRF(), PRF()
    for key, prf in (("facts", facts), ("facts_subject", facts_subject)):
        subject = key == "facts_subject"
        gold_by_doc: dict[str, list[Mapping[str, Any]]] = {}
        for g in annotations.get("facts") or []:
            gold_by_doc.setdefault(g["doc"], []).append(g)
        for fname, golds in gold_by_doc.items():
            preds = by_doc[fname][1].facts if fname in by_doc else []
            prf.n_gold += len(golds)
            prf.n_pred += len(preds)
            for g in golds:
                if any(fact_ok(f, g, name, subject, groups) for f in preds):
                    prf.tp_gold += 1
                else:
                    prf.misses.append(f"{fname}: {g['value']} {g['unit']} ({g.get('quote_contains')})")
            prf.tp_pred += sum(1 for f in preds if any(fact_ok(f, g, name, subject, groups) for g in golds))
    gold_events: dict[str, list[Mapping[str, Any]]] = {}
    for g in annotations.get("events") or []:
        gold_events.setdefault(g["doc"], []).append(g)
    for fname, golds in gold_events.items():
        preds = by_doc[fname][1].events if fname in by_doc else []
        events.n_gold += len(golds)
        events.n_pred += len(preds)
        for g in golds:
            if any(event_ok(e, g, name, groups) for e in preds):
                events.tp_gold += 1
            else:
                events.misses.append(f"{fname}: {g['type']} ({g.get('quote_contains')})")
        events.tp_pred += sum(1 for e in preds if any(event_ok(e, g, name, groups) for g in golds))
    return CorpusScore(entities=_score_entities(by_doc, annotations, name), facts=facts,
                       facts_subject=facts_subject, events=events, periods=_score_periods(by_doc, annotations, name))


def _score_periods(by_doc: Mapping[str, tuple[Document, Extraction]], annotations: Mapping[str, Any],
                   name: Callable[[str], str]) -> tuple[int, int]:
    right = total = 0
    for g in annotations.get("facts") or []:
        if not g.get("period") or g["doc"] not in by_doc:
            continue
        found = [f for f in by_doc[g["doc"]][1].facts if fact_ok(f, g, name, False)]
        if found:
            total += 1
            right += any(f.period == g["period"] for f in found)
    return right, total


def _score_entities(by_doc: Mapping[str, tuple[Document, Extraction]], annotations: Mapping[str, Any],
                    name: Callable[[str], str]) -> PRF:
    """Recall: listed entities found (in their documents when ``docs`` is given). Precision:
    in documents whose entities are listed, predicted organizations that are listed."""
    prf = PRF()
    listed_docs: dict[str, set[str]] = {}
    for ent in annotations.get("entities") or []:
        keys = {subject_key(k) for k in [ent["canonical"], *(ent.get("keys") or [])]}
        docs = ent.get("docs") or list(by_doc)
        found = any(subject_key(name(m.entity_id)) in keys
                    for d in docs if d in by_doc for m in by_doc[d][1].mentions)
        prf.n_gold += 1
        prf.tp_gold += found
        if not found:
            prf.misses.append(ent["canonical"])
        for d in ent.get("docs") or []:
            listed_docs.setdefault(d, set()).update(keys)
    for d, keys in listed_docs.items():
        if d not in by_doc:
            continue
        predicted = {subject_key(name(m.entity_id)) for m in by_doc[d][1].mentions if m.kind in _ORG_KINDS}
        prf.n_pred += len(predicted)
        prf.tp_pred += len(predicted & keys)
    return prf


_ORG_KINDS = frozenset({"company", "state_body", "agency", "research_institute", "university"})


def score_reviewed(docs: Iterable[tuple[str, Document, Extraction]], annotations: Mapping[str, Any],
                   name: Callable[[str], str]) -> CorpusScore:
    """Score against review decisions (``exhaustive: false``): recall over what analysts accepted
    or corrected; precision over reviewed statements only, where a prediction is right when it
    matches an accepted or corrected record and wrong when it matches a rejected one (or the
    original of a correction). Predictions on statements nobody reviewed are not counted."""
    by_doc = {fname: (doc, ex) for fname, doc, ex in docs}
    groups = KeyGroups(annotations)
    facts, facts_subject, events = PRF(), PRF(), PRF()

    def tally(prf: PRF, kind: str, ok: Callable[[Any, Mapping[str, Any]], bool], label: Callable) -> None:
        golds, wrongs = annotations.get(kind) or [], annotations.get(f"rejected_{kind}") or []
        for fname in sorted({g["doc"] for g in [*golds, *wrongs]}):
            preds = getattr(by_doc[fname][1], kind) if fname in by_doc else []
            mine = [g for g in golds if g["doc"] == fname]
            bad = [g for g in wrongs if g["doc"] == fname]
            prf.n_gold += len(mine)
            for g in mine:
                if any(ok(p, g) for p in preds):
                    prf.tp_gold += 1
                else:
                    prf.misses.append(f"{fname}: {label(g)}")
            right = sum(1 for p in preds if any(ok(p, g) for g in mine))
            wrong = sum(1 for p in preds if not any(ok(p, g) for g in mine) and any(ok(p, g) for g in bad))
            prf.tp_pred += right
            prf.n_pred += right + wrong

    tally(facts, "facts", lambda f, g: fact_ok(f, g, name, False, groups), lambda g: f"{g['value']} {g['unit']}")
    tally(facts_subject, "facts", lambda f, g: fact_ok(f, g, name, True, groups),
          lambda g: f"{g['value']} {g['unit']} ({g['subject'][0]})")
    tally(events, "events", lambda e, g: event_ok(e, g, name, groups), lambda g: f"{g['type']} ({g['quote_contains']})")
    return CorpusScore(entities=PRF(), facts=facts, facts_subject=facts_subject, events=events,
                       periods=_score_periods(by_doc, annotations, name))


def evaluate(articles_dir: Path, annotations: Mapping[str, Any], vocab: Any,
             settings: Any = None) -> CorpusScore:
    """Read every article of ``articles_dir`` through ingest (repair included), extract, score.

    The publication date given at ingest comes from ``annotations["documents"][name]["published"]``
    (the gold set's shape) or ``annotations["published"][name]``.
    """
    from monazite.extract.document import extract_document
    from monazite.ingest import read_documents
    from monazite.model import PartialDate
    from monazite.settings import Settings

    settings = settings or Settings()
    published = dict(annotations.get("published") or {})
    for fname, info in (annotations.get("documents") or {}).items():
        if isinstance(info, Mapping) and info.get("published"):
            published[fname] = info["published"]
    scored = []
    for path in sorted(articles_dir.glob("*.txt")):
        date = PartialDate.parse(published[path.name]) if path.name in published else None
        for doc in read_documents([str(path)], settings, published=date):
            if isinstance(doc, Document):
                scored.append((path.name, doc, extract_document(doc, vocab, settings)))
    names = {}
    for _, _, ex in scored:
        names.update({e.id: e.name for e in ex.entities})

    def name(entity_id: str) -> str:
        ent = vocab.entities.get(entity_id)
        return ent.name if ent is not None else names.get(entity_id, entity_id)

    if annotations.get("exhaustive") is False:
        return score_reviewed(scored, annotations, name)
    return score_corpus(scored, annotations, name)


def below_floors(scores: Mapping[str, CorpusScore], floors: Mapping[str, Any]) -> list[str]:
    """Every figure under its pinned floor, as 'corpus.kind.measure: got < floor'. A corpus
    with floors but no score is itself a failure (its annotations went missing)."""
    problems = []
    for corpus, kinds in floors.items():
        if corpus.startswith("_"):
            continue
        if corpus not in scores:
            problems.append(f"{corpus}: not scored (annotations missing)")
            continue
        got = scores[corpus].to_dict()
        for kind, measures in kinds.items():
            for measure, floor in measures.items():
                value = got[kind][measure]
                if value + 1e-9 < float(floor):
                    problems.append(f"{corpus}.{kind}.{measure}: {value:.4f} < {float(floor):.4f}")
    return problems
