"""Train the fact- and event-confidence models on the dev set's tuning part and write
``src/monazite/extract/models/fact_confidence.json`` and ``event_confidence.json``.

Each fact the extractor states on a tuning article is labelled right when an annotation
of that article has its value, unit, quote and subject (``extract.devset``'s matching); the
facts of our own gold set (``tests/fixtures/gold``, articles we wrote) are added, labelled
the same way by ``extract.scoring``. The features are the evidence
``extract.confidence.fact_features`` names. An L2-regularised
logistic regression is fitted with SciPy. Calibration is checked by five-fold cross-validation
over articles (each article's facts scored by a model that never saw that article) and, for
the record, on the held-out part, which is scored but never used to fit anything.

Events are labelled the same way: right when an annotated event of their article matches
them (``extract.devset``'s matching; ``extract.scoring`` on the gold set), described by
``extract.confidence.event_features``.

Run: ``python bench/train_confidence.py`` (needs the dev-set texts, see devset/README.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(ROOT / "bench"))

from labelled import devset_articles, fit_logistic, gold_articles  # noqa: E402

from monazite.extract.confidence import EVENT_MODEL_PATH, MODEL_PATH, ConfidenceModel, event_features  # noqa: E402
from monazite.extract.devset import event_matches, fact_matches  # noqa: E402
from monazite.extract.scoring import event_ok, fact_ok  # noqa: E402

L2 = 3.0  # penalty on the weights (the bias is free); small data, so the weights stay modest
FOLDS = 5
BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)


def labelled(devset: list, gold: list, events: bool) -> list[tuple[str, dict[str, float], int]]:
    """(article, features, 1 if right else 0) for every fact (or, with ``events``, every event)
    predicted on the given dev-set and gold articles (``labelled.devset_articles``/``gold_articles``)."""
    out = []
    for a in devset:
        if events:
            out += [(a.annotation["id"], event_features(e),
                     int(any(event_matches(e, g, a.names) for g in a.annotation.get("events") or [])))
                    for e in a.extraction.events]
        else:
            out += [(a.annotation["id"], a.explain[f.id],
                     int(any(fact_matches(f, g, a.names, True) for g in a.annotation.get("facts") or [])))
                    for f in a.extraction.facts]
    for a in gold:
        if events:
            out += [(a.key, event_features(e), int(any(event_ok(e, g, a.name, a.groups) for g in a.events)))
                    for e in a.extraction.events]
        else:
            out += [(a.key, a.explain[f.id], int(any(fact_ok(f, g, a.name, True, a.groups) for g in a.facts)))
                    for f in a.extraction.facts]
    return out


def fit(rows: list[dict[str, float]], labels: list[int], names: list[str]) -> tuple[dict[str, float], float]:
    return fit_logistic(rows, labels, names, L2)


def model_of(w: dict[str, float], b: float, meta: dict) -> ConfidenceModel:
    return ConfidenceModel(weights=w, bias=b, meta=meta)


def calibration(probs: list[float], labels: list[int]) -> list[dict]:
    table = []
    for lo, hi in zip(BINS, BINS[1:]):
        idx = [i for i, p in enumerate(probs) if lo <= p < hi]
        if idx:
            table.append({"bin": f"{lo:.1f}-{min(hi, 1.0):.1f}", "records": len(idx),
                          "mean_confidence": round(float(np.mean([probs[i] for i in idx])), 3),
                          "share_right": round(float(np.mean([labels[i] for i in idx])), 3)})
    return table


def cross_validated(data: list[tuple[str, dict[str, float], int]], names: list[str]) -> list[float]:
    articles = sorted({a for a, _, _ in data})
    random.Random(7).shuffle(articles)
    fold_of = {a: i % FOLDS for i, a in enumerate(articles)}
    probs = [0.0] * len(data)
    for k in range(FOLDS):
        train = [d for d in data if fold_of[d[0]] != k]
        w, b = fit([d[1] for d in train], [d[2] for d in train], names)
        m = model_of(w, b, {})
        for i, d in enumerate(data):
            if fold_of[d[0]] == k:
                probs[i] = m.probability(d[1])
    return probs


def _print_table(title: str, table: list[dict]) -> None:
    print(title)
    for row in table:
        print(f"  {row['bin']}: {row['records']:4d} records, mean confidence {row['mean_confidence']:.2f}, "
              f"right {row['share_right']:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--events-out", type=Path, default=EVENT_MODEL_PATH)
    args = parser.parse_args(argv)
    tuning = list(devset_articles("tuning"))  # each article set is read and extracted once
    if not tuning:
        print("no dev-set texts present (see devset/README.md)", file=sys.stderr)
        return 2
    gold, heldout = list(gold_articles()), list(devset_articles("heldout"))
    for label, out, events in (("facts", args.out, False), ("events", args.events_out, True)):
        train(label, out, labelled(tuning, gold, events), labelled(heldout, [], events))
    return 0


def train(label: str, out: Path, data: list[tuple[str, dict[str, float], int]],
          heldout: list[tuple[str, dict[str, float], int]]) -> None:
    """Fit on ``data`` (tuning part and gold set), report calibration cross-validated there and,
    scored only, on ``heldout``; write the model to ``out``."""
    names = sorted({n for _, f, _ in data for n in f})
    labels = [d[2] for d in data]
    cv = calibration(cross_validated(data, names), labels)
    w, b = fit([d[1] for d in data], labels, names)
    meta = {"trained": dt.date.today().isoformat(), "part": "dev-set tuning part + our gold set", "records": label,
            "count": len(data), "right": int(sum(labels)), "articles": len({d[0] for d in data}), "l2": L2,
            "cross_validated_calibration": cv}
    model = model_of(w, b, meta)
    if heldout:
        meta["heldout_calibration"] = calibration([model.probability(f) for _, f, _ in heldout],
                                                  [y for _, _, y in heldout])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(model.to_json(), encoding="utf-8")
    print(f"{label}: {len(data)} ({sum(labels)} right) from {meta['articles']} articles -> {out}")
    _print_table("cross-validated calibration (tuning part and gold set):", cv)
    if heldout:
        _print_table("held-out calibration (scored only):", meta["heldout_calibration"])


if __name__ == "__main__":
    sys.exit(main())
