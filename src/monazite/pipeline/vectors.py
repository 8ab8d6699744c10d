"""Document vectors computed where the document is parsed (a Dask worker), written by the driver.

Why split: embedding is most of ingest's cost, so it must run on the workers, but only the
driver writes to the store. ``compute_vectors`` is pure (text in, payload out) and runs on a
worker; ``write_vectors`` runs in the driver inside the document's own transaction, so a
document and its vector commit or roll back together. The rows are the ones
``pipeline.indexing.index_embeddings`` writes, which still fills in any document left
without a vector (an ingest interrupted between the two, a worker without the model).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sqlalchemy as sa

from monazite.settings import Settings
from monazite.store import schema as t

__all__ = ["Payload", "compute_vectors", "write_vectors"]

Payload = bytes  # one float32, L2-normalised vector as raw bytes (small to ship back to the driver)


def compute_vectors(docs: Sequence[tuple[str | None, str]], settings: Settings) -> list[Payload]:
    """One payload per ``(title, text)``, in order; batched through the embedder (the model is
    loaded once per process and cached by ``extract.embeddings``)."""
    from monazite.extract.embeddings import embed_documents  # torch (MiniLM): imported only when embedding

    if not docs:
        return []
    vectors = embed_documents(docs, settings.embedding_model)
    return [np.ascontiguousarray(v, dtype=np.float32).tobytes() for v in vectors]


def write_vectors(conn: sa.Connection, doc_id: str, payload: Payload, settings: Settings) -> None:
    """Store one document's vector in the caller's transaction (replacing any of another model)."""
    e = t.embeddings
    dim = len(payload) // np.dtype(np.float32).itemsize
    conn.execute(e.delete().where(e.c.document_id == doc_id))
    conn.execute(e.insert().values(document_id=doc_id, model=settings.embedding_model, dim=dim, vector=payload))
