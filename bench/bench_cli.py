"""CLI start-up: `monazite --help` and the first answer of `monazite search`, each a fresh process.

The store is ``--docs`` (default 300) generated rare-earth articles (``bench/retrieval``)
ingested with the default embedding model. Each command runs ``--runs`` times in a new
Python process, as from a shell; the median wall time is reported with its CPU time (on a
shared machine the CPU time is the steadier figure). Targets (issue 12): help under 0.5 s,
search under 1.5 s.

    python bench/bench_cli.py [--docs N] [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_retrieval import write_corpus  # noqa: E402

from monazite.pipeline import run_ingest  # noqa: E402
from monazite.settings import Settings  # noqa: E402

HELP_TARGET_S = 0.5
SEARCH_TARGET_S = 1.5
QUERY = "Which governments restricted exports of heavy rare earths?"

try:  # bench/results.py: figures as data
    from results import record
except ImportError:  # pragma: no cover
    def record(key: str, value: float | int | str, *, source: str) -> None:
        pass


def timed(argv: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (user + system) of ``runs`` fresh processes."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 runs each")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = 3
    exe = str(Path(sys.executable).with_name("monazite"))
    cli = [exe] if os.path.exists(exe) else [sys.executable, "-m", "monazite.deliver.cli"]
    with tempfile.TemporaryDirectory(prefix="monazite-cli-") as tmp:
        root = Path(tmp)
        write_corpus(root / "corpus", args.docs)
        settings = Settings(db=str(root / "kb.db"))
        report = run_ingest([str(root / "corpus")], settings, extract=False, progress=False)
        env = {k: v for k, v in os.environ.items() if not k.startswith("MONAZITE_")}
        print(f"store: {report.counts['new']} documents, {report.indexed} vectors ({settings.embedding_model})")
        help_s, help_cpu = timed([*cli, "--help"], args.runs, env)
        search_s, search_cpu = timed([*cli, "--db", settings.db, "search", QUERY, "--limit", "5"], args.runs, env)
    print(f"monazite --help         {help_s:6.2f} s wall  {help_cpu:5.2f} s CPU   (target {HELP_TARGET_S} s)")
    print(f"monazite search (first) {search_s:6.2f} s wall  {search_cpu:5.2f} s CPU   (target {SEARCH_TARGET_S} s)")
    source = "bench_cli.py"
    record("cli_help_s", round(help_s, 3), source=source)
    record("cli_help_cpu_s", round(help_cpu, 3), source=source)
    record("cli_search_first_s", round(search_s, 3), source=source)
    record("cli_search_first_cpu_s", round(search_cpu, 3), source=source)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
