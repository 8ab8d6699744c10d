"""Scoring extraction on the real-article dev set (``devset/``): third-party articles whose
texts stay out of git, annotated by us in ``devset/annotations/<id>.json``.

The annotation shape is described in ``devset/README.md``. Matching is one-to-one (each
annotation is matched by at most one prediction, so one happening reported as three
events scores one right and two wrong):

- **facts**: value and unit after normalising the annotation's scale words ("USD million"
  -> USD, "INR crore" -> INR, "kg" -> t), the annotation's quote window inside the fact's
  sentence, and, for ``facts_subject``, the subject: the predicted entity's name, aliases
  or surface form is one of the annotated subject's names (its organization mentions in
  that article included). A range predicted as one fact may match both annotated bounds.
- **events**: type, quote window inside one of the event's sentences, at least one actor
  in common when actors are annotated, and dates that agree as far as both go.
- **organizations**: per article, recall over the annotated organizations (any surface
  form or the canonical name found as an organization mention) and precision over the
  distinct organizations predicted there.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import ChainMap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from monazite.extract.context import ORG_KINDS
from monazite.extract.scoring import PRF, subject_key
from monazite.model import Document, Entity, Event, Extraction, Fact

__all__ = ["DevsetScore", "Names", "annotation_problems", "devset_part", "evaluate_devset", "event_matches",
           "fact_matches", "fold_quote", "load_devset", "names_for", "normalise_amount", "score_article",
           "text_sha256"]

TUNING_PERCENT = 70  # articles whose url hash falls under this go to the tuning part
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "crore": 1e7, "lakh": 1e5}
MASS_TO_T = {"kg": 1e-3, "t": 1.0, "kt": 1e3, "Mt": 1e6}
FACT_KEYS = ("subject", "metric", "value", "unit", "quote_contains")
EVENT_TYPES = frozenset({"export_control", "capacity_expansion", "plant_opening", "joint_venture", "partnership",
                         "offtake", "financing", "earnings", "acquisition", "policy", "price_move"})


def devset_part(url: str) -> str:
    """'tuning' or 'heldout', fixed once by the url's SHA-256."""
    return "tuning" if int(hashlib.sha256(url.encode("utf-8")).hexdigest()[:8], 16) % 100 < TUNING_PERCENT \
        else "heldout"


def text_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def normalise_amount(value: float, unit: str) -> tuple[float, str]:
    """An annotated (value, unit) in monazite's units: (1.65, 'AUD billion') -> (1.65e9, 'AUD');
    (26037, 'kg') -> (26.037, 't'); prices and percentages unchanged."""
    parts = unit.split()
    if len(parts) == 2 and parts[1] in SCALES:
        return value * SCALES[parts[1]], parts[0]
    if unit in MASS_TO_T:
        return value * MASS_TO_T[unit], "t"
    if unit.endswith("/yr") and unit[:-3] in MASS_TO_T:
        return value * MASS_TO_T[unit[:-3]], "t/yr"
    return value, unit


def _close(a: float, b: float) -> bool:
    return math.isclose(abs(a), abs(b), rel_tol=1e-6, abs_tol=1e-9)


def fold_quote(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ").split()).lower()


@dataclass
class DevsetScore:
    facts: PRF = field(default_factory=PRF)
    facts_subject: PRF = field(default_factory=PRF)
    facts_confirmed: PRF = field(default_factory=PRF)  # facts_subject over facts at or above the threshold
    events: PRF = field(default_factory=PRF)
    organizations: PRF = field(default_factory=PRF)
    articles: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "facts": self.facts.to_dict(), "facts_subject": self.facts_subject.to_dict(),
                "facts_confirmed": self.facts_confirmed.to_dict(), "events": self.events.to_dict(), "organizations": self.organizations.to_dict()}


@dataclass
class Names:
    """Who is who in one article: each annotated name with every form the annotation and the
    vocabulary give it, and each predicted entity with its name, aliases and surface forms."""

    vocab: Any
    annotation: Mapping[str, Any]
    entities: Mapping[str, Entity]
    surface: Mapping[str, set[str]]  # entity id -> surface forms seen in the text

    def gold_keys(self, name: str) -> set[str]:
        keys = {subject_key(name)}
        for org in self.annotation.get("organizations") or []:
            forms = {subject_key(f) for f in [org["canonical"], *(org.get("mentions") or [])]}
            if keys & forms:
                keys |= forms
        for key_name in list(keys):
            ent = self.vocab.resolve(key_name) if self.vocab is not None else None
            if ent is not None:
                keys |= _entity_keys(ent)
        ent = self.vocab.resolve(name) if self.vocab is not None else None
        if ent is not None:
            keys |= _entity_keys(ent)
        keys.discard("")
        return keys

    def predicted_keys(self, entity_id: str) -> set[str]:
        ent = self.entities.get(entity_id)
        keys = _entity_keys(ent) if ent is not None else {subject_key(entity_id)}
        keys |= {subject_key(s) for s in self.surface.get(entity_id, ())}
        keys.discard("")
        return keys


