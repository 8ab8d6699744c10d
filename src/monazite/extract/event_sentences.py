"""Which event types a sentence reports: a linear model over hashed word and word-pair
features, one logistic scorer per event type, trained on labelled sentences
(``bench/train_event_sentences.py``) and shipped as ``models/event_sentences.json``.

The trigger rules of ``events`` find the wording they know; this model recognises the
wording they do not ("has chosen Stillwater for a facility", "committed AU$840 million");
the rules' own filters still keep out sentences that only mention a topic. Features are
hashed (CRC-32 of the lower-cased word or word pair, numbers folded to one token), so the
model file holds weights, not text.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = ["MODEL_PATH", "SentenceModel", "features", "load_sentence_model"]

MODEL_PATH = Path(__file__).with_name("models") / "event_sentences.json"
BUCKETS = 1 << 20
_TOKEN = re.compile(r"[a-z]+|\d+(?:[.,]\d+)*")
_FUNCTION_WORDS = frozenset("a an the of in on at to for from by with and or but its it is was were are be been has "
                            "have had said says that this these those as than into over under".split())


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (BUCKETS - 1)


def features(sentence: str) -> list[int]:
    """Hashed unigram and bigram features of a sentence (numbers as one token, deduplicated)."""
    tokens = ["<n>" if t[0].isdigit() else t for t in _TOKEN.findall(sentence.lower())]
    crc, mask = zlib.crc32, BUCKETS - 1  # _hash, inlined: this runs for every sentence of every document
    feats = {crc(("w:" + t).encode("utf-8")) & mask for t in tokens}
    feats |= {crc(f"b:{a}_{b}".encode("utf-8")) & mask for a, b in zip(tokens, tokens[1:])}
    return sorted(feats)


def token_spans(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, token) of each word of ``sentence``, for placing an event's trigger."""
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(sentence.lower())]


@dataclass(frozen=True)
class SentenceModel:
    """Per event type: bias and weights by hashed feature; ``meta`` records training."""

    biases: Mapping[str, float]
    weights: Mapping[str, Mapping[int, float]]
    meta: Mapping[str, object]

    def probabilities(self, sentence: str) -> dict[str, float]:
        types, biases, rows, table = self._by_feature()
        found = [r for r in map(rows.get, features(sentence)) if r is not None]
        z = biases + table[found].sum(axis=0) if found else biases
        return {t: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, float(v))))) for t, v in zip(types, z)}

    def _by_feature(self) -> tuple[tuple[str, ...], np.ndarray, dict[int, int], np.ndarray]:
        """The weights as a (feature x type) table with a row per weighted feature, built once:
        a sentence then costs one lookup per feature and one sum."""
        cached = self.__dict__.get("_table")
        if cached is None:
            types = tuple(self.biases)
            feats = sorted({f for etype in types for f in (self.weights.get(etype) or {})})
            rows = {f: i for i, f in enumerate(feats)}
            table = np.zeros((len(feats), len(types)))
            for j, etype in enumerate(types):
                for f, weight in (self.weights.get(etype) or {}).items():
                    table[rows[f], j] = weight
            cached = (types, np.array([self.biases[t] for t in types]), rows, table)
            object.__setattr__(self, "_table", cached)
        return cached

    def strongest_word(self, sentence: str, etype: str) -> tuple[int, int] | None:
        """Offsets (in ``sentence``) of the word that speaks most for ``etype``."""
        w = self.weights.get(etype, {})
        best, span = 0.0, None
        for start, end, token in token_spans(sentence):
            if token in _FUNCTION_WORDS:
                continue  # "in" or "the" never stands for an event
            score = w.get(_hash("w:" + ("<n>" if token[0].isdigit() else token)), 0.0)
            if score > best:
                best, span = score, (start, end)
        return span

    def to_json(self) -> str:
        return json.dumps({"biases": dict(self.biases),
                           "weights": {t: {str(k): v for k, v in sorted(w.items())} for t, w in self.weights.items()},
                           "meta": self.meta}, separators=(",", ":")) + "\n"


@lru_cache(maxsize=4)
def load_sentence_model(path: Path = MODEL_PATH) -> SentenceModel | None:
    """The shipped model, or None when absent (then the trigger rules work alone)."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return SentenceModel(biases={k: float(v) for k, v in data["biases"].items()},
                         weights={t: {int(k): float(v) for k, v in w.items()} for t, w in data["weights"].items()},
                         meta=data.get("meta") or {})
