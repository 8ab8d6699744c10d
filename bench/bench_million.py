"""Hybrid search over a million documents: p50/p95/p99 latency and peak memory.

Corpus: short synthetic rare-earth news items (three to five templated sentences: companies,
elements, places, facilities, figures, dates, and words drawn from a large Zipf-distributed
vocabulary) written into a fresh SQLite store in batched transactions: the store's
``insert_document`` for the first rows, then the same rows through one executemany per batch
of the ``documents`` table (FTS5 triggers included, as ingest writes them; the extraction
pipeline is not run: that is ``bench_ingest.py``). Vectors: a random projection of each
document's bag of words (idf-weighted, 256-d, unit length), so documents sharing words are
neighbours and the approximate index has real structure to find; queries are embedded the
same way (microseconds), so the figures are search time, not model time.

The store grows level by level (100,000, then 1,000,000 documents; ``--quick``: 10,000, with
the index used from 5,000). At each level the on-disk vector index is brought up to date
(``maintain_index``, as after an ingest) and ~500 hybrid queries are timed after a warm-up
pass; peak resident memory is measured over the search phase alone. Figures are recorded as
``search_hybrid_p95_ms_100k`` and ``search_hybrid_p95_ms_1m`` (bench/results.py).

    .venv/bin/python bench/bench_million.py            # 100k and 1M documents (hours on 2 busy cores)
    .venv/bin/python bench/bench_million.py --quick    # 10,000 documents, about a minute
    .venv/bin/python bench/bench_million.py --levels 100000 --keep /tmp/m.db   # one level, store kept
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import sqlalchemy as sa

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from results import record  # noqa: E402

from monazite.model.dates import PartialDate  # noqa: E402
from monazite.model.records import Document, Source  # noqa: E402
from monazite.settings import Settings  # noqa: E402
from monazite.store import schema as t  # noqa: E402
from monazite.store.documents import get_or_create_source, insert_document  # noqa: E402
from monazite.store.engine import open_store  # noqa: E402
from monazite.store.search import Searcher  # noqa: E402
from monazite.store.search_vectors import MIN_SIMILARITY  # noqa: E402
from monazite.store.vector_index import index_directory, maintain_index  # noqa: E402
from monazite.store.vector_scan import scan_rank  # noqa: E402

DIM = 256  # the static embedding model's size (MiniLM's would be 384)
BATCH = 2_000  # documents per transaction
RARE_WORDS = 50_000  # size of the Zipf-distributed extra vocabulary
HASH_BUCKETS = 1 << 16  # words are hashed to this many projection rows (stable across runs and --keep)
TARGET_P95_MS = 100.0  # the target for hybrid search at 1M documents
HITS = 20  # results per query, as the search page shows
RECALL_QUERIES = 30  # queries whose semantic top HITS are checked against an exact scan

COMPANIES = ("Lynas", "MP Materials", "China Northern Rare Earth", "China Rare Earth Group", "Iluka", "Arafura",
             "Energy Fuels", "Neo Performance", "Solvay", "Shenghe", "Vulcan Elements", "USA Rare Earth",
             "Mkango", "Rainbow Rare Earths", "Pensana", "Hastings", "Northern Minerals", "Ucore", "Aclara",
             "Serra Verde", "Torngat", "Mountain Pass", "JL Mag", "Ningbo Yunsheng", "Baotou Steel")
ELEMENTS = ("terbium", "dysprosium", "neodymium", "praseodymium", "samarium", "yttrium", "lanthanum", "cerium",
            "europium", "gadolinium", "holmium", "lutetium", "erbium", "scandium")
PLACES = ("Baotou", "Bayan Obo", "Kalgoorlie", "Mount Weld", "Kuantan", "Ganzhou", "Longnan", "Myanmar", "Kachin",
          "Texas", "Fort Worth", "Saskatoon", "Nolans", "Browns Range", "Songwe Hill", "Longonjo", "Goias",
          "Sichuan", "Jiangxi", "Inner Mongolia", "Greenland", "Kvanefjeld", "Estonia", "Sillamae", "Malaysia")
FACILITIES = ("separation plant", "refinery", "magnet factory", "mine", "concentrator", "metals plant",
              "alloy line", "recycling facility", "smelter", "processing hub")
VERBS = ("raised", "cut", "suspended", "restarted", "expanded", "doubled", "halted", "resumed", "trimmed", "boosted")
PRODUCTS = ("oxide", "carbonate", "metal", "concentrate", "NdFeB magnets", "alloy", "mixed chloride", "feedstock")
REASONS = ("export licence delays", "new quota rules", "power rationing", "a tariff dispute", "flooding",
           "strong magnet demand", "weak oxide prices", "a customs inspection", "an offtake deal",
           "environmental checks", "a stockpile release", "border closures", "a subsidy package")
TEMPLATES = (
    "{company} {verb} {element} {product} output at its {place} {facility} by {pct} percent in {month}, citing {reason}.",
    "Prices of {element} {product} in {place} rose {pct} percent to {price} dollars a kilogram after {reason}.",
    "{company} signed an offtake for {tons} tonnes of {element} {product} from the {place} {facility}.",
    "Officials in {place} said {reason} would weigh on {element} shipments through {month}.",
    "The {place} {facility} of {company} processed {tons} tonnes of {product}, with {element} and {element2} "
    "among the {rare} {rare2} grades.",
    "Analysts tracking {rare} and {rare2} expect {element} supply from {place} to tighten, {company} said.",
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
QUERY_SHAPES = ("{element}", "{element} {product}", "{company} {place}", "{element} export licence", "{facility} {place}",
                "{company} {element}", "{element} prices {place}", "{rare} {element}", "{product} quota", "{reason}")


def _vocabulary(rng: np.random.Generator) -> np.ndarray:
    syllables = np.array(["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "dor", "fen", "gra", "hul", "pli",
                          "quo", "ster", "tan", "wex", "yor", "zim"])
    words = {"".join(rng.choice(syllables, rng.integers(2, 5))) for _ in range(RARE_WORDS * 2)}
    return np.array(sorted(words)[:RARE_WORDS])


class Corpus:
    """Deterministic documents and their bag-of-words projection vectors."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.rare = list(_vocabulary(np.random.default_rng(seed)))
        self.rare_cdf = list(itertools.accumulate(1.0 / k for k in range(1, len(self.rare) + 1)))  # Zipf
        self.words: dict[str, int] = {}
        self.projection = np.random.default_rng(seed + 1).standard_normal((HASH_BUCKETS, DIM)).astype(np.float32)

    def _word_ids(self, text: str) -> list[int]:
        ids = []
        for w in text.lower().replace(".", " ").replace(",", " ").split():
            if len(w) > 2 and not w.isdigit():
                key = self.words.get(w)
                if key is None:
                    key = self.words[w] = zlib.crc32(w.encode()) % HASH_BUCKETS
                ids.append(key)
        return ids

    def vectors(self, texts: list[str]) -> np.ndarray:
        rows, cols = [], []
        for i, text in enumerate(texts):
            ids = self._word_ids(text)
            rows.extend([i] * len(ids))
            cols.extend(ids)
        m = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                          shape=(len(texts), len(self.projection)))
        m.data = np.log1p(m.data)  # damp repeated words
        v = m @ self.projection
        v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
        return v.astype(np.float32)

    def _fill(self, template: str) -> str:
        r = self.rng
        rare, rare2 = r.choices(self.rare, cum_weights=self.rare_cdf, k=2)
        return template.format(
            company=r.choice(COMPANIES), verb=r.choice(VERBS), element=r.choice(ELEMENTS), element2=r.choice(ELEMENTS),
            product=r.choice(PRODUCTS), place=r.choice(PLACES), facility=r.choice(FACILITIES),
            reason=r.choice(REASONS), month=r.choice(MONTHS), pct=r.randrange(2, 60),
            price=r.randrange(40, 2000), tons=r.randrange(100, 40_000), rare=rare, rare2=rare2)

    def documents(self, start: int, n: int) -> list[Document]:
        docs = []
        for i in range(start, start + n):
            sentences = [self._fill(self.rng.choice(TEMPLATES)) for _ in range(self.rng.randrange(3, 6))]
            text = f"[{i}] " + " ".join(sentences)  # the number keeps every text, and so every id, distinct
            day = dt.date(2018, 1, 1) + dt.timedelta(days=i % 2900)
            docs.append(Document(
                id="doc_" + hashlib.sha256(text.encode()).hexdigest()[:16], origin=f"synthetic/{i}.txt", text=text,
                raw_sha256=hashlib.sha256(f"raw{i}".encode()).hexdigest(), title=sentences[0][:80],
                published=PartialDate(day.year, day.month, day.day), published_source="metadata",
                source=Source(f"Wire {i % 12}", ("independent", "company", "government")[i % 3])))
        return docs

    def queries(self, n: int) -> list[str]:
        return [self._fill(QUERY_SHAPES[i % len(QUERY_SHAPES)]) for i in range(n)]


