"""How far to trust an extracted fact: a logistic model over how its subject and metric were
found, trained on the real-article dev set's tuning part (``bench/train_confidence.py``)
and shipped as ``models/fact_confidence.json``.

The features describe the evidence, never the words of any article: how the subject was
reached (a possessive, the clause, a reference word, the article's main company...), how
far it and the metric word are from the figure, how many candidate holders the sentence
names, what kind of entity and unit are involved. A fact's ``confidence`` is the model's
probability that its value, unit and subject are all right; the model file records how
well that probability was calibrated when it was trained.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["EVENT_MODEL_PATH", "MODEL_PATH", "ConfidenceModel", "bucket", "event_features", "fact_features",
           "load_event_model", "load_model", "logistic"]

MODEL_PATH = Path(__file__).with_name("models") / "fact_confidence.json"
EVENT_MODEL_PATH = Path(__file__).with_name("models") / "event_confidence.json"


def logistic(bias: float, weights: Mapping[str, float], features: Mapping[str, float]) -> float:
    """The logistic model's probability for named features (the exponent clipped)."""
    z = bias + sum(weights.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def bucket(value: int, edges: tuple[int, ...], name: str) -> str:
    """The feature naming which of ``edges`` ``value`` falls under ("gap<=40", "gap>100")."""
    for edge in edges:
        if value <= edge:
            return f"{name}<={edge}"
    return f"{name}>{edges[-1]}"


def fact_features(*, source: str, subject_kind: str, reviewed: bool, unit_kind: str, metric: str,
                  far_trigger: bool, trigger_gap: int, subject_distance: int, candidates: int,
                  figures_in_sentence: int, sentence_chars: int, qualifier: bool, is_range: bool,
                  growth_metric: bool, share_metric: bool) -> dict[str, float]:
    """The evidence behind one fact as named binary features (1.0 when present)."""
    feats = {
        f"source={source}": 1.0,
        f"subject_kind={subject_kind}": 1.0,
        f"unit_kind={unit_kind}": 1.0,
        bucket(trigger_gap, (0, 10, 40, 100), "trigger_gap"): 1.0,
        bucket(max(candidates, 0), (0, 1, 2), "candidates"): 1.0,
        bucket(figures_in_sentence, (1, 2, 4), "figures"): 1.0,
        bucket(sentence_chars, (120, 300), "sentence_chars"): 1.0,
    }
    if subject_distance >= 0:
        feats[bucket(subject_distance, (5, 40, 120), "subject_distance")] = 1.0
    if far_trigger:
        feats["far_trigger"] = 1.0
    if not reviewed:
        feats["subject_unreviewed"] = 1.0
    if qualifier:
        feats["qualifier"] = 1.0
    if is_range:
        feats["range"] = 1.0
    if growth_metric:
        feats["growth_metric"] = 1.0
    if share_metric:
        feats["share_metric"] = 1.0
    feats[f"metric={metric}"] = 1.0
    return feats


def event_features(event: Any) -> dict[str, float]:
    """The evidence behind one event: its type, how strong the trigger rules judged it, how
    many sentences report it, whom and what it names."""
    attrs = event.attributes
    rule = float(attrs.get("rule_confidence", event.confidence))
    feats = {f"type={event.type}": 1.0,
             bucket(int(rule * 100), (65, 85, 95), "rule_confidence"): 1.0,
             bucket(len(attrs.get("quotes") or [event.quote]), (1, 2), "sentences"): 1.0,
             bucket(len(event.actors), (0, 1, 2), "actors"): 1.0}
    # The sentence model's score is left out: on the articles it was trained on it is
    # in-sample, so a model fitted there would trust it far more than it deserves elsewhere.
    for flag, key in (("actor_from_context", attrs.get("actor_from") == "context"),
                      ("heading", bool(attrs.get("heading"))), ("has_date", bool(event.date)),
                      ("has_amount", bool(attrs.get("amounts"))), ("has_materials", bool(event.materials))):
        if key:
            feats[flag] = 1.0
    return feats


@dataclass(frozen=True)
class ConfidenceModel:
    """Logistic weights by feature name, the bias, and what training recorded."""

    weights: Mapping[str, float]
    bias: float
    meta: Mapping[str, Any]

    def probability(self, features: Mapping[str, float]) -> float:
        return logistic(self.bias, self.weights, features)

    def to_json(self) -> str:
        return json.dumps({"bias": self.bias, "weights": dict(sorted(self.weights.items())), "meta": self.meta},
                          indent=1, sort_keys=False) + "\n"


@lru_cache(maxsize=4)
def load_event_model(path: Path = EVENT_MODEL_PATH) -> ConfidenceModel | None:
    """The shipped event-confidence model, or None (then the rules' evidence scores stand)."""
    return load_model(path)


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> ConfidenceModel | None:
    """The shipped model, or None when the file is absent (then rule confidences stand)."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return ConfidenceModel(weights={str(k): float(v) for k, v in data["weights"].items()},
                           bias=float(data["bias"]), meta=data.get("meta") or {})
