"""Extraction time against document length: seconds per MB of ``extract_document`` on one
document of 10 KB, 100 KB, 1 MB and 10 MB, built from the bundled sample articles as a
single paragraph (the worst case for sentence and clause look-ups), and once more as a
single line with no line breaks. Linear time shows as a flat seconds-per-MB column; the
process's peak resident memory so far is printed beside it (sizes run smallest first).

``--quick`` stops at 1 MB.
"""

from __future__ import annotations

import argparse
import sys
import time
import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_extract import base_texts  # noqa: E402

from monazite.extract import extract_document  # noqa: E402
from monazite.model import Document, document_id, sha256_hex  # noqa: E402
from monazite.vocab import load_vocabulary  # noqa: E402

SIZES = [10_000, 100_000, 1_000_000, 10_000_000]
TARGET_10MB_SECONDS = 60.0  # issue 9: a 10 MB text extracts in under a minute


def long_text(size: int, one_line: bool) -> str:
    """At least ``size`` characters of article prose, joined as one paragraph or one line."""
    sentences = [s for t in base_texts() for s in " ".join(t.split()).split(". ") if len(s) > 20]
    parts, total, i = [], 0, 0
    while total < size:
        s = sentences[i % len(sentences)].rstrip(".") + "."
        parts.append(s)
        total += len(s) + 1
        i += 1
    text = " ".join(parts)
    return text if one_line else text.replace(". ", ".\n", len(parts) // 50)  # a few wrapped lines


def measure(text: str, vocab) -> tuple[float, float, int]:
    doc = Document(id=document_id(text), origin="bench", text=text, raw_sha256=sha256_hex(text))
    started = time.process_time()
    ex = extract_document(doc, vocab)
    seconds = time.process_time() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return seconds, peak_kb / 1e3, len(ex.facts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes up to 1 MB only")
    args = parser.parse_args(argv)
    vocab = load_vocabulary()
    extract_document(Document(id="warm", origin="bench", text=base_texts()[0], raw_sha256="0"), vocab)
    sizes = [s for s in SIZES if not args.quick or s <= 1_000_000]
    print(f"{'shape':10} {'size':>10} {'seconds':>8} {'s/MB':>6} {'peak RSS MB':>11} {'facts':>7}")
    worst = 0.0
    for one_line in (False, True):
        for size in sizes:
            text = long_text(size, one_line)
            seconds, peak, facts = measure(text, vocab)
            shape = "one line" if one_line else "paragraph"
            print(f"{shape:10} {len(text):>10,} {seconds:8.2f} {seconds / len(text) * 1e6:6.2f} {peak:11.1f} {facts:7,}",
                  flush=True)
            if size == 10_000_000:
                worst = max(worst, seconds)
    if worst:
        print(f"10 MB: {worst:.1f} s (target under {TARGET_10MB_SECONDS:.0f} s): "
              f"{'met' if worst < TARGET_10MB_SECONDS else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
