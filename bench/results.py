"""Benchmark figures kept as data: every bench script calls ``record(key, value, source=...)``.

Why a file and not just printing: figures printed to a terminal are lost, so nobody can
tell whether ingest got slower since last month. Each figure is appended to
``bench/results/.partial.json`` (a run-scoped scratch file). ``bench/run_all.py`` empties it
before a run and, at the end, merges it into ``bench/results/latest.json`` and a dated copy
``bench/results/YYYY-MM-DD.json``. A bench script run on its own (outside run_all) also
merges each figure into ``latest.json`` at once, so a single re-measured figure replaces
its old value and leaves the others alone.

``latest.json`` holds the figures as top-level keys (``json.load(f)["ingest_docs_per_s_1"]``)
plus ``"_meta"``: for each key, which script recorded it, when, on which machine, and
whether it came from a ``--quick`` run (quick figures are smaller samples, so noisier).

Bench scripts run as standalone files in ``bench/``, so they import this module as a
sibling: ``from results import record``. Writers take an exclusive ``flock`` on a lock file,
so benchmarks run concurrently (or a worker process that records) never lose a figure.
"""

from __future__ import annotations

import datetime as _dt
import fcntl
import json
import math
import os
import platform
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

RESULTS_DIR = Path(__file__).resolve().parent / "results"
PARTIAL = RESULTS_DIR / ".partial.json"
LATEST = RESULTS_DIR / "latest.json"
_LOCK = RESULTS_DIR / ".lock"

# Set by run_all.py for the scripts it starts: figures then wait in the partial file and
# are merged once at the end of the run (the dated copy is of that whole run).
RUN_ENV = "MONAZITE_BENCH_RUN"
QUICK_ENV = "MONAZITE_BENCH_QUICK"

# The keys issue 12 asks ``make bench`` to produce; run_all.py names any that are missing.
REQUIRED_KEYS = (
    "ingest_docs_per_s_1",
    "ingest_docs_per_s_2",
    "scaling_efficiency_2",
    "semantic_share",
    "end_to_end_100k_s",
    "search_hybrid_p95_ms_100k",
    "search_hybrid_p95_ms_1m",
    "ndcg10_hybrid",
    "ndcg10_fulltext",
    "peak_rss_mb",
    "store_mb_per_1k_docs",
)

Value = float | int | str


def machine() -> dict[str, Any]:
    """What the figures were measured on: without it a figure cannot be compared."""
    try:
        load1 = round(os.getloadavg()[0], 2)
    except OSError:  # pragma: no cover - platforms without a load average
        load1 = None
    return {
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "machine": platform.machine(),
        "python": platform.python_version(),
        "load1": load1,
    }


def _quick() -> bool:
    if os.environ.get(QUICK_ENV):
        return os.environ[QUICK_ENV] not in ("", "0")
    return "--quick" in sys.argv[1:]


def _check(key: str, value: Value) -> Value:
    if not isinstance(key, str) or not key or key.startswith("_"):
        raise ValueError(f"bench result key must be a non-empty string not starting with '_': {key!r}")
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"bench result {key} must be a number or a string, not {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"bench result {key} is not finite: {value!r}")
    return value


@contextmanager
def _locked() -> Iterator[None]:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    with open(_LOCK, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except json.JSONDecodeError:
        # A torn file from a killed run: say so rather than silently dropping history.
        print(f"results: {path} is not valid JSON; starting it afresh", file=sys.stderr)
        return {}
    return data if isinstance(data, dict) else {}


def _write(path: Path, data: dict[str, Any]) -> None:
    """Write atomically (temporary file, then rename) so a reader never sees half a file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _merge(into: dict[str, Any], entries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Fold partial entries ({key: {"value":..., meta...}}) into a results document. A
    ``--quick`` figure never replaces a full run's: it only fills a key no full run measured."""
    meta = dict(into.get("_meta", {}))
    for key, entry in entries.items():
        if entry.get("quick") and key in into and meta.get(key, {}).get("quick") is False:
            continue
        into[key] = entry["value"]
        meta[key] = {k: v for k, v in entry.items() if k != "value"}
    into["_meta"] = meta
    return into


def record(key: str, value: Value, *, source: str) -> None:
    """Keep one benchmark figure: ``source`` is the script (and mode) that measured it.

    A figure recorded twice in a run keeps the later value.
    """
    _check(key, value)
    entry = {
        "value": value,
        "source": source,
        "recorded_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "quick": _quick(),
        "machine": machine(),
    }
    with _locked():
        partial = _read(PARTIAL)
        partial[key] = entry
        _write(PARTIAL, partial)
        if not os.environ.get(RUN_ENV):
            latest = _merge(_read(LATEST), {key: entry})
            latest["_updated"] = entry["recorded_at"]
            _write(LATEST, latest)


def clear_partial() -> None:
    """Start a run with no figures carried over from an earlier, possibly failed, one."""
    with _locked():
        PARTIAL.unlink(missing_ok=True)


def finish_run(*, quick: bool) -> tuple[Path, Path, list[str]]:
    """Merge the run's figures into latest.json and the dated copy; return their paths and
    the required keys still missing from latest.json."""
    with _locked():
        entries = _read(PARTIAL)
        now = _dt.datetime.now(_dt.timezone.utc)
        latest = _merge(_read(LATEST), entries)
        latest["_updated"] = now.isoformat(timespec="seconds")
        latest["_last_run"] = {
            "finished_at": now.isoformat(timespec="seconds"),
            "quick": quick,
            "keys": sorted(entries),
            "machine": machine(),
        }
        _write(LATEST, latest)
        dated = RESULTS_DIR / f"{now.date().isoformat()}.json"
        _write(dated, latest)
        PARTIAL.unlink(missing_ok=True)
    missing = [k for k in REQUIRED_KEYS if k not in latest]
    return LATEST, dated, missing
