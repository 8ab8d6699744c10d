"""`make eval`: score extraction against the hand-annotated gold set (tests/fixtures/gold)
and, when ../shared is present, the seed expectations; print precision, recall and F1
for entities, facts (value+unit+quote, and with subject) and events; exit 1 when a
figure falls under its floor in tests/extract/eval_floors.json.

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

from monazite.extract.scoring import CorpusScore, below_floors, evaluate, load_annotations  # noqa: E402
from monazite.vocab import load_vocabulary  # noqa: E402

GOLD_DIR = ROOT / "tests" / "fixtures" / "gold"
SHARED_DIR = Path(os.environ.get("MONAZITE_SHARED", ROOT.parent / "shared"))
FLOORS = ROOT / "tests" / "extract" / "eval_floors.json"


def corpora(gold_dir: Path = GOLD_DIR, shared_dir: Path = SHARED_DIR) -> dict[str, tuple[Path, Path]]:
    """Corpus name -> (articles folder, annotations file), for those present."""
    found = {}
    if (gold_dir / "gold.json").is_file():
        found["gold"] = (gold_dir / "articles", gold_dir / "gold.json")
    if (shared_dir / "acceptance" / "seed_expectations.json").is_file():
        found["seeds"] = (shared_dir / "seeds", shared_dir / "acceptance" / "seed_expectations.json")
    return found


def score_all(gold_dir: Path = GOLD_DIR, shared_dir: Path = SHARED_DIR) -> dict[str, CorpusScore]:
    vocab = load_vocabulary()
    return {name: evaluate(articles, load_annotations(notes), vocab)
            for name, (articles, notes) in corpora(gold_dir, shared_dir).items()}


def _print(scores: dict[str, CorpusScore]) -> None:
    print(f"{'corpus':8} {'kind':14} {'precision':>9} {'recall':>7} {'f1':>6} {'pred':>5} {'gold':>5}")
    for name, score in scores.items():
        for kind, d in score.to_dict().items():
            print(f"{name:8} {kind:14} {d['precision']:9.3f} {d['recall']:7.3f} {d['f1']:6.3f} "
                  f"{d['predicted']:5d} {d['gold']:5d}")
        right, total = score.periods
        print(f"{name:8} {'fact periods':14} {right}/{total} right among found facts with an annotated period")
        for kind in ("facts", "facts_subject", "events", "entities"):
            for miss in getattr(score, kind).misses:
                print(f"  missed {kind}: {miss}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--floors", type=Path, default=FLOORS, help="floors file (JSON)")
    args = parser.parse_args(argv)
    scores = score_all()
    if args.json:
        print(json.dumps({k: v.to_dict() for k, v in scores.items()}, indent=2))
    else:
        _print(scores)
    floors = json.loads(args.floors.read_text(encoding="utf-8")) if args.floors.is_file() else {}
    problems = below_floors(scores, floors)
    for p in problems:
        print(f"BELOW FLOOR {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
