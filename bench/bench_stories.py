"""Story clustering: pairwise precision and recall on the fixture articles, per text-similarity method.

Two sets, written for monazite (``tests/fixtures/stories/``), each line's ``story`` field
its gold label:

- ``articles.jsonl`` (tuning: the weights and threshold in ``analyze/stories.py`` were set
  on it): six events each written up by two or three invented outlets in different words,
  plus seven unrelated articles chosen to be near misses (another export ban in the same
  week, another financing, another magnet plant, the same company on another matter);
- ``heldout.jsonl`` (written after the tuning and never tuned on): three events by two
  outlets each, and three near misses.
 The articles go through the real ingest pipeline into a temporary SQLite
store; clustering then runs

- as published (articles more than ``MAX_STORY_DAYS`` apart are never one story), and
- "one window": every publication date removed, as if all the articles had arrived in one
  digest window; here only events, names and wording separate the stories.

A pair of articles counts as a true positive when both gold and prediction put them in
one story. Printed: precision, recall and F1 over pairs, stories found, and time.

    .venv/bin/python bench/bench_stories.py
    .venv/bin/python bench/bench_stories.py --no-embeddings   # skip the MiniLM model
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from monazite.analyze.stories import SIMILARITY_METHODS, StoryDocument, cluster_stories  # noqa: E402
from monazite.analyze.story_store import load_story_documents  # noqa: E402
from monazite.pipeline import run_ingest  # noqa: E402
from monazite.settings import load_settings  # noqa: E402
from monazite.store.engine import open_store  # noqa: E402
from monazite.store.schema import documents  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "stories"
SETS = ("articles.jsonl", "heldout.jsonl")


def pairwise(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same_gold, same_pred = gold[a] == gold[b], predicted[a] == predicted[b]
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-embeddings", action="store_true", help="skip the sentence-embedding method")
    parser.add_argument("--errors", action="store_true", help="list the pairs each method gets wrong")
    args = parser.parse_args()
    for name in SETS:
        print(f"== {name}")
        _bench(FIXTURES / name, semantic=not args.no_embeddings, errors=args.errors)
    return 0


def _bench(fixture: Path, semantic: bool, errors: bool) -> None:
    records = [json.loads(line) for line in fixture.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold_by_url = {r["url"]: r["story"] for r in records}
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'stories.db'}"
        settings = load_settings(env={}, db=db, semantic_search=semantic)
        started = time.perf_counter()
        report = run_ingest([str(fixture)], settings, progress=False)
        print(f"ingested {report.to_dict()['counts']} in {time.perf_counter() - started:.1f} s")
        engine = open_store(db)
        with engine.connect() as conn:
            origin = dict(conn.execute(documents.select().with_only_columns(documents.c.id, documents.c.origin)).all())
            docs = load_story_documents(conn, settings, sorted(origin))
        engine.dispose()
    gold = {d.id: gold_by_url[origin[d.id]] for d in docs}
    print(f"{len(docs)} articles, {len(set(gold.values()))} gold stories, "
          f"{sum(1 for a, b in itertools.combinations(gold, 2) if gold[a] == gold[b])} same-story pairs")
    undated = [dataclasses.replace(d, published=None) for d in docs]
    print(f"{'method':<11} {'dates':<11} {'precision':>9} {'recall':>7} {'F1':>6} {'stories':>7} {'ms':>7}")
    for method in SIMILARITY_METHODS:
        if method == "embeddings" and any(d.vector is None for d in docs):
            print(f"{method:<11} (no stored vectors: semantic_search off)")
            continue
        for label, subset in (("published", docs), ("one window", undated)):
            started = time.perf_counter()
            stories = cluster_stories(subset, method)
            ms = (time.perf_counter() - started) * 1000
            predicted = {i: s.id for s in stories for i in s.document_ids}
            p, r, f = pairwise(gold, predicted)
            print(f"{method:<11} {label:<11} {p:9.3f} {r:7.3f} {f:6.3f} {len(stories):7d} {ms:7.1f}")
            if errors and f < 1.0:
                _show_errors(subset, gold, predicted)


def _show_errors(docs: list[StoryDocument], gold: dict[str, str], predicted: dict[str, str]) -> None:
    title = {d.id: d.title[:50] for d in docs}
    for a, b in itertools.combinations(sorted(gold), 2):
        if (gold[a] == gold[b]) != (predicted[a] == predicted[b]):
            kind = "split" if gold[a] == gold[b] else "merged"
            print(f"    {kind}: {title[a]!r} / {title[b]!r}")


if __name__ == "__main__":
    sys.exit(main())
