"""Fingerprints for duplicate detection, banded for lookup in the store.

* **simhash**: a 64-bit simhash over word shingles, cut into ``k + MIN_SHARED_BANDS``
  bands. Two texts whose simhashes differ in at most ``k`` bits agree exactly on at least
  ``MIN_SHARED_BANDS`` (two) of them (pigeonhole: ``k`` differing bits touch at most ``k``
  bands), so they agree on at least one *pair* of bands. Each pair is stored as one key
  (C(k+2, 2) keys, 28 for k = 6), so one indexed equality finds every text within distance
  ``k``; a pair key is ~16 bits wide, so unrelated documents rarely share one and the
  lookup stays cheap as the corpus grows (single 8-bit bands would match N/256 documents).
* **minhash LSH**: simhash distance is noisy; a re-syndicated article with Jaccard 0.94
  can land 10 bits away. ``MINHASH_BANDS`` bands of ``MINHASH_ROWS`` minhashes find texts
  by Jaccard directly: a pair with similarity J shares a band with probability
  1 - (1 - J**4)**14: 0.9994 at J = 0.8, 0.98 at J = 0.7, 2% at J = 0.2, 0.01% at J = 0.05
  (different stories from one outlet sit near 0.05 once boilerplate is removed). These
  bands are stored in the same table from band number ``MINHASH_BAND_BASE`` on.

Either way, shingle Jaccard similarity then confirms a candidate, recomputed from its
stored text rather than stored.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from itertools import combinations
from math import comb

import numpy as np

__all__ = [
    "FINGERPRINT_BITS", "MAX_DISTANCE", "MINHASH_BANDS", "MINHASH_BAND_BASE", "MIN_SHARED_BANDS", "band_layout",
    "band_values", "document_bands", "hamming", "jaccard", "minhash_bands", "shingles", "simhash", "simhash_band_count",
    "to_signed64", "to_unsigned64",
]

FINGERPRINT_BITS = 64
WORD_HASH_CACHE = 1 << 18  # distinct words whose hashes are remembered; news vocabulary repeats
MIN_SHARED_BANDS = 2  # bands two texts within the distance always share; the layout adds this many beyond it
MAX_DISTANCE = 40  # C(42, 2) = 861 pair keys stay below MINHASH_BAND_BASE
KEY_MASK = 0x7FFFFFFF  # band values are stored in a signed 32-bit column
SHINGLE_WORDS = 3  # word n-grams: long enough to ignore word-bag coincidences, short enough to survive edits
MINHASH_BAND_BASE = 1000  # band numbers from here on are minhash LSH bands; below, simhash pair keys
MINHASH_BANDS = 14  # LSH bands ...
MINHASH_ROWS = 4  # ... of this many minhashes each: see the module docstring for the resulting recall
SHINGLE_CACHE = 16  # texts whose shingle hashes are kept: each document is fingerprinted and looked up in turn

# Fixed permutations of the 64-bit hash space (xor, then multiply by an odd number mod 2**64).
_PERMUTATIONS = np.random.Generator(np.random.PCG64(0x6D6F6E617A697465)).integers(
    0, 2**63, size=(2, MINHASH_BANDS * MINHASH_ROWS), dtype=np.uint64)
_MH_XOR, _MH_MUL = _PERMUTATIONS[0], _PERMUTATIONS[1] | np.uint64(1)

_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    words = _words(text)
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


# Odd multipliers mixing the word hashes of a shingle into one 64-bit value (arithmetic mod 2**64).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


@lru_cache(maxsize=WORD_HASH_CACHE)
def _word_hash(word: str) -> bytes:
    return hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()


@lru_cache(maxsize=SHINGLE_CACHE)
def _shingle_hashes(text: str) -> np.ndarray:
    """Distinct 64-bit hashes of the text's shingles: each word hashed once (blake2b), then mixed."""
    words = _words(text)
    if not words:
        return np.zeros(0, dtype=np.uint64)
    vocab = {w: i for i, w in enumerate(dict.fromkeys(words))}
    word_hashes = np.frombuffer(b"".join(map(_word_hash, vocab)), dtype="<u8")
    seq = word_hashes[np.fromiter((vocab[w] for w in words), dtype=np.int64, count=len(words))]
    size = min(SHINGLE_WORDS, len(seq))
    count = len(seq) - size + 1
    mixed = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(size):
            rotated = (seq[k:k + count] << np.uint64(7 * k + 1)) | (seq[k:k + count] >> np.uint64(63 - 7 * k))
            mixed ^= rotated * _MIX[k]
    return np.unique(mixed)


def simhash(text: str) -> int:
    """64-bit simhash of the text's distinct shingles (unsigned)."""
    hashes = _shingle_hashes(text)
    if not len(hashes):
        return 0
    bits = np.unpackbits(hashes.astype("<u8").view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    votes = bits.sum(axis=0, dtype=np.int64) * 2 - len(hashes)
    value = 0
    for i in np.flatnonzero(votes > 0):
        value |= 1 << int(i)
    return value


@lru_cache(maxsize=SHINGLE_CACHE)
def _minhash_bands(text: str) -> tuple[tuple[int, int], ...]:
    hashes = _shingle_hashes(text)
    if not len(hashes):
        return ()
    with np.errstate(over="ignore"):
        mins = ((hashes[:, None] ^ _MH_XOR[None, :]) * _MH_MUL[None, :]).min(axis=0)
    rows = mins.reshape(MINHASH_BANDS, MINHASH_ROWS)
    return tuple((MINHASH_BAND_BASE + i, int.from_bytes(hashlib.blake2b(rows[i].tobytes(), digest_size=4).digest(),
                                                        "little") & KEY_MASK)
                 for i in range(MINHASH_BANDS))


def minhash_bands(text: str) -> list[tuple[int, int]]:
    """(band number, band value) pairs of the text's minhash LSH signature."""
    return list(_minhash_bands(text))


def document_bands(fingerprint: int, text: str, max_distance: int) -> list[tuple[int, int]]:
    """Every band row a document stores: its simhash bands, then its minhash bands."""
    return band_values(fingerprint, max_distance) + minhash_bands(text)


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def band_layout(max_distance: int) -> list[tuple[int, int]]:
    """``max_distance + MIN_SHARED_BANDS`` bands as (shift, width), widths as even as 64 bits allow."""
    count = max(MIN_SHARED_BANDS, min(max_distance, MAX_DISTANCE) + MIN_SHARED_BANDS)
    base, extra = divmod(FINGERPRINT_BITS, count)
    layout, shift = [], 0
    for i in range(count):
        width = base + (1 if i < extra else 0)
        layout.append((shift, width))
        shift += width
    return layout


def simhash_band_count(max_distance: int) -> int:
    """How many simhash keys (band pairs) a document stores for this distance."""
    return comb(len(band_layout(max_distance)), 2)


def band_values(fingerprint: int, max_distance: int) -> list[tuple[int, int]]:
    """(key number, key value) for every pair of simhash bands, to store or look up."""
    parts = [((fingerprint >> shift) & ((1 << width) - 1), width) for shift, width in band_layout(max_distance)]
    keys = []
    for number, ((a, _), (b, width_b)) in enumerate(combinations(parts, 2)):
        value = (a << width_b) | b
        while value > KEY_MASK:  # fold wide keys (few bands) into the 31-bit column, equality preserved
            value = (value & KEY_MASK) ^ (value >> 31)
        keys.append((number, value))
    return keys


def to_signed64(value: int) -> int:
    """Stored in a signed BIGINT column."""
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned64(value: int) -> int:
    return value + (1 << 64) if value < 0 else value
