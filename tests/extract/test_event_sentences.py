"""The event-sentence model: hashed features, per-type scores, where an event is placed,
and the shipped model's shape."""

from __future__ import annotations

import math

from monazite.extract.event_sentences import (
    MODEL_PATH,
    SentenceModel,
    _hash,
    features,
    load_sentence_model,
)

EVENT_TYPES = {"export_control", "capacity_expansion", "plant_opening", "joint_venture", "partnership", "offtake",
               "financing", "earnings", "acquisition", "policy", "price_move"}


def test_features_are_hashed_words_and_pairs_with_numbers_folded() -> None:
    a = features("Acme raised $40 million in 2024.")
    b = features("ACME raised $75 million in 1999.")
    assert a == b  # case and the numbers themselves do not matter
    assert _hash("w:raised") in a and _hash("b:acme_raised") in a
    assert a == sorted(set(a))


def test_scores_are_logistic_in_the_weights_and_the_strongest_word_places_the_event() -> None:
    model = SentenceModel(biases={"financing": -2.0, "policy": -3.0},
                          weights={"financing": {_hash("w:loan"): 3.0, _hash("w:secured"): 1.0}}, meta={})
    sentence = "Acme secured a loan for its plant."
    scores = model.probabilities(sentence)
    assert math.isclose(scores["financing"], 1 / (1 + math.exp(-2.0)))
    assert math.isclose(scores["policy"], 1 / (1 + math.exp(3.0)))
    start, end = model.strongest_word(sentence, "financing")
    assert sentence[start:end] == "loan"
    assert model.strongest_word(sentence, "policy") is None


def test_the_shipped_model_covers_every_event_type_and_records_its_threshold() -> None:
    model = load_sentence_model(MODEL_PATH)
    assert model is not None and set(model.biases) == EVENT_TYPES
    assert 0.0 < model.meta["thresholds"]["add"] < 1.0
    assert all(0.0 <= p <= 1.0 for p in model.probabilities("Acme began production at its new plant.").values())


def test_the_written_training_sentences_are_valid_and_cover_every_type() -> None:
    import json
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "bench" / "data"
    rows = [json.loads(line) for path in sorted(folder.glob("event_sentences*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len({r["text"] for r in rows}) == len(rows)
    assert all(isinstance(r["text"], str) and r["text"] and set(r["types"]) <= EVENT_TYPES for r in rows)
    covered = {t for r in rows for t in r["types"]}
    assert covered == EVENT_TYPES and any(not r["types"] for r in rows)