def _entity_keys(ent: Entity) -> set[str]:
    return {subject_key(n) for n in [ent.name, *ent.aliases, *ent.tickers]} | {subject_key(ent.id.replace("-", " "))}


def fact_matches(f: Fact, gold: Mapping[str, Any], names: Names, subject: bool) -> list[str]:
    """Which bounds of the prediction match ``gold``: [] for none, else of 'value', 'low', 'high'."""
    value, unit = normalise_amount(float(gold["value"]), str(gold["unit"]))
    if f.unit != unit and not (f.basis and f"{f.unit} {f.basis}" == unit):
        return []
    if gold.get("quote_contains") and fold_quote(gold["quote_contains"]) not in fold_quote(f.quote):
        return []
    if subject and not names.predicted_keys(f.subject) & names.gold_keys(str(gold["subject"])):
        return []
    return [which for which, v in (("value", f.value), ("low", f.low), ("high", f.high))
            if v is not None and _close(v, value)]


def event_matches(e: Event, gold: Mapping[str, Any], names: Names) -> bool:
    if e.type != gold.get("type"):
        return False
    quotes = [e.quote, *[q for q in (e.attributes.get("quotes") or [])]]
    if gold.get("quote_contains") and not any(fold_quote(gold["quote_contains"]) in fold_quote(q) for q in quotes):
        return False
    actors = gold.get("actors") or []
    if actors:
        wanted = set().union(*(names.gold_keys(a) for a in actors))
        if not any(names.predicted_keys(a) & wanted for a in e.actors):
            return False
    if gold.get("date") and e.date:
        a, b = str(gold["date"]), str(e.date)
        if b.startswith("--"):  # a year-less date ("--03-09") agrees as far as it goes: month and day
            a = "-" + a[4:]
        if not (a.startswith(b) or b.startswith(a)):
            return False
    return True


def _match(preds: list[Any], golds: list[Mapping[str, Any]], ok: Callable[[Any, Mapping[str, Any]], Any],
           prf: PRF, label: Callable[[Mapping[str, Any]], str], capacity: Callable[[Any], int]) -> None:
    """Greedy one-to-one matching in text order: each annotation taken at most once, each
    prediction up to ``capacity(pred)`` annotations (2 for a range)."""
    used = [0] * len(preds)
    any_hit = [False] * len(preds)
    prf.n_gold += len(golds)
    prf.n_pred += len(preds)
    for g in golds:
        hit = next((i for i, p in enumerate(preds) if used[i] < capacity(p) and ok(p, g)), None)
        if hit is None:
            prf.misses.append(label(g))
            continue
        used[hit] += 1
        any_hit[hit] = True
        prf.tp_gold += 1
    prf.tp_pred += sum(any_hit)


def names_for(annotation: Mapping[str, Any], extraction: Extraction, vocab: Any) -> Names:
    """Who is who in one annotated article: the extraction's entities (new ones first, then the
    vocabulary's) and the surface forms its mentions used."""
    surface: dict[str, set[str]] = {}
    for m in extraction.mentions:
        surface.setdefault(m.entity_id, set()).add(m.text)
    found = {e.id: e for e in extraction.entities}
    entities = ChainMap(found, vocab.entities) if vocab is not None else found
    return Names(vocab, annotation, entities, surface)


def score_article(annotation: Mapping[str, Any], extraction: Extraction, vocab: Any,
                  score: DevsetScore, threshold: float = 0.0) -> None:
    """Add one article's figures to ``score``; ``facts_confirmed`` counts only the facts whose
    confidence reaches ``threshold`` (what claims, dossiers, the digest and alerts use)."""
    names = names_for(annotation, extraction, vocab)
    doc_id = annotation.get("id", "?")
    golds = list(annotation.get("facts") or [])

    def fact_label(g: Mapping[str, Any]) -> str:
        return f"{doc_id}: {g['value']} {g['unit']} {g['subject']} ({g.get('quote_contains')})"

    def capacity(f: Fact) -> int:
        return 2 if f.low is not None and f.high is not None else 1

    _match(extraction.facts, golds, lambda f, g: fact_matches(f, g, names, False), score.facts, fact_label, capacity)
    _match(extraction.facts, golds, lambda f, g: fact_matches(f, g, names, True), score.facts_subject,
           fact_label, capacity)
    confirmed = [f for f in extraction.facts if f.confidence >= threshold]
    _match(confirmed, golds, lambda f, g: fact_matches(f, g, names, True), score.facts_confirmed,
           fact_label, capacity)
    _match(extraction.events, list(annotation.get("events") or []), lambda e, g: event_matches(e, g, names),
           score.events, lambda g: f"{doc_id}: {g['type']} {g.get('actors')} ({g.get('quote_contains')})",
           lambda e: 1)
    _score_organizations(annotation, extraction, names, score.organizations, doc_id)
    score.articles += 1


