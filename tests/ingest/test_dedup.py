from __future__ import annotations

import random

from hypothesis import given, settings as hsettings, strategies as st

from monazite.ingest.dedup import (
    MIN_SHARED_BANDS, MINHASH_BAND_BASE, band_layout, band_values, hamming, jaccard, minhash_bands, shingles,
    simhash, simhash_band_count, to_signed64, to_unsigned64,
)

STORY = (
    "Baogang Group said its rare earth subsidiary raised output of separated oxides in the first quarter, while new "
    "customers in Vietnam and South Korea took a growing share of exports. The company plans further capacity at its "
    "Baotou smelting base and a recycling line for magnet scrap, and it expects the electrolysis workshop to run at "
    "full load by the summer. Managers told the annual meeting that the group would keep prices stable for long-term "
    "buyers in Japan and Europe, but that spot customers should expect quotations to follow the domestic market. "
    "Analysts in Shanghai noted that the Bayan Obo deposit supplies most of the light rare earth ore processed in "
    "Inner Mongolia, and that the national quota for mining and smelting is set each year by the ministry in Beijing. "
    "The subsidiary also reported progress on polishing powders for glass makers and on hydrogen storage alloys, two "
    "product lines it hopes will lift margins. Trading volume on its online platform increased, the company said, as "
    "more downstream magnet makers bought oxides and metals through auctions rather than bilateral contracts. "
    "Environmental upgrades at the tailings dam and a new wastewater plant are scheduled for completion next year."
)


@given(st.integers(min_value=0, max_value=12), st.integers(min_value=0, max_value=2**64 - 1), st.data())
@hsettings(max_examples=200, deadline=None)
def test_pigeonhole_any_flip_within_distance_shares_a_band(k: int, fp: int, data) -> None:
    bits = data.draw(st.lists(st.integers(0, 63), min_size=0, max_size=k, unique=True))
    other = fp
    for b in bits:
        other ^= 1 << b
    assert hamming(fp, other) <= k
    assert set(band_values(fp, k)) & set(band_values(other, k))


def test_band_layout_covers_64_bits_and_keys_fit_the_column() -> None:
    for k in range(0, 20):
        layout = band_layout(k)
        assert len(layout) == k + MIN_SHARED_BANDS and sum(w for _, w in layout) == 64
        keys = band_values(2**64 - 1, k)
        assert len(keys) == simhash_band_count(k) and all(0 <= v < 2**31 for _, v in keys)
        assert max(n for n, _ in keys) < MINHASH_BAND_BASE


def test_resyndicated_copy_is_close_and_different_story_is_not() -> None:
    copy = ("Republished with permission from Metals Wire.\n" + STORY.replace("growing", "rising", 1)
            .replace("further", "more", 1) + "\nSubscribe to our newsletter for daily updates.")
    assert hamming(simhash(STORY), simhash(copy)) <= 6
    assert jaccard(shingles(STORY), shingles(copy)) >= 0.8
    rng = random.Random(3)
    words = STORY.split()
    other = " ".join(rng.sample(words, len(words)))
    assert jaccard(shingles(STORY), shingles(other)) < 0.5


def test_signed_storage_round_trip() -> None:
    for value in (0, 1, 2**63 - 1, 2**63, 2**64 - 1):
        assert to_unsigned64(to_signed64(value)) == value
        assert -(2**63) <= to_signed64(value) < 2**63


def test_minhash_bands_find_similar_texts_only() -> None:
    copy = "Syndicated by Metals Wire.\n" + STORY.replace("growing", "rising", 1) + "\nAll rights reserved."
    unrelated = " ".join(sorted(STORY.split()))
    assert len(set(minhash_bands(STORY)) & set(minhash_bands(copy))) >= 1
    assert not set(minhash_bands(STORY)) & set(minhash_bands(unrelated))
    assert all(band >= MINHASH_BAND_BASE for band, _ in minhash_bands(STORY))
    assert minhash_bands("") == []
