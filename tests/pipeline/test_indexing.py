"""index_embeddings stores one unit vector per original document, is incremental, and
re-embeds documents whose vectors are of another model."""

from __future__ import annotations

import datetime as dt

import numpy as np
import sqlalchemy as sa

from monazite.extract.embeddings import MODEL_NAME, MODELS, STATIC_MODEL_NAME
from monazite.pipeline.indexing import index_embeddings
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.engine import open_store
from monazite.store.search import search

NOW = dt.datetime(2025, 5, 1, tzinfo=dt.timezone.utc)


def _add(engine: sa.Engine, doc_id: str, text: str, duplicate_of: str | None = None) -> None:
    with engine.begin() as conn:
        conn.execute(t.documents.insert().values(id=doc_id, origin=doc_id, title=None, ingested_at=NOW,
                                                 raw_sha256=doc_id * 3, text=text, repairs=[],
                                                 duplicate_of=duplicate_of))


def test_index_embeddings_is_incremental_and_skips_duplicates(store_url: str) -> None:
    engine = open_store(store_url)
    _add(engine, "doc_1", "Lynas ships separated heavy rare earth oxides from Malaysia.")
    _add(engine, "doc_2", "A bakery in Lyon wins a prize for its croissants.")
    _add(engine, "doc_3", "Lynas ships separated heavy rare earth oxides from Malaysia!", duplicate_of="doc_1")
    settings = Settings(db=store_url)
    assert index_embeddings(engine, settings) == 2
    assert index_embeddings(engine, settings) == 0
    assert index_embeddings(engine, Settings(db=store_url, semantic_search=False)) == 0
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.embeddings)).all()
    assert {r.document_id for r in rows} == {"doc_1", "doc_2"}
    for r in rows:
        v = np.frombuffer(r.vector, dtype=np.float32)
        assert r.model == settings.embedding_model
        assert r.dim == v.shape[0] == MODELS[r.model] and abs(float(np.linalg.norm(v)) - 1.0) < 1e-4
    # Semantic search finds the oxide story from words it does not contain.
    hits = search(engine, "processing of dysprosium outside China", settings, mode="semantic").hits
    assert hits[0].document_id == "doc_1"


def test_another_model_replaces_the_vectors(store_url: str) -> None:
    engine = open_store(store_url)
    _add(engine, "doc_1", "Lynas ships separated heavy rare earth oxides from Malaysia.")
    _add(engine, "doc_2", "A bakery in Lyon wins a prize for its croissants.")
    minilm = Settings(db=store_url, embedding_model=MODEL_NAME)
    static = Settings(db=store_url, embedding_model=STATIC_MODEL_NAME)
    assert index_embeddings(engine, minilm) == 2
    assert index_embeddings(engine, static) == 2  # every vector was MiniLM's: all re-embedded
    assert index_embeddings(engine, static) == 0
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.embeddings.c.model, t.embeddings.c.dim)).all()
    assert sorted(rows) == [(STATIC_MODEL_NAME, 256)] * 2
    hits = search(engine, "separated oxides from Malaysia", static, mode="semantic").hits
    assert hits[0].document_id == "doc_1"
