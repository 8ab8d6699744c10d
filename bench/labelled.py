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

from monazite.extract.devset import Names, devset_part, load_devset, names_for  # noqa: E402
from monazite.extract.document import extract_document  # noqa: E402
from monazite.extract.scoring import KeyGroups, load_annotations  # noqa: E402
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
    names: Names


@dataclass
class GoldArticle:
    key: str  # "gold:<file name>"
    extraction: Extraction
    explain: dict[str, Any]
    name: Callable[[str], str]  # entity id -> canonical name
    facts: list[dict[str, Any]]
    events: list[dict[str, Any]]
    groups: KeyGroups


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
        yield DevsetArticle(annotation, ex, explain, names_for(annotation, ex, vocab))


def gold_articles() -> Iterator[GoldArticle]:
    """Every article of our own gold set."""
    vocab, settings = load_vocabulary(), Settings()
    annotations = load_annotations(GOLD_DIR / "gold.json")
    groups = KeyGroups(annotations)
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


def fit_logistic(rows: list[dict[str, float]], labels: list[int], names: list[str],
                 l2: float) -> tuple[dict[str, float], float]:
    """An L2-regularised logistic regression over named features (the bias unpenalised),
    fitted with SciPy's L-BFGS; returns the non-negligible weights by name and the bias."""
    import numpy as np
    from scipy.optimize import minimize

    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, feats in enumerate(rows):
        for name, value in feats.items():
            if name in index:
                x[r, index[name]] = value
    y = np.asarray(labels, dtype=float)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = theta[:-1], theta[-1]
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w + b, -30, 30)))
        eps = 1e-9
        nll = -np.sum(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)) + 0.5 * l2 * np.dot(w, w)
        return float(nll), np.append(x.T @ (p - y) + l2 * w, np.sum(p - y))

    theta = minimize(loss, np.zeros(len(names) + 1), jac=True, method="L-BFGS-B").x
    return {n: round(float(v), 4) for n, v in zip(names, theta[:-1]) if abs(v) > 1e-4}, round(float(theta[-1]), 4)
