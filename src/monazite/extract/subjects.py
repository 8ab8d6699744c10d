"""Choosing a figure's holder among the entities around it: a learned scorer over candidate
(figure, entity) pairs, trained on the dev set's tuning part and our gold set
(``bench/train_subjects.py``) and shipped as ``models/subject_ranker.json``.

The hand rules of ``coref`` propose a holder; every organization, country or material the
sentence names (and the article's main company and country) is a candidate beside it. Each
candidate is described by where it stands relative to the figure (before or after, how far,
in the figure's clause or not, after a preposition, as a possessive, as an adjective, at
the sentence's start), what kind of entity it is for what kind of metric, and whether the
rules chose it. The scorer's best candidate replaces the rules' choice only when it is
ahead by the margin chosen in training.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from monazite.extract.confidence import bucket, logistic
from monazite.extract.context import ORG_KINDS, THING_KINDS, DocContext

__all__ = ["MODEL_PATH", "SubjectRanker", "candidate_features", "load_ranker", "subject_kind"]

MODEL_PATH = Path(__file__).with_name("models") / "subject_ranker.json"
_POSSESSIVE = re.compile(r"['\u2019]s?\b")


def subject_kind(ctx: DocContext, entity_id: str) -> str:
    """The coarse kind the models use: company, country, state, material, org (institutes,
    universities) or other."""
    kind = ctx.kind_of(entity_id) or "company"
    if kind in ("company", "country"):
        return kind
    if kind in ("state_body", "agency"):
        return "state"
    if kind in THING_KINDS:
        return "material"
    return "org" if kind in ORG_KINDS else "other"


def _metric_group(unit_kind: str, metric: str, growth: bool, share: bool) -> str:
    if share:
        return "share"
    if growth:
        return "growth"
    if unit_kind in ("currency", "price", "mass", "mass_rate", "percent"):
        return unit_kind
    return "other"


def candidate_features(ctx: DocContext, coref: Any, *, start: int, end: int, sentence: tuple[int, int],
                       segment: tuple[int, int], kinds: frozenset[str], rule_pick: str | None,
                       rule_source: str | None, unit_kind: str, metric: str, growth: bool, share: bool,
                       mention_counts: Mapping[str, int]) -> list[tuple[str, dict[str, float]]]:
    """Every candidate holder of the figure at [start, end) with its features."""
    group = _metric_group(unit_kind, metric, growth, share)
    nearest: dict[str, Any] = {}
    for m in ctx.mentions_in(*sentence):
        if ctx.kind(m) not in kinds and not (group == "price" and ctx.kind(m) in THING_KINDS):
            continue
        gap = m.start - end if m.start >= end else start - m.end
        if m.entity_id not in nearest or gap < nearest[m.entity_id][0]:
            nearest[m.entity_id] = (gap, m)
    ids = list(nearest)
    for extra in (rule_pick, coref.focus, getattr(coref, "country_focus", None)):
        if extra and extra not in nearest and (ctx.kind_of(extra) or "company") in kinds | THING_KINDS:
            ids.append(extra)
    out = []
    n = len(nearest)
    for eid in dict.fromkeys(ids):
        kind = subject_kind(ctx, eid)
        f: dict[str, float] = {f"kind={kind}": 1.0, f"{kind}|{group}": 1.0,
                               bucket(n, (1, 2, 3), "candidates"): 1.0,
                               bucket(mention_counts.get(eid, 0), (1, 3), "mentions"): 1.0}
        if eid == rule_pick:
            f["rule"] = 1.0
            f[f"rule_source={rule_source}"] = 1.0
        if eid == coref.focus:
            f["focus"] = 1.0
        if eid == getattr(coref, "country_focus", None):
            f["country_focus"] = 1.0
        if eid in nearest:
            gap, m = nearest[eid]
            side = "after" if m.start >= end else "before"
            f[side] = 1.0
            f[bucket(gap, (3, 20, 60, 150), f"{side}_gap")] = 1.0
            if segment[0] <= m.start < segment[1]:
                f["same_clause"] = 1.0
            if m.start - sentence[0] < 25:
                f["sentence_start"] = 1.0
            if coref.is_object(m, sentence):
                f["after_preposition"] = 1.0
            if _POSSESSIVE.match(ctx.text, m.end):
                f["possessive"] = 1.0
            if m.start in ctx.adjectival:
                f["adjective"] = 1.0
            if coref.is_subject_candidate(m, sentence):
                f["subject_like"] = 1.0
        else:
            f["outside_sentence"] = 1.0
        out.append((eid, f))
    return out


@dataclass(frozen=True)
class SubjectRanker:
    weights: Mapping[str, float]
    bias: float
    margin: float
    meta: Mapping[str, Any]

    def score(self, features: Mapping[str, float]) -> float:
        return logistic(self.bias, self.weights, features)

    def choose(self, candidates: list[tuple[str, dict[str, float]]], rule_pick: str | None) -> str | None:
        """The best-scored candidate when it beats the rules' choice by ``margin``, else that choice."""
        if not candidates:
            return rule_pick
        scored = [(self.score(f), eid) for eid, f in candidates]
        best_score, best = max(scored)
        if rule_pick is None:
            return best if best_score >= 0.5 else None
        rule_score = next((s for s, eid in scored if eid == rule_pick), None)
        if rule_score is None:
            return rule_pick  # a holder the candidates cannot describe (the whole world): the rules stand
        return best if best_score - rule_score >= self.margin else rule_pick

    def to_json(self) -> str:
        return json.dumps({"bias": self.bias, "margin": self.margin, "weights": dict(sorted(self.weights.items())),
                           "meta": self.meta}, indent=1) + "\n"


@lru_cache(maxsize=4)
def load_ranker(path: Path = MODEL_PATH) -> SubjectRanker | None:
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return SubjectRanker(weights={k: float(v) for k, v in data["weights"].items()}, bias=float(data["bias"]),
                         margin=float(data["margin"]), meta=data.get("meta") or {})
