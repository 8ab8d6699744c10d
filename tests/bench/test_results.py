"""bench/results.py: how benchmark figures are kept (a real file in a temporary folder)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture()
def results(tmp_path: Path, monkeypatch):
    spec = importlib.util.spec_from_file_location("bench_results_under_test", BENCH / "results.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "RESULTS_DIR", tmp_path)
    monkeypatch.setattr(module, "PARTIAL", tmp_path / ".partial.json")
    monkeypatch.setattr(module, "LATEST", tmp_path / "latest.json")
    monkeypatch.setattr(module, "_LOCK", tmp_path / ".lock")
    monkeypatch.delenv(module.RUN_ENV, raising=False)
    return module


def test_a_quick_figure_never_replaces_a_full_runs(results, monkeypatch) -> None:
    monkeypatch.setenv(results.QUICK_ENV, "0")
    results.record("ingest_docs_per_s_1", 9.6, source="bench_scaling.py")
    monkeypatch.setenv(results.QUICK_ENV, "1")
    results.record("ingest_docs_per_s_1", 30.0, source="bench_scaling.py --quick")
    results.record("ndcg10_hybrid", 0.47, source="bench_retrieval.py --quick")  # no full figure yet: kept
    latest = json.loads(results.LATEST.read_text(encoding="utf-8"))
    assert latest["ingest_docs_per_s_1"] == 9.6 and latest["_meta"]["ingest_docs_per_s_1"]["quick"] is False
    assert latest["ndcg10_hybrid"] == 0.47 and latest["_meta"]["ndcg10_hybrid"]["quick"] is True
    monkeypatch.setenv(results.QUICK_ENV, "0")
    results.record("ndcg10_hybrid", 0.48, source="bench_retrieval.py")  # a full run replaces a quick one
    assert json.loads(results.LATEST.read_text(encoding="utf-8"))["ndcg10_hybrid"] == 0.48


def test_a_run_merges_its_figures_and_names_the_required_keys_missing(results, monkeypatch) -> None:
    monkeypatch.setenv(results.QUICK_ENV, "0")
    monkeypatch.setenv(results.RUN_ENV, "1")
    results.clear_partial()
    results.record("semantic_share", 0.06, source="bench_scaling.py")
    assert not results.LATEST.exists()  # inside a run, figures wait for the run's end
    latest, dated, missing = results.finish_run(quick=False)
    data = json.loads(latest.read_text(encoding="utf-8"))
    assert data["semantic_share"] == 0.06 and json.loads(dated.read_text(encoding="utf-8")) == data
    assert "semantic_share" not in missing and "ndcg10_hybrid" in missing
