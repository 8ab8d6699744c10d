"""Embedding the documents that have no vector yet, after each ingest run.

Near-duplicates are skipped: they are shown through their original. Work goes in
batches, each written in its own transaction, so an interrupted run keeps what it did
and the next run picks up the rest.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from monazite.extract.embeddings import embed_documents
from monazite.settings import Settings
from monazite.store import schema as t

__all__ = ["INDEX_BATCH", "index_embeddings"]

INDEX_BATCH = 64  # documents embedded and written per transaction


def index_embeddings(engine: Engine, settings: Settings) -> int:
    """Embed every document lacking a vector for ``settings.embedding_model``; returns how many."""
    if not settings.semantic_search:
        return 0
    d, e = t.documents, t.embeddings
    model = settings.embedding_model
    done = 0
    while True:
        with engine.connect() as conn:
            has_vector = sa.select(e.c.document_id).where(e.c.model == model)
            batch = conn.execute(
                sa.select(d.c.id, d.c.title, d.c.text)
                .where(d.c.duplicate_of.is_(None), d.c.id.not_in(has_vector))
                .order_by(d.c.id).limit(INDEX_BATCH)
            ).all()
        if not batch:
            return done
        vectors = embed_documents([(r.title, r.text) for r in batch], model)
        with engine.begin() as conn:
            # A vector of another model for the same document is replaced.
            conn.execute(e.delete().where(e.c.document_id.in_([r.id for r in batch])))
            conn.execute(e.insert(), [
                {"document_id": r.id, "model": model, "dim": int(v.shape[0]), "vector": v.astype("float32").tobytes()}
                for r, v in zip(batch, vectors, strict=True)
            ])
        done += len(batch)
