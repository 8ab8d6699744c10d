"""Extractions of annotated articles, for the training scripts (``train_*.py``): the dev
set's parts (``devset/``) and our own gold set (``tests/fixtures/gold``), each read through
ingest and extracted with the explanation of every fact's confidence features and
candidate holders.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from monazite.extract.devset import _Names, devset_part, load_devset  # noqa: E402
from monazite.extract.document import extract_document  # noqa: E402
from monazite.extract.scoring import _KeyGroups, load_annotations  # noqa: E402
from monazite.ingest import read_documents  # noqa: E402
from monazite.model import Document, Extraction, PartialDate  # noqa: E402
from monazite.settings import Settings  # noqa: E402
from monazite.vocab import load_vocabulary  # noqa: E402

GOLD_DIR = ROOT / "tests" / "fixtures" / "gold"


@dataclass
class DevsetArticle:
    annotation: dict[str, Any]
    extraction: Extraction
    explain: dict[str, Any]
    names: _Names


@dataclass
class GoldArticle:
    key: str  # "gold:<file name>"
    extraction: Extraction
    explain: dict[str, Any]
    name: Callable[[str], str]  # entity id -> canonical name
    facts: list[dict[str, Any]]
    events: list[dict[str, Any]]
    groups: _KeyGroups


def _extract(path: Path, published: str | None, vocab: Any, settings: Settings) -> tuple[Extraction, dict] | None:
    date = PartialDate.parse(published) if published else None
    for doc in read_documents([str(path)], settings, published=date):
        if isinstance(doc, Document):
            explain: dict[str, Any] = {}
            return extract_document(doc, vocab, settings, explain=explain), explain
    return None


def devset_articles(part: str) -> Iterator[DevsetArticle]:
    """Every annotated article of ``part`` ('tuning' or 'heldout') whose text is present."""
    vocab, settings = load_vocabulary(), Settings()
    for annotation, path in load_devset(ROOT / "devset" / "annotations", ROOT / "devset" / "texts"):
        if devset_part(annotation["url"]) != part:
            continue
        done = _extract(path, annotation.get("published"), vocab, settings)
        if done is None:
            continue
        ex, explain = done
        entities = {**vocab.entities, **{e.id: e for e in ex.entities}}
        surface: dict[str, set[str]] = {}
        for m in ex.mentions:
            surface.setdefault(m.entity_id, set()).add(m.text)
        yield DevsetArticle(annotation, ex, explain, _Names(vocab, annotation, entities, surface))


def gold_articles() -> Iterator[GoldArticle]:
    """Every article of our own gold set."""
    vocab, settings = load_vocabulary(), Settings()
    annotations = load_annotations(GOLD_DIR / "gold.json")
    groups = _KeyGroups(annotations)
    published = {n: i.get("published") for n, i in (annotations.get("documents") or {}).items()}
    for path in sorted((GOLD_DIR / "articles").glob("*.txt")):
        done = _extract(path, published.get(path.name), vocab, settings)
        if done is None:
            continue
        ex, explain = done
        found = {e.id: e.name for e in ex.entities}

        def name(entity_id: str, found: dict[str, str] = found) -> str:
            ent = vocab.entities.get(entity_id)
            return ent.name if ent is not None else found.get(entity_id, entity_id)

        yield GoldArticle(f"gold:{path.name}", ex, explain, name,
                          [g for g in annotations.get("facts") or [] if g["doc"] == path.name],
                          [g for g in annotations.get("events") or [] if g["doc"] == path.name], groups)