def _row(doc: Document, source_id: int, now: dt.datetime) -> dict:
    """The ``documents`` row ``insert_document`` writes for such a document (no pages, tables or
    fingerprint), so a batch goes in as one executemany: per-row calls cost more than the rows."""
    return dict(id=doc.id, origin=doc.origin, title=doc.title, author=None, published=doc.published.iso,
                published_precision=doc.published.precision, published_sort=doc.published.as_date(),
                published_source=doc.published_source, fetched_at=None, ingested_at=now, raw_sha256=doc.raw_sha256,
                text=doc.text, language="en", source_id=source_id, encoding=None, repairs=[], content_type="text",
                duplicate_of=None, fingerprint=None, word_count=doc.word_count, page_count=None, disclosure=None)


def grow(url: str, corpus: Corpus, have: int, want: int, settings: Settings) -> float:
    engine = open_store(url)
    started = time.perf_counter()
    sources: dict[str, int] = {}
    for lo in range(have, want, BATCH):
        docs = corpus.documents(lo, min(BATCH, want - lo))
        vectors = corpus.vectors([f"{d.title}\n{d.text}" for d in docs])
        now = dt.datetime.now(dt.UTC)
        with engine.begin() as conn:
            if lo == have:  # the first batch goes through insert_document itself, the rest in its shape
                for doc in docs[:10]:
                    insert_document(conn, doc, settings)
                docs_rest = docs[10:]
            else:
                docs_rest = docs
            for doc in docs_rest:
                if doc.source.name not in sources:
                    sources[doc.source.name] = get_or_create_source(conn, doc.source)
            if docs_rest:
                conn.execute(t.documents.insert(), [_row(d, sources[d.source.name], now) for d in docs_rest])
            conn.execute(t.embeddings.insert(), [
                {"document_id": d.id, "model": settings.embedding_model, "dim": DIM, "vector": v.tobytes()}
                for d, v in zip(docs, vectors, strict=True)])
        if (lo // BATCH) % 50 == 0:
            print(f"  {lo + len(docs):,} documents ({time.perf_counter() - started:.0f} s)", flush=True)
    engine.dispose()
    return time.perf_counter() - started


def _rss_mb() -> tuple[float, float]:
    """(current, peak since the last reset) resident memory of this process, in MB."""
    status = Path("/proc/self/status").read_text()
    values = {line.split(":")[0]: int(line.split()[1]) for line in status.splitlines() if line.startswith("Vm")}
    return values.get("VmRSS", 0) / 1024, values.get("VmHWM", 0) / 1024


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def pct(ms: list[float], q: float) -> float:
    s = sorted(ms)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def measure(url: str, corpus: Corpus, settings: Settings, n_queries: int) -> dict:
    engine = open_store(url)
    t0 = time.perf_counter()
    did = maintain_index(engine, settings.embedding_model, index_directory(engine, settings.vector_index_dir), settings.ann_min_vectors)
    index_s = time.perf_counter() - t0
    queries = corpus.queries(n_queries)
    searcher = Searcher(engine, settings, embedder=corpus.vectors, query_cache=0, build_index=False)
    reset = _reset_peak()
    for q in dict.fromkeys(queries):  # warm-up, untimed: page cache and the mapped index
        searcher.search(q, mode="hybrid", limit=HITS)
    ms, empty = [], 0
    for q in queries:
        t1 = time.perf_counter()
        res = searcher.search(q, mode="hybrid", limit=HITS)
        ms.append((time.perf_counter() - t1) * 1000)
        empty += not res.hits
    rss, peak = _rss_mb()
    recall = _recall(engine, searcher, corpus, queries[:RECALL_QUERIES], settings.embedding_model)
    out = {"recall": recall, "index": did, "index_s": index_s, "mode": searcher.vectors.mode, "p50": statistics.median(ms),
           "p95": pct(ms, 0.95), "p99": pct(ms, 0.99), "rss_mb": rss,
           "peak_search_mb": peak if reset else float("nan"),
           "peak_process_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "empty": empty}
    searcher.close()
    engine.dispose()
    return out


def _recall(engine: sa.Engine, searcher: Searcher, corpus: Corpus, queries: list[str], model: str) -> float:
    """Share of the exact top ``HITS`` (a full scan of the stored vectors) that the semantic
    ranking as searched returned: 1.0 when exact in memory, the index's recall otherwise."""
    found = total = 0
    with engine.connect() as conn:
        for q in queries:
            v = corpus.vectors([q])[0]
            exact = {d for d, _ in scan_rank(conn, model, v, HITS, MIN_SIMILARITY)}
            got = {d for d, _ in searcher.vectors.rank(conn, v, HITS)}
            found += len(exact & got)
            total += len(exact)
    return found / max(total, 1)


def label(n: int) -> str:
    return f"{n // 1_000_000}m" if n % 1_000_000 == 0 else f"{n // 1000}k"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--levels", default="100000,1000000", help="store sizes measured, ascending")
    ap.add_argument("--queries", type=int, default=500, help="timed hybrid queries per level")
    ap.add_argument("--quick", action="store_true", help="10,000 documents, 100 queries")
    ap.add_argument("--keep", help="build the store at this path and keep it (grown further if it exists)")
    ap.add_argument("--ann-min", type=int, default=None,
                    help="ann_min_vectors for this run (default: the setting's; --quick: 5,000, so the index is used)")
    args = ap.parse_args(argv)
    levels = [10_000] if args.quick else [int(x) for x in args.levels.split(",")]
    n_queries = 100 if args.quick else args.queries
    with tempfile.TemporaryDirectory(prefix="monazite-million-") as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "million.db"
        url = f"sqlite:///{path}"
        ann_min = args.ann_min if args.ann_min is not None else (5_000 if args.quick else Settings().ann_min_vectors)
        settings = Settings(db=url, ann_min_vectors=ann_min)
        corpus = Corpus()
        engine = open_store(url)
        with engine.connect() as conn:
            have = conn.execute(sa.select(sa.func.count()).select_from(t.documents)).scalar_one()
            stored = conn.execute(sa.select(t.embeddings.c.model).limit(1)).scalar()
        engine.dispose()
        # The vectors are labelled with the default model's name (a kept store: the name it has),
        # so the searcher ranks them; they are projections, not that model's output.
        settings = settings.with_overrides(embedding_model=stored or settings.embedding_model)
        if have:
            print(f"--keep: the store already holds {have:,} documents")
        for n in levels:
            if n > have:
                print(f"growing the store to {n:,} documents ...", flush=True)
                grow_s = grow(url, corpus, have, n, settings)
                have = n
                size_mb = sum(f.stat().st_size for f in path.parent.glob(path.name + "*") if f.is_file()) / 1e6
                print(f"  grown in {grow_s:.0f} s, store {size_mb:,.0f} MB")
            res = measure(url, corpus, settings, n_queries)
            print(f"\n{n:,} documents, {n_queries} hybrid queries ({HITS} hits), vectors: {res['mode']} "
                  f"(index {res['index']} in {res['index_s']:.1f} s), {res['empty']} queries without hits")
            print(f"  hybrid ms  p50 {res['p50']:.1f}  p95 {res['p95']:.1f}  p99 {res['p99']:.1f}")
            print(f"  semantic recall@{HITS} against an exact scan: {res['recall']:.3f}")
            print(f"  memory MB  search-phase peak {res['peak_search_mb']:.0f}  now {res['rss_mb']:.0f}  "
                  f"process peak (incl. generation and index build) {res['peak_process_mb']:.0f}")
            key = f"search_hybrid_p95_ms_{label(n)}"
            record(key, round(res["p95"], 1), source="bench_million.py" + (" --quick" if args.quick else ""))
            if n >= 1_000_000:
                ok = res["p95"] < TARGET_P95_MS
                print(f"  hybrid p95 {res['p95']:.1f} ms: {'meets' if ok else 'MISSES'} the {TARGET_P95_MS:.0f} ms target")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
