"""Synthetic rare-earth news articles for batch tests: distinct stories from a fixed seed."""

from __future__ import annotations

import random
from pathlib import Path

COMPANIES = ["Lynas Rare Earths", "MP Materials", "Iluka Resources", "Energy Fuels", "Neo Performance Materials",
             "Shenghe Resources", "China Northern Rare Earth", "Arafura Rare Earths", "Solvay", "USA Rare Earth"]
PLACES = ["Western Australia", "California", "Utah", "Estonia", "Inner Mongolia", "Jiangxi", "Texas", "Malaysia",
          "the Northern Territory", "La Rochelle", "Oklahoma", "Greenland"]
MATERIALS = ["NdPr oxide", "dysprosium", "terbium", "samarium", "mixed rare earth carbonate", "monazite concentrate",
             "sintered magnets", "neodymium metal"]
VERBS = ["expanded", "announced", "commissioned", "financed", "delayed", "approved", "upgraded", "restarted"]
NOUNS = ["refinery", "separation line", "magnet plant", "mine", "offtake agreement", "processing hub", "pilot plant"]


def article(rng: random.Random, index: int) -> str:
    title = f"{rng.choice(COMPANIES)} {rng.choice(VERBS)} its {rng.choice(NOUNS)} in {rng.choice(PLACES)} ({index})"
    sentences = []
    for _ in range(rng.randint(10, 16)):
        sentences.append(
            f"{rng.choice(COMPANIES)} {rng.choice(VERBS)} a {rng.choice(NOUNS)} for {rng.choice(MATERIALS)} in "
            f"{rng.choice(PLACES)} with {rng.randint(100, 90000):,} tonnes of capacity and "
            f"{rng.randint(2, 95)}% of output sold to {rng.choice(COMPANIES)} by {rng.randint(2024, 2031)}.")
    return title + "\n\n" + " ".join(sentences) + "\n"


def write_corpus(folder: Path, count: int, seed: int = 11) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        path = folder / f"article_{i:05d}.txt"
        path.write_text(article(rng, i), encoding="utf-8")
        paths.append(path)
    return paths
