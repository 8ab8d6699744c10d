"""Ingest throughput on a generated corpus: documents/s, MB/s and peak memory, one process.

The corpus (``--docs``, default 10,000 text articles of ~3 KB, generated from the bundled
sample corpus by a word chain) is written to a temporary
folder, then ingested in two steps, the first 20% and the rest, so peak RSS can be read
after each: a flat figure shows the ingest streams instead of loading the corpus.
Extraction OFF is measured on the whole corpus; extraction ON on ``--extract-docs``
(default 500) articles, since it is an order of magnitude slower per document.

    python bench/bench_ingest.py [--docs N] [--extract-docs N] [--quick]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from monazite.pipeline import run_ingest
from monazite.settings import Settings

TARGET_DOCS_PER_S = 300  # issue 2's target for text articles without extraction
FIRST_SHARE = 0.2  # the first step's share of the corpus (2,000 of 10,000)

MARKOV_WORDS = 450  # words per generated article (~2.8 KB, a typical news story)
_TOKEN = re.compile(r"[\w’'.,%$-]+")


def _chain() -> tuple[list[str], dict[str, list[str]]]:
    """A first-order word chain over the bundled sample corpus: news-like text whose shingles
    overlap between articles about as much as real stories do (Jaccard ~0.03), so the
    near-duplicate lookup sees a realistic load."""
    samples = resources.files("monazite").joinpath("data", "samples")
    words: list[str] = []
    for entry in sorted(samples.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt"):
            words += _TOKEN.findall(entry.read_bytes().decode("utf-8", "ignore"))
    chain: dict[str, list[str]] = {}
    for a, b in zip(words, words[1:]):
        chain.setdefault(a, []).append(b)
    return words, chain


def article(rng: random.Random, index: int, words: list[str], chain: dict[str, list[str]]) -> str:
    word = rng.choice(words)
    out = [word]
    for _ in range(MARKOV_WORDS):
        word = rng.choice(chain.get(word) or words)
        out.append(word)
    body = " ".join(out)
    return f"{' '.join(out[:8]).title()} ({index})\n\n{rng.choice(['Jan', 'Mar', 'Jun', 'Sep'])} " \
           f"{rng.randint(1, 28)}, 2025\n\n{body}\n"


def write_corpus(folder: Path, start: int, count: int, seed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    words, chain = _chain()
    for i in range(start, start + count):
        (folder / f"a{i:06d}.txt").write_text(article(rng, i, words, chain), encoding="utf-8")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(label: str, folders: list[Path], settings: Settings, extract: bool) -> None:
    done, seconds, cpu, megabytes = 0, 0.0, 0.0, 0.0
    for folder in folders:
        started, cpu_started = time.perf_counter(), time.process_time()
        report = run_ingest([str(folder)], settings, extract=extract, progress=False)
        seconds += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
        done += sum(report.counts.values())
        megabytes += report.bytes_read / 1e6
        failed = report.counts["failed"]
        print(f"  {label}: after {done:>6} docs  {done / seconds:8.1f} docs/s  {megabytes / seconds:6.2f} MB/s  "
              f"({done / cpu:6.1f} per CPU-s)  peak RSS {peak_rss_mb():7.1f} MB  failed {failed}", flush=True)
        if failed:
            print(f"    first failure: {report.failed[0].origin}: {report.failed[0].reason}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--extract-docs", type=int, default=500)
    parser.add_argument("--quick", action="store_true", help="1,000 documents, 100 with extraction")
    args = parser.parse_args(argv)
    if args.quick:
        args.docs, args.extract_docs = 1_000, 100
    with tempfile.TemporaryDirectory(prefix="monazite-bench-") as tmp:
        root = Path(tmp)
        first = max(1, int(args.docs * FIRST_SHARE))
        write_corpus(root / "first", 0, first, seed=1)
        write_corpus(root / "rest", first, args.docs - first, seed=2)
        size = sum(p.stat().st_size for p in root.rglob("*.txt")) / 1e6
        print(f"corpus: {args.docs} text articles, {size:.1f} MB")
        print("extraction OFF (read, repair, clean, dedup, write):")
        off = Settings(db=str(root / "off.db"), semantic_search=False)
        measure("off", [root / "first", root / "rest"], off, extract=False)
        if args.extract_docs:
            write_corpus(root / "extract", 0, args.extract_docs, seed=3)
            print(f"extraction ON ({args.extract_docs} articles):")
            on = Settings(db=str(root / "on.db"), semantic_search=False)
            try:
                measure("on", [root / "extract"], on, extract=True)
            except Exception as exc:  # noqa: BLE001 - report and keep the OFF figures
                print(f"  extraction benchmark failed: {exc.__class__.__name__}: {exc}")
                return 1
    print(f"target: {TARGET_DOCS_PER_S} docs/s without extraction, memory flat between the two steps "
          "(docs per CPU-second is the figure to compare on a shared machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
