"""`gating.PatternSet`: many word-led patterns matched with one shared scan, exactly as
each pattern's own ``finditer`` matches."""

from __future__ import annotations

import random
import re

from monazite.extract.gating import PatternSet, literal_leads
from monazite.vocab import load_vocabulary


def _each(patterns, text):
    return [(name, m.span(), m.group(0)) for name, p in patterns for m in p.finditer(text)]


def _shared(patterns, text):
    return [(name, m.span(), m.group(0)) for name, m in PatternSet(patterns).finditer(text)]


def test_leads_are_read_from_the_parse_tree():
    assert literal_leads(re.compile(r"\b(?:began|start(?:ed|s)?)\s+production", re.I)) == {"began", "start"}
    assert literal_leads(re.compile(r"\bprices?\s+rose", re.I)) == {"price"}
    assert literal_leads(re.compile(r"\bsign(?:ed|s)?\b", re.I)) == {"sign"}
    assert literal_leads(re.compile(r"\b(?:impos\w*|levied)", re.I)) == {"impos", "levied"}
    # no usable lead: not word-led, a class first, or a one-letter lead
    assert literal_leads(re.compile(r"(?:began) production", re.I)) is None
    assert literal_leads(re.compile(r"\b[A-Z]+ signed", re.I)) is None
    assert literal_leads(re.compile(r"\b(?:a|an) deal", re.I)) is None


def test_same_matches_as_finditer_on_the_shipped_event_patterns(fixtures_dir):
    vocab = load_vocabulary()
    patterns = [(etype, re.compile(p, re.IGNORECASE))
                for etype, ps in vocab.units["event_rules"]["patterns"].items() for p in ps]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(fixtures_dir.rglob("*.txt"))]
    assert texts
    for text in texts:
        assert _shared(patterns, text) == _each(patterns, text)
    assert any(_each(patterns, text) for text in texts)  # the fixtures do hold event wording


def test_same_matches_as_finditer_on_random_text():
    rng = random.Random(11)
    patterns = [
        ("a", re.compile(r"\b(?:began|begin|start\w*)\s+(?:\S+\s+){0,3}?production\b", re.I)),
        ("b", re.compile(r"\b(?:sign(?:ed|s)?|inked)\s+(?:an?\s+)?(?:deal|agreement)\b", re.I)),
        ("c", re.compile(r"\bstart(?:ed)? (?:up|over)\b", re.I)),  # shares a lead with "a"
        ("d", re.compile(r"(?:production) (?:began|halted)", re.I)),  # not word-led: scanned whole
        ("e", re.compile(r"\bsigned\b")),  # case-sensitive: the gate is wider, the match exact
    ]
    words = ["began", "Begin", "started", "STARTS", "start", "up", "over", "production", "signed", "inked", "a",
             "an", "deal", "agreement", "halted", "the", "mine", "restarted", "signedx", "-", ",", "\n"]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
        assert _shared(patterns, text) == _each(patterns, text), text
