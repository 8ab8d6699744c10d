"""Runs every benchmark in bench/ (``bench_*.py``) in turn and keeps their figures as data.

Each benchmark is a standalone script that prints its figures and records the headline
ones through ``bench/results.py``. This runner empties the run's partial file first, runs
the scripts, then merges what they recorded into ``bench/results/latest.json`` and a dated
copy ``bench/results/YYYY-MM-DD.json``, and names any figure the issue asks for that no
script produced. Pass ``--quick`` (``make bench QUICK=1``) to ask each script for its
smaller configuration; the figures are then marked ``"quick": true`` in ``_meta``.
``--only NAME`` (repeatable) runs just the scripts whose file name contains NAME.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import results  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="each benchmark's small configuration")
    parser.add_argument("--only", action="append", default=[], help="run scripts whose name contains this")
    args = parser.parse_args(argv)
    results.clear_partial()
    env = dict(os.environ, **{results.RUN_ENV: "1", results.QUICK_ENV: "1" if args.quick else "0"})
    failed = []
    scripts = sorted(HERE.glob("bench_*.py"))
    if args.only:
        scripts = [s for s in scripts if any(name in s.name for name in args.only)]
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        started = time.perf_counter()
        cmd = [sys.executable, str(script)] + (["--quick"] if args.quick else [])
        rc = subprocess.call(cmd, env=env)
        print(f"--- {script.name}: exit {rc}, {time.perf_counter() - started:.1f} s", flush=True)
        if rc != 0:
            failed.append(script.name)
    latest, dated, missing = results.finish_run(quick=args.quick)
    print(f"\nfigures: {latest} and {dated}")
    if missing:
        print(f"not measured in this or an earlier run: {', '.join(missing)}")
    if failed:
        print(f"failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
