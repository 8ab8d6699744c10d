"""`make eval`: score extraction against the hand-annotated gold set (tests/fixtures/gold),
the seed expectations when ../shared is present, and the real-article dev set (devset/)
when its texts are present, its tuning and held-out parts apart; print precision, recall
and F1 for entities/organizations, facts (value+unit+quote, and with subject) and events;
exit 1 when a figure falls under its floor in tests/extract/eval_floors.json.

``--reviews DIR`` (``make eval REVIEWS=DIR``) also scores the extractor against analysts'
review decisions exported by ``monazite review export DIR``: recall over accepted and
corrected records, precision over reviewed statements only.

``--misses`` lists what was missed on the gold set, the seeds and the dev set's tuning
part; the held-out part is only ever printed as figures, so nobody tunes on it.

Floors may be raised when extraction improves; lowering one is a decision to make in
review, never a side effect of a change.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from monazite.extract.devset import DevsetScore, evaluate_devset  # noqa: E402
from monazite.extract.scoring import CorpusScore, below_floors, evaluate, load_annotations  # noqa: E402
from monazite.vocab import load_vocabulary  # noqa: E402

GOLD_DIR = ROOT / "tests" / "fixtures" / "gold"
SHARED_DIR = Path(os.environ.get("MONAZITE_SHARED", ROOT.parent / "shared"))
FLOORS = ROOT / "tests" / "extract" / "eval_floors.json"
DEVSET_ANNOTATIONS = ROOT / "devset" / "annotations"
DEVSET_TEXTS = Path(os.environ.get("MONAZITE_DEVSET_TEXTS", ROOT / "devset" / "texts"))


def corpora(gold_dir: Path = GOLD_DIR, shared_dir: Path = SHARED_DIR) -> dict[str, tuple[Path, Path]]:
    """Corpus name -> (articles folder, annotations file), for those present."""
    found = {}
    if (gold_dir / "gold.json").is_file():
        found["gold"] = (gold_dir / "articles", gold_dir / "gold.json")
    if (shared_dir / "acceptance" / "seed_expectations.json").is_file():
        found["seeds"] = (shared_dir / "seeds", shared_dir / "acceptance" / "seed_expectations.json")
    return found


def score_all(gold_dir: Path = GOLD_DIR, shared_dir: Path = SHARED_DIR,
              reviews: Path | None = None) -> dict[str, CorpusScore]:
    vocab = load_vocabulary()
    found = corpora(gold_dir, shared_dir)
    if reviews is not None:
        if not (reviews / "reviews.json").is_file():
            raise SystemExit(f"no reviews.json in {reviews}: write one with `monazite review export {reviews}`")
        found["reviews"] = (reviews / "articles", reviews / "reviews.json")
    return {name: evaluate(articles, load_annotations(notes), vocab)
            for name, (articles, notes) in found.items()}


def score_devset_parts(vocab=None) -> dict[str, DevsetScore]:
    """Dev-set scores per part, or {} when no text is present (a clone without the texts)."""
    if not DEVSET_TEXTS.is_dir() or not any(DEVSET_TEXTS.glob("*.txt")):
        return {}
    return evaluate_devset(DEVSET_ANNOTATIONS, DEVSET_TEXTS, vocab or load_vocabulary())


def _print_devset(scores: dict[str, DevsetScore], misses: bool) -> None:
    if not scores:
        print(f"\ndev set: no texts in {DEVSET_TEXTS} (see devset/README.md to get them); not scored")
        return
    print(f"\n{'dev set':8} {'kind':14} {'precision':>9} {'recall':>7} {'f1':>6} {'pred':>5} {'gold':>5}")
    for part, score in scores.items():
        for kind, d in score.to_dict().items():
            if kind == "articles":
                continue
            print(f"{part:8} {kind:14} {d['precision']:9.3f} {d['recall']:7.3f} {d['f1']:6.3f} "
                  f"{d['predicted']:5d} {d['gold']:5d}")
        print(f"{part:8} {score.articles} articles")
    if misses and "tuning" in scores:
        for kind in ("facts_subject", "events", "organizations"):
            for miss in getattr(scores["tuning"], kind).misses:  # (facts_confirmed misses are facts_subject's and more)
                print(f"  tuning {kind}: {miss}")


def _print(scores: dict[str, CorpusScore], misses: bool) -> None:
    print(f"{'corpus':8} {'kind':14} {'precision':>9} {'recall':>7} {'f1':>6} {'pred':>5} {'gold':>5}")
    for name, score in scores.items():
        for kind, d in score.to_dict().items():
            print(f"{name:8} {kind:14} {d['precision']:9.3f} {d['recall']:7.3f} {d['f1']:6.3f} "
                  f"{d['predicted']:5d} {d['gold']:5d}")
        right, total = score.periods
        print(f"{name:8} {'fact periods':14} {right}/{total} right among found facts with an annotated period")
        if misses:
            for kind in ("facts", "facts_subject", "events", "entities"):
                for miss in getattr(score, kind).misses:
                    print(f"  missed {kind}: {miss}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--misses", action="store_true",
                        help="list misses (gold, seeds, dev-set tuning part; never the held-out part)")
    parser.add_argument("--floors", type=Path, default=FLOORS, help="floors file (JSON)")
    parser.add_argument("--reviews", type=Path, default=None,
                        help="a folder written by `monazite review export`: score against analysts' decisions")
    args = parser.parse_args(argv)
    scores = score_all(reviews=args.reviews)
    devset = score_devset_parts()
    if args.json:
        print(json.dumps({**{k: v.to_dict() for k, v in scores.items()},
                          **{f"devset_{k}": v.to_dict() for k, v in devset.items()}}, indent=2))
    else:
        _print(scores, args.misses)
        _print_devset(devset, args.misses)
    floors = json.loads(args.floors.read_text(encoding="utf-8")) if args.floors.is_file() else {}
    problems = below_floors(scores, floors)
    for p in problems:
        print(f"BELOW FLOOR {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
