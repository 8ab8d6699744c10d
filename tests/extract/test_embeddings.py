"""The packaged MiniLM model (still selectable: embedding_model = "all-MiniLM-L6-v2") loads
offline and places related sentences close together."""

from __future__ import annotations

import os

import numpy as np
import pytest

from monazite.errors import ConfigError
from monazite.extract.embeddings import EMBEDDING_DIM, MODEL_NAME, MODELS, document_text, embed, load_model

os.environ["HF_HUB_OFFLINE"] = "1"  # the test fails if anything tries the network


def test_vectors_are_unit_float32_and_meaningful() -> None:
    v = embed(["China restricts terbium exports",
               "Beijing adds dysprosium and terbium to its export control list",
               "The bakery sells sourdough bread on Saturdays"], MODEL_NAME)
    assert v.shape == (3, EMBEDDING_DIM) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_empty_batch_and_unknown_model() -> None:
    assert embed([], MODEL_NAME).shape == (0, EMBEDDING_DIM) == (0, MODELS[MODEL_NAME])
    with pytest.raises(ConfigError, match="not available offline"):
        load_model("some-other-model")


def test_document_text_puts_title_first() -> None:
    assert document_text("Title", "body " * 1000).startswith("Title\nbody")
    assert len(document_text(None, "x" * 5000)) == 2000
