"""Train the subject ranker (``monazite.extract.subjects``) and write
``src/monazite/extract/models/subject_ranker.json``.

For every fact the extractor states whose value, unit and quote match an annotation (on
the dev set's tuning part and on our own gold set), each candidate holder is labelled by
whether it is the annotated subject. A pointwise logistic scorer is fitted with SciPy; the
margin by which its best candidate must beat the rules' choice is picked by five-fold
cross-validation over articles (subject accuracy), never on the held-out part.

Run: ``python bench/train_subjects.py`` (needs the dev-set texts, see devset/README.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(ROOT / "bench"))

from labelled import devset_articles, fit_logistic, gold_articles  # noqa: E402

from monazite.extract.devset import fact_matches  # noqa: E402
from monazite.extract.facts import SUBJECT_CANDIDATES_SUFFIX  # noqa: E402
from monazite.extract.scoring import fact_ok, subject_key  # noqa: E402
from monazite.extract.subjects import MODEL_PATH, SubjectRanker  # noqa: E402

L2 = 2.0
FOLDS = 5
MARGINS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5, 1.1)  # 1.1: never override the rules

# one example: (article, rule pick, [(candidate, features, right)])
Example = tuple[str, str, list[tuple[str, dict[str, float], int]]]


def _devset_examples() -> list[Example]:
    out = []
    for a in devset_articles("tuning"):
        for fact in a.extraction.facts:
            golds = [g for g in a.annotation.get("facts") or [] if fact_matches(fact, g, a.names, False)]
            if not golds:
                continue
            wanted = set().union(*(a.names.gold_keys(str(g["subject"])) for g in golds))
            cands = a.explain.get(fact.id + SUBJECT_CANDIDATES_SUFFIX) or {}
            rows = [(eid, f, int(bool(a.names.predicted_keys(eid) & wanted))) for eid, f in cands.items()]
            rule = next((eid for eid, f, _ in rows if f.get("rule")), fact.subject)
            out.append((a.annotation["id"], rule, rows))
    return out


def _gold_examples() -> list[Example]:
    out = []
    for a in gold_articles():
        for fact in a.extraction.facts:
            matching = [g for g in a.facts if fact_ok(fact, g, a.name, False, a.groups)]
            if not matching:
                continue
            wanted = set().union(*(a.groups.expand(g["subject"]) for g in matching))
            cands = a.explain.get(fact.id + SUBJECT_CANDIDATES_SUFFIX) or {}
            rows = [(eid, f, int(subject_key(a.name(eid)) in wanted)) for eid, f in cands.items()]
            rule = next((eid for eid, f, _ in rows if f.get("rule")), fact.subject)
            out.append((a.key, rule, rows))
    return out


def fit(examples: list[Example], names: list[str]) -> tuple[dict[str, float], float]:
    """Pointwise: every candidate of every figure is one row, labelled right or not."""
    rows = [(f, y) for _, _, cands in examples for _, f, y in cands]
    return fit_logistic([f for f, _ in rows], [y for _, y in rows], names, L2)


def accuracy(examples: list[Example], ranker: SubjectRanker) -> float:
    right = 0
    for _, rule, cands in examples:
        chosen = ranker.choose([(eid, f) for eid, f, _ in cands], rule)
        right += any(eid == chosen and y for eid, _, y in cands)
    return right / len(examples) if examples else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    # The candidates and the rules' pick are recorded before any ranker acts (the "rule"
    # feature marks the rules' choice), so the shipped ranker may stay in place meanwhile.
    examples = _devset_examples()
    if not examples:
        print("no dev-set texts present (see devset/README.md)", file=sys.stderr)
        return 2
    examples += _gold_examples()
    names = sorted({k for _, _, cands in examples for _, f, _ in cands for k in f})
    articles = sorted({a for a, _, _ in examples})
    random.Random(5).shuffle(articles)
    fold_of = {a: i % FOLDS for i, a in enumerate(articles)}
    by_margin = {m: 0 for m in MARGINS}
    for k in range(FOLDS):
        train = [e for e in examples if fold_of[e[0]] != k]
        test = [e for e in examples if fold_of[e[0]] == k]
        w, b = fit(train, names)
        for m in MARGINS:
            by_margin[m] += accuracy(test, SubjectRanker(w, b, m, {})) * len(test)
    cv = {m: round(v / len(examples), 4) for m, v in by_margin.items()}
    margin = max(MARGINS, key=lambda m: (cv[m], m))  # ties go to the larger margin (fewer overrides)
    w, b = fit(examples, names)
    meta = {"trained": dt.date.today().isoformat(), "examples": len(examples), "articles": len(articles),
            "l2": L2, "cross_validated_subject_accuracy": {str(m): a for m, a in cv.items()},
            "rules_alone_accuracy": cv[1.1],
            "source": "dev-set tuning part + our gold set; margin by 5-fold cross-validation over articles"}
    ranker = SubjectRanker(w, b, margin, meta)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(ranker.to_json(), encoding="utf-8")
    print(f"{len(examples)} figures with candidates from {len(articles)} articles -> {args.out}")
    print("cross-validated subject accuracy by margin: " + ", ".join(f"{m}: {a:.3f}" for m, a in cv.items()))
    print(f"chosen margin {margin} (rules alone: {cv[1.1]:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
