"""Exports of the knowledge base for other tools: CSV, JSON Lines, Parquet and GraphML.

Tabular formats write one file per table (documents, entities, relations, facts, claims,
events). Nested values (lists, mappings) are written as JSON text in CSV and Parquet so
every column has one scalar type; JSON Lines keeps them nested, and keeps each claim's
facts whole. GraphML writes the entity graph, which Gephi and networkx open as is.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from monazite.analyze.knowledge import KnowledgeBase
from monazite.errors import MonaziteError

__all__ = ["EXPORT_FORMATS", "EXPORT_TABLES", "export_knowledge"]

EXPORT_FORMATS = ("csv", "jsonl", "parquet", "graphml")
EXPORT_TABLES = ("documents", "entities", "relations", "facts", "claims", "events")
CLAIM_COLUMNS = ["id", "subject", "subject_name", "metric", "period", "stage", "material", "basis", "unit",
                 "status", "consistent", "value", "low", "high", "independent_sources", "sources", "fact_ids",
                 "documents"]


def export_knowledge(kb: KnowledgeBase, fmt: str, out_dir: str | Path) -> list[Path]:
    """Write the knowledge base to ``out_dir`` in ``fmt``; returns the files written."""
    if fmt not in EXPORT_FORMATS:
        raise MonaziteError(f"unknown export format {fmt!r}; one of {', '.join(EXPORT_FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        path = out / "entities.graphml"
        nx.write_graphml(_graphml_ready(kb.graph()), path)
        return [path]
    tables = _tables(kb, nested=fmt == "jsonl")
    writer = _WRITERS[fmt]
    written = []
    for name in EXPORT_TABLES:
        path = out / f"{name}.{fmt}"
        writer(tables[name], path)
        written.append(path)
    return written


def _tables(kb: KnowledgeBase, nested: bool) -> dict[str, list[dict[str, Any]] | pd.DataFrame]:
    claims = kb.claims()
    claim_rows: list[dict[str, Any]] | pd.DataFrame
    if nested:
        claim_rows = [c.to_dict() for c in claims]
    else:
        claim_rows = pd.DataFrame([{**{k: v for k, v in c.to_dict().items() if k in CLAIM_COLUMNS},
                                    "fact_ids": [f.fact_id for f in c.facts], "documents": c.documents}
                                   for c in claims], columns=CLAIM_COLUMNS)
    return {"documents": kb.documents(), "entities": kb.entities(), "relations": kb.relations(),
            "facts": kb.facts(), "claims": claim_rows, "events": kb.events()}


def _scalar_frame(data: list[dict[str, Any]] | pd.DataFrame) -> pd.DataFrame:
    frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(data)
    frame = frame.copy()
    for col in frame.columns:
        if frame[col].map(lambda v: isinstance(v, (list, dict, tuple))).any():
            frame[col] = frame[col].map(lambda v: json.dumps(v, ensure_ascii=False, default=str)
                                        if isinstance(v, (list, dict, tuple)) else v)
        elif frame[col].dtype == object:
            frame[col] = frame[col].map(lambda v: None if v is None else str(v))
    return frame


def _write_csv(data: list[dict[str, Any]] | pd.DataFrame, path: Path) -> None:
    _scalar_frame(data).to_csv(path, index=False)


def _write_parquet(data: list[dict[str, Any]] | pd.DataFrame, path: Path) -> None:
    _scalar_frame(data).to_parquet(path, index=False)


def _write_jsonl(data: list[dict[str, Any]] | pd.DataFrame, path: Path) -> None:
    rows = data.to_dict("records") if isinstance(data, pd.DataFrame) else data
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({k: _json_value(v) for k, v in row.items()}, ensure_ascii=False, default=str))
            fh.write("\n")


def _json_value(v: Any) -> Any:
    if isinstance(v, float) and math.isnan(v):
        return None
    if v is pd.NaT:
        return None
    return v


def _graphml_ready(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """GraphML refuses None attribute values; write them as empty strings."""
    clean = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        clean.add_node(node, **{k: ("" if v is None else v) for k, v in data.items()})
    for a, b, key, data in graph.edges(keys=True, data=True):
        clean.add_edge(a, b, key=key, **{k: ("" if v is None else v) for k, v in data.items()})
    return clean


_WRITERS: dict[str, Callable[[Any, Path], None]] = {"csv": _write_csv, "parquet": _write_parquet,
                                                     "jsonl": _write_jsonl}
