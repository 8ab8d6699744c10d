"""Exports read back with the tools they are meant for: pandas, pyarrow, json, networkx."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from monazite import KnowledgeBase
from monazite.deliver.exports import EXPORT_TABLES, export_knowledge
from monazite.errors import MonaziteError
from monazite.store.engine import open_store
from tests.fixtures.knowledge.builders import add_document, event, fact, seed_entities, write

TEXT = ("Baogang Group signed cooperation agreements with Baotou Rare Earth Research Institute. "
        "China held 60% of global rare earth mining in 2024.")


@pytest.fixture
def kb(sqlite_url: str):
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        doc = add_document(conn, TEXT, source="Metals Weekly")
        write(conn, doc, [fact(doc, TEXT, "60%", "china", "market_share", 60, "%", period="2024", stage="mining")],
              events=[event(doc, TEXT, "cooperation agreements", "partnership",
                            ["baogang-group", "baotou-rare-earth-research-institute"])])
    with KnowledgeBase(sqlite_url) as base:
        base.refresh()
        yield base


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_tabular_exports(kb: KnowledgeBase, tmp_path: Path, fmt: str) -> None:
    written = export_knowledge(kb, fmt, tmp_path / fmt)
    assert [p.stem for p in written] == list(EXPORT_TABLES)
    read = pd.read_csv if fmt == "csv" else pd.read_parquet
    facts = read(tmp_path / fmt / f"facts.{fmt}")
    assert facts.loc[0, "value"] == 60 and facts.loc[0, "quote"].startswith("China held")
    claims = read(tmp_path / fmt / f"claims.{fmt}")
    assert claims.loc[0, "status"] == "single-source"
    assert json.loads(claims.loc[0, "fact_ids"]) == [facts.loc[0, "id"]]
    events = read(tmp_path / fmt / f"events.{fmt}")
    assert json.loads(events.loc[0, "actors"]) == ["baogang-group", "baotou-rare-earth-research-institute"]
    assert len(read(tmp_path / fmt / f"relations.{fmt}")) == 1


def test_jsonl_keeps_nested_claims(kb: KnowledgeBase, tmp_path: Path) -> None:
    export_knowledge(kb, "jsonl", tmp_path)
    [claim] = [json.loads(line) for line in (tmp_path / "claims.jsonl").read_text(encoding="utf-8").splitlines()]
    assert claim["facts"][0]["span"]["start"] == TEXT.index("60%")
    entities = [json.loads(line) for line in (tmp_path / "entities.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {"china", "baogang-group"} <= {e["id"] for e in entities}


def test_graphml_opens_in_networkx(kb: KnowledgeBase, tmp_path: Path) -> None:
    [path] = export_knowledge(kb, "graphml", tmp_path)
    graph = nx.read_graphml(path, force_multigraph=True)
    assert graph.nodes["china-northern-rare-earth"]["label"] == "China Northern Rare Earth"
    predicates = {d["predicate"] for _, _, d in graph.edges(data=True)}
    assert predicates == {"parent_of", "partner"}


def test_unknown_format_is_refused(kb: KnowledgeBase, tmp_path: Path) -> None:
    with pytest.raises(MonaziteError):
        export_knowledge(kb, "xlsx", tmp_path)
