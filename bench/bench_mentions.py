"""Throughput of the dictionary-based extractors: sentences, mentions and dates, in words/s
on one core. ``bench_extractors`` is importable so a larger benchmark can reuse it.

Corpus: the seed articles in ../shared/seeds when present, else the fixture articles
under tests/fixtures/extract, repeated until the corpus holds the wanted word count.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from monazite.extract.dates import find_dates
from monazite.extract.mentions import find_mentions
from monazite.extract.sentences import split_sentences
from monazite.vocab import Vocabulary, load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
FULL_WORDS = 1_000_000  # words in the full corpus
QUICK_WORDS = 50_000  # words with --quick: enough to check the benchmark still runs
MENTIONS_TARGET = 100_000  # words/s the mention matcher must keep (the brief's floor)


def corpus(words: int) -> str:
    sources = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt")) or \
        sorted((ROOT / "tests" / "fixtures" / "extract").glob("*.txt"))
    base = "\n\n".join(p.read_text(encoding="utf-8") for p in sources)
    repeats = max(1, words // max(1, len(base.split())))
    return "\n\n".join([base] * repeats)


def _rate(fn: Callable[[], object], words: int) -> float:
    began = time.perf_counter()
    fn()
    return words / (time.perf_counter() - began)


def bench_extractors(text: str, vocab: Vocabulary) -> dict[str, float]:
    """Words per second of each extractor over ``text`` (automaton built beforehand)."""
    words = len(text.split())
    find_mentions(text[:1000], vocab)
    return {
        "sentences": _rate(lambda: split_sentences(text), words),
        "mentions": _rate(lambda: find_mentions(text, vocab), words),
        "dates": _rate(lambda: find_dates(text, None), words),
    }


def main(argv: list[str]) -> int:
    words = QUICK_WORDS if "--quick" in argv else FULL_WORDS
    vocab = load_vocabulary()
    text = corpus(words)
    began = time.perf_counter()
    rates = bench_extractors(text, vocab)
    print(f"corpus: {len(text.split()):,} words; vocabulary: {len(vocab.entities)} entities, "
          f"{len(vocab.alias_specs)} aliases")
    for name, rate in rates.items():
        print(f"{name:>10}: {rate:>12,.0f} words/s (one core)")
    print(f"total {time.perf_counter() - began:.1f} s")
    if rates["mentions"] < MENTIONS_TARGET:
        print(f"mentions below target {MENTIONS_TARGET:,} words/s")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
