"""Retrieval quality yardstick: nDCG@10 and recall@10 of full text, semantic and hybrid search.

The corpus is generated (``bench/retrieval/corpus.py``: rare-earth news in varied wording
plus distractors about other commodities), written to files and ingested through the real
pipeline (``run_ingest``, extraction off) into a temporary SQLite store; each embedding
model then indexes the store (``index_embeddings``, timed: the index's documents/s) and the
60 hand-written queries of ``bench/retrieval/queries.json`` are run through ``Searcher`` in
each mode. Relevance judgments (0/1/2) are ``bench/retrieval/qrels.json``, written by
``--write-qrels`` from the generator's records; a run checks they still match the generator.

    python bench/bench_retrieval.py [--docs N] [--models a,b] [--quick] [--write-qrels]

nDCG@10 uses gain 2^grade - 1 and the ideal ranking of all judged documents; recall@10 is
the share of relevant documents (grade >= 1) in the top ten, out of at most ten (a query
with 120 relevant documents can still score 1.0).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from monazite.pipeline import run_ingest
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.engine import open_store
from retrieval.corpus import generate, judge

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "retrieval" / "queries.json"
QRELS = HERE / "retrieval" / "qrels.json"
FULL_DOCS = 2400  # the judged corpus; a smaller --docs takes its prefix
QUICK_DOCS = 600
K = 10
MODES = ("fulltext", "semantic", "hybrid")
# Short names for the figures' keys (ndcg10_hybrid_static, index_docs_per_s_minilm).
ALIASES = {"all-MiniLM-L6-v2": "minilm", "static-minilm-256": "static"}

try:  # bench/results.py (figures as data); absent in an old checkout: print only
    from results import record
except ImportError:  # pragma: no cover
    def record(key: str, value: float | int | str, *, source: str) -> None:
        pass


def load_queries() -> list[dict]:
    return json.loads(QUERIES.read_text(encoding="utf-8"))


def qrels_for(queries: list[dict], n_docs: int) -> dict[str, dict[str, int]]:
    docs = generate(n_docs)
    return {q["id"]: {d.key: g for d in docs if (g := judge(q, d))} for q in queries}


def ndcg_at_k(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    dcg = sum((2 ** grades.get(doc, 0) - 1) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall_at_k(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    relevant = {d for d, g in grades.items() if g > 0}
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:k])) / min(k, len(relevant))


def write_corpus(folder: Path, n_docs: int) -> None:
    folder.mkdir(parents=True)
    for art in generate(n_docs):
        (folder / f"{art.key}.txt").write_text(f"{art.title}\n\n{art.text}\n", encoding="utf-8")


def key_by_document(engine: sa.Engine) -> tuple[dict[str, str], int]:
    """Store id -> corpus key (from the file name), and how many were marked duplicates."""
    d = t.documents
    with engine.connect() as conn:
        rows = conn.execute(sa.select(d.c.id, d.c.origin, d.c.duplicate_of)).all()
    return {r.id: Path(r.origin).stem for r in rows}, sum(r.duplicate_of is not None for r in rows)


def evaluate(searcher, mode: str, queries: list[dict], qrels: dict, keys: dict[str, str]) -> tuple[float, float]:
    ndcgs, recalls = [], []
    for q in queries:
        grades = qrels[q["id"]]
        if not grades:
            continue
        hits = searcher.search(q["text"], mode=mode, limit=K).hits
        ranked = [keys.get(h.document_id, "") for h in hits]
        ndcgs.append(ndcg_at_k(ranked, grades))
        recalls.append(recall_at_k(ranked, grades))
    return sum(ndcgs) / len(ndcgs), sum(recalls) / len(recalls)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=FULL_DOCS)
    parser.add_argument("--models", default="", help="comma-separated embedding models (default: all)")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_DOCS} documents, the default model only")
    parser.add_argument("--write-qrels", action="store_true", help="rewrite qrels.json from the generator")
    args = parser.parse_args(argv)
    from monazite.extract.embeddings import MODELS  # the models monazite can embed with

    default_model = Settings().embedding_model
    if args.quick:
        args.docs = QUICK_DOCS
    models = [m for m in args.models.split(",") if m] or ([default_model] if args.quick else list(MODELS))
    queries = load_queries()
    if args.write_qrels:
        QRELS.write_text(json.dumps(qrels_for(queries, FULL_DOCS), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {QRELS}")
        return 0
    stored = json.loads(QRELS.read_text(encoding="utf-8"))
    if args.docs == FULL_DOCS and stored != qrels_for(queries, FULL_DOCS):
        print("qrels.json no longer matches the generator: run with --write-qrels and review the change")
        return 1
    wanted = {f"d{i:05d}" for i in range(args.docs)}
    qrels = {q: {d: g for d, g in grades.items() if d in wanted} for q, grades in stored.items()}
    judged = sum(bool(g) for g in qrels.values())
    source = "bench_retrieval.py"
    with tempfile.TemporaryDirectory(prefix="monazite-retrieval-") as tmp:
        root = Path(tmp)
        write_corpus(root / "corpus", args.docs)
        db = f"sqlite:///{root / 'kb.db'}"
        started = time.perf_counter()
        report = run_ingest([str(root / "corpus")], Settings(db=db, semantic_search=False), extract=False,
                            progress=False)
        ingest_s = time.perf_counter() - started
        engine = open_store(db)
        keys, duplicates = key_by_document(engine)
        print(f"corpus: {args.docs} generated articles, {judged} of {len(queries)} queries with judged documents; "
              f"ingested in {ingest_s:.1f} s (extraction and index off), {duplicates} near-duplicates, "
              f"{report.counts['failed']} failed")
        from monazite.pipeline.indexing import index_embeddings
        from monazite.store.search import Searcher

        fulltext: tuple[float, float] | None = None
        print(f"{'model':<20} {'mode':<9} {'nDCG@10':>8} {'recall@10':>10}")
        for model in models:
            settings = Settings(db=db, embedding_model=model)
            alias = ALIASES.get(model, model)
            from monazite.extract.embeddings import embed

            load_started = time.perf_counter()
            embed(["warm up"], model)  # loading (or building) the model is not the index's cost
            load_s = time.perf_counter() - load_started
            index_started = time.perf_counter()
            indexed = index_embeddings(engine, settings)
            index_s = time.perf_counter() - index_started
            searcher = Searcher(engine, settings)
            try:
                for mode in MODES:
                    if mode == "fulltext" and fulltext is not None:
                        continue
                    ndcg, recall = evaluate(searcher, mode, queries, qrels, keys)
                    name = "(any)" if mode == "fulltext" else model
                    print(f"{name:<20} {mode:<9} {ndcg:8.3f} {recall:10.3f}", flush=True)
                    if mode == "fulltext":
                        fulltext = (ndcg, recall)
                        record("ndcg10_fulltext", round(ndcg, 4), source=source)
                        record("recall10_fulltext", round(recall, 4), source=source)
                        continue
                    record(f"ndcg10_{mode}_{alias}", round(ndcg, 4), source=source)
                    record(f"recall10_{mode}_{alias}", round(recall, 4), source=source)
                    if model == default_model:
                        record(f"ndcg10_{mode}", round(ndcg, 4), source=source)
                        record(f"recall10_{mode}", round(recall, 4), source=source)
            finally:
                searcher.close()
            rate = indexed / index_s if index_s else float("inf")
            print(f"{model:<20} index: {indexed} documents in {index_s:.1f} s ({rate:.0f} docs/s; "
                  f"model loaded in {load_s:.1f} s)", flush=True)
            record(f"index_docs_per_s_{alias}", round(rate, 1), source=source)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
