"""Acceptance: every must_resolve_mentions string of the expectations resolves on the seeds."""

from __future__ import annotations

import re
from pathlib import Path

from monazite.extract.mentions import find_mentions
from monazite.vocab import load_vocabulary

_POSSESSIVE = re.compile(r"['\u2019]s$")
# The raw seeds carry mojibake apostrophes (a lone U+0E42, or the three-character form).
_APOSTROPHE = "(?:['\u2019]|\u0e42\u20ac\u2122|\u0e42)"
_BRACKET = re.compile(r"\s*\((.*)\)$")


def _key(name: str) -> str:
    low = re.sub(r"[^\w ]+", " ", name.lower())
    words = [w for w in low.split() if w not in {"group", "co", "ltd", "high", "tech", "inc"}]
    return " ".join(words)


def test_must_resolve_mentions_resolve_on_the_seeds(seeds_dir: Path, expectations: dict) -> None:
    vocab = load_vocabulary()
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}
    results = {name: find_mentions(text, vocab) for name, text in texts.items()}
    checked = 0
    for expected in expectations["entities"]:
        wanted = set(expected["keys"])
        for surface in expected.get("must_resolve_mentions", []):
            base = _BRACKET.sub("", _POSSESSIVE.sub("", surface))
            inner = _BRACKET.search(surface)
            parts = [base] + ([inner.group(1)] if inner else [])
            found = False
            for name, text in texts.items():
                for m in re.finditer(re.escape(surface).replace("'", _APOSTROPHE), text):
                    for part in parts:
                        start = m.start() + text[m.start():m.end()].find(part)
                        end = start + len(part)
                        hit = [x for x in results[name].mentions if x.start <= start and end <= x.end]
                        assert hit, f"{surface!r}: no mention covers {part!r} at {start} in {name}"
                        if hit[0].start < m.start() or hit[0].end > m.end():
                            continue  # part of a longer name ("Baogang" in "Baogang Daily")
                        entity = vocab.entities[hit[0].entity_id]
                        assert _key(entity.name) in wanted or hit[0].entity_id.replace("-", " ") in wanted, \
                            f"{surface!r} resolved to {entity.id}"
                    found = True
            assert found, f"{surface!r} does not occur in the seeds"
            checked += 1
    assert checked >= 9


def test_research_institute_and_agencies_are_found_on_the_seeds(seeds_dir: Path) -> None:
    vocab = load_vocabulary()
    ids = set()
    for p in seeds_dir.glob("*.txt"):
        ids |= {m.entity_id for m in find_mentions(p.read_text(encoding="utf-8"), vocab).mentions}
    assert {"baotou-rare-earth-research-institute", "us-department-of-commerce", "us-department-of-defense",
            "mp-materials", "china-northern-rare-earth", "baogang-group", "dysprosium", "terbium"} <= ids
