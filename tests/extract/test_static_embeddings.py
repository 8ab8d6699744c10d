"""The static model distilled from MiniLM: shipped, quick to load, meaningful, and built the way
its docstring says (PCA, SIF weighting, int8 rows)."""

from __future__ import annotations

import numpy as np
import pytest

from monazite.errors import ConfigError
from monazite.extract import static_embeddings as se
from monazite.extract.embeddings import MODELS, STATIC_MODEL_NAME, embed


def test_the_model_ships_and_is_small() -> None:
    assert se.PACKAGED.exists() and se.PACKAGED.stat().st_size < 10_000_000
    model = se.load_static()
    assert model.vectors.shape == (model.meta["pieces"], se.DIMS) == (30522, MODELS[STATIC_MODEL_NAME])
    assert model.meta["name"] == se.STATIC_MODEL == STATIC_MODEL_NAME


def test_vectors_are_unit_float32_and_meaningful() -> None:
    v = embed(["China restricts terbium exports",
               "Beijing adds dysprosium and terbium to its export control list",
               "The bakery sells sourdough bread on Saturdays"], STATIC_MODEL_NAME)
    assert v.shape == (3, 256) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_synonyms_are_closer_than_other_topics() -> None:
    a, b, c = embed(["magnet maker opens a factory", "permanent magnet producer starts a plant",
                     "copper miner cuts output"], STATIC_MODEL_NAME)
    assert a @ b > a @ c


def test_every_word_counts_not_only_the_first_pieces() -> None:
    head = "rare earth market news " * 60  # far past MiniLM's 128-piece window
    a, b = embed([head + "terbium", head + "bakery bread"], STATIC_MODEL_NAME)
    assert a @ b < 0.9999


def test_empty_text_and_empty_batch() -> None:
    assert embed([], STATIC_MODEL_NAME).shape == (0, 256)
    (v,) = embed([""], STATIC_MODEL_NAME)
    assert not np.any(v)  # no words, no direction: never similar to anything


def test_unknown_models_are_refused() -> None:
    with pytest.raises(ConfigError, match="unknown embedding model"):
        embed(["x"], "no-such-model")
    with pytest.raises(ConfigError):
        se.load_static("no-such-model")


def test_quantize_keeps_directions() -> None:
    rng = np.random.default_rng(0)
    table = rng.normal(size=(500, 32)).astype(np.float32)
    table[3] = 0
    q, scales = se.quantize(table)
    assert q.dtype == np.int8 and scales.dtype == np.float32
    back = q.astype(np.float32) * scales[:, None]
    assert not np.any(back[3])
    cos = (back * table).sum(1)[np.arange(500) != 3] / (
        np.linalg.norm(back, axis=1) * np.linalg.norm(table, axis=1))[np.arange(500) != 3]
    assert cos.min() > 0.999


def test_post_process_reduces_weights_and_drops_placeholders() -> None:
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(600, 300)).astype(np.float32)
    keep = np.ones(600, dtype=bool)
    keep[:5] = False
    table = se._post_process(vectors, keep)
    assert table.shape == (600, se.DIMS) and not np.any(table[:5])
    # SIF/Zipf: the most frequent pieces (first ranks) are damped the most
    norms = np.linalg.norm(table[5:], axis=1)
    assert norms[:20].mean() < norms[-20:].mean()


def test_write_model_round_trips(tmp_path) -> None:
    shipped = se.load_static()
    table = np.zeros((30522, 8), dtype=np.float32)
    table[:, 0] = 1.0
    path = tmp_path / "m.npz"
    with np.load(se.PACKAGED) as data:
        tokenizer = data["tokenizer"].tobytes()
    se.write_model(path, table, tokenizer, {"name": "x"})
    model = se.StaticModel(path)
    assert model.meta == {"name": "x"} and model.dim == 8
    assert np.allclose(model.encode(["neodymium"]), np.eye(8)[:1])
    assert shipped.tokenizer.get_vocab_size() == model.tokenizer.get_vocab_size()


@pytest.mark.slow
def test_piece_vectors_come_from_minilm() -> None:
    """The distillation's forward pass on a few pieces: related pieces come out closer."""
    pytest.importorskip("torch")
    model = se.load_static()
    vocab = model.tokenizer.get_vocab()
    china, beijing, bread = se._piece_vectors(se._minilm_path(), [vocab[w] for w in ("china", "beijing", "bread")],
                                              vocab["[CLS]"], vocab["[SEP]"])
    assert china.shape == (384,)
    cos = lambda a, b: float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))  # noqa: E731
    assert cos(china, beijing) > cos(china, bread)


def test_batch_sum_and_query_gather_agree(monkeypatch) -> None:
    """A large batch sums through a sparse product, a query gathers rows: same vectors."""
    model = se.load_static()
    texts = ["Lynas shipped 1,200 tonnes of NdPr oxide from Kalgoorlie.", "", "Terbium prices rose in Rotterdam.",
             "Export licences for dysprosium magnets were delayed again."] * 5
    gathered = model.encode(texts)
    monkeypatch.setattr(se, "SPARSE_SUM_PIECES", 0)
    summed = model.encode(texts)
    assert summed.dtype == np.float32 and summed.shape == gathered.shape
    assert np.allclose(summed, gathered, atol=1e-5)
    assert not summed[1].any()  # the empty text stays a zero vector
