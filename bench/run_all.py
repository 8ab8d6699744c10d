"""Runs every benchmark in bench/ (``bench_*.py``) in turn and prints their figures.

Each benchmark is a standalone script that prints its own figures; this runner only
sequences them so ``make bench`` is one command. Pass ``--quick`` to ask each for its
smaller configuration (used to check the benchmarks still run).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"\n=== {script.name} ===", flush=True)
        started = time.perf_counter()
        cmd = [sys.executable, str(script)] + (["--quick"] if quick else [])
        rc = subprocess.call(cmd)
        print(f"--- {script.name}: exit {rc}, {time.perf_counter() - started:.1f} s", flush=True)
        if rc != 0:
            failed.append(script.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