def _score_organizations(annotation: Mapping[str, Any], extraction: Extraction, names: Names, prf: PRF,
                         doc_id: str) -> None:
    predicted = list(dict.fromkeys(m.entity_id for m in extraction.mentions if m.kind in ORG_KINDS
                                   or (names.entities.get(m.entity_id) is not None
                                       and names.entities[m.entity_id].kind in ORG_KINDS)))
    pred_keys = {p: names.predicted_keys(p) for p in predicted}
    gold_keys = [(org["canonical"], names.gold_keys(org["canonical"])
                  | {subject_key(x) for x in org.get("mentions") or []})
                 for org in annotation.get("organizations") or []]
    prf.n_gold += len(gold_keys)
    for canonical, keys in gold_keys:
        if any(k & keys for k in pred_keys.values()):
            prf.tp_gold += 1
        else:
            prf.misses.append(f"{doc_id}: {canonical}")
    prf.n_pred += len(predicted)
    for p, keys in pred_keys.items():
        if any(keys & g for _, g in gold_keys):
            prf.tp_pred += 1
        else:
            prf.misses.append(f"{doc_id}: extra organization {names.entities[p].name if p in names.entities else p}")


def load_devset(annotations_dir: Path, texts_dir: Path) -> list[tuple[dict[str, Any], Path]]:
    """(annotation, text path) for every annotated article whose text is present."""
    out = []
    for path in sorted(annotations_dir.glob("*.json")):
        annotation = json.loads(path.read_text(encoding="utf-8"))
        text = texts_dir / f"{annotation['id']}.txt"
        if text.is_file():
            out.append((annotation, text))
    return out


def evaluate_devset(annotations_dir: Path, texts_dir: Path, vocab: Any,
                    settings: Any = None) -> dict[str, DevsetScore]:
    """Read each present text through ingest (repair and cleaning included), extract, and
    score it (see ``score_article``; confirmed facts at ``settings.fact_confidence_threshold``);
    one score per part ('tuning', 'heldout')."""
    from monazite.extract.document import extract_document
    from monazite.ingest import read_documents
    from monazite.model import PartialDate
    from monazite.settings import Settings

    settings = settings or Settings()
    scores = {"tuning": DevsetScore(), "heldout": DevsetScore()}
    for annotation, path in load_devset(annotations_dir, texts_dir):
        published = PartialDate.parse(annotation["published"]) if annotation.get("published") else None
        for doc in read_documents([str(path)], settings, published=published):
            if isinstance(doc, Document):
                extraction = extract_document(doc, vocab, settings)
                score_article(annotation, extraction, vocab, scores[devset_part(annotation["url"])],
                              settings.fact_confidence_threshold)
    return scores


def annotation_problems(annotation: Mapping[str, Any], text: str | None = None) -> list[str]:
    """What is wrong with one annotation file's shape (and, given its text, its quotes)."""
    problems = []
    for key in ("id", "url", "organizations", "facts", "events"):
        if key not in annotation:
            problems.append(f"missing {key}")
    for i, f in enumerate(annotation.get("facts") or []):
        for key in FACT_KEYS:
            if key not in f:
                problems.append(f"fact {i}: missing {key}")
        if not isinstance(f.get("value"), (int, float)) or isinstance(f.get("value"), bool):
            problems.append(f"fact {i}: value is not a number")
        if text is not None and f.get("quote_contains") and fold_quote(f["quote_contains"]) not in fold_quote(text):
            problems.append(f"fact {i}: quote not in the text")
    for i, e in enumerate(annotation.get("events") or []):
        if e.get("type") not in EVENT_TYPES:
            problems.append(f"event {i}: unknown type {e.get('type')!r}")
        if text is not None and e.get("quote_contains") and fold_quote(e["quote_contains"]) not in fold_quote(text):
            problems.append(f"event {i}: quote not in the text")
    for i, o in enumerate(annotation.get("organizations") or []):
        if not o.get("canonical"):
            problems.append(f"organization {i}: no canonical name")
    return problems
