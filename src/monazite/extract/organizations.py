"""Organizations that the vocabulary does not know yet, found by the shape of their names.

A capitalised sequence that ends in an organizational word ("... Research Institute",
"... Resources", "... Co., Ltd.") or starts with one ("Ministry of ...", "University of
...") becomes a new, unreviewed entity. Precision matters more than recall here: a
wrong organization pollutes every dossier it appears in, so headings, sentence-initial
common words, names made only of industry words, and (in ``mentions``) spans that wrap
a known organization are refused. The words themselves live in ``vocab/discovery.yaml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

from monazite.model import Entity, slugify
from monazite.vocab import Vocabulary

__all__ = [
    "DISCOVERY_FORM", "Discovery", "DiscoveryLexicon", "discover_organizations", "lexicon_for", "organization_entity",
]

DISCOVERY_FORM = "discovered"
DISCOVERY_EXTRACTOR = "monazite.organizations.v1"
MIN_WORDS = 2  # a single capitalised word is too weak ("Resources" alone)
MAX_WORDS = 9  # more capitalised words than this are a headline, not a name
HEADING_SCAN_CHARS = 1000
HEADING_SHARE = 0.6  # a candidate covering this much of an unpunctuated line is taken as a heading

_WORD = r"(?:[A-Z][A-Za-z0-9&]*(?:-[A-Za-z0-9]+)*|[A-Z]{2,})"
_CONNECTOR = r"(?:of(?: the)?|for|and|&|de|du|der)"
# Inside a name ending in a suffix, "of" mostly joins a common noun to the name
# ("Officials of the Qinling Consortium"); "X of Y" names come in through ``key_first``.
_INNER_CONNECTOR = r"(?:for|and|&|de|du|der)"
_CONNECTORS = frozenset({"of", "the", "for", "and", "&", "de", "du", "der"})
_SENTENCE_END = ".!?:;\"'\u201d\u2019)|"


@dataclass(frozen=True)
class Discovery:
    start: int
    end: int
    name: str
    kind: str


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))


class DiscoveryLexicon:
    """The discovery lexicon of a vocabulary, compiled once (kept in ``Vocabulary.memo``)."""

    def __init__(self, vocab: Vocabulary) -> None:
        lex = vocab.discovery
        self.suffix_kinds: dict[str, str] = dict(lex.get("suffix_kinds") or {})
        self.key_first: dict[str, str] = dict(lex.get("key_first") or {})
        self.legal_forms = frozenset(str(w).rstrip(".") for w in lex.get("legal_forms") or [])
        self.leading_noise = frozenset(lex.get("leading_noise") or [])
        self.generic = frozenset(lex.get("generic_words") or []) | frozenset(self.suffix_kinds)
        legal = _alternation(self.legal_forms)
        self.trailing = rf"(?:,?\s(?:{legal})\.?)*" if legal else ""
        self.legal_tail = re.compile(self.trailing + r"$") if legal else None
        suffix = _alternation(self.suffix_kinds) or r"(?!)"
        key = _alternation(self.key_first) or r"(?!)"
        self.ends_in_suffix = re.compile(
            rf"\b{_WORD}(?:[ ](?:{_INNER_CONNECTOR}[ ])?{_WORD}){{0,{MAX_WORDS - 2}}}[ ](?:{suffix})\b\.?{self.trailing}")
        self.starts_with_key = re.compile(
            rf"\b(?:{key})[ ]of(?:[ ]the)?(?:[ ](?:{_CONNECTOR}[ ])?{_WORD}){{1,{MAX_WORDS - 2}}}")

    def strip_legal(self, name: str) -> str:
        """'Baogang Group Co., Ltd.' -> 'Baogang Group'."""
        return self.legal_tail.sub("", name).rstrip(", ") if self.legal_tail else name

    def kind(self, name: str) -> str | None:
        first = name.split(" ", 1)[0]
        if first in self.key_first and " of " in name:
            return self.key_first[first]
        core = self.strip_legal(name).rstrip(". ")
        for candidate in (core, name.rstrip(".")):
            for suffix in sorted(self.suffix_kinds, key=len, reverse=True):
                if candidate.endswith(" " + suffix):
                    return self.suffix_kinds[suffix]
        return None


def lexicon_for(vocab: Vocabulary) -> DiscoveryLexicon:
    return vocab.memo(DISCOVERY_EXTRACTOR, lambda: DiscoveryLexicon(vocab))


def organization_entity(d: Discovery) -> Entity:
    return Entity(id=slugify(d.name), name=d.name, kind=d.kind, reviewed=False,
                  attributes={"discovered_by": DISCOVERY_EXTRACTOR})


def discover_organizations(text: str, vocab: Vocabulary) -> list[Discovery]:
    """Organization-shaped names in ``text`` (known or not: the caller resolves them)."""
    lex = lexicon_for(vocab)
    newlines = [m.start() for m in re.finditer("\n", text)]
    found: dict[tuple[int, int], Discovery] = {}
    for pattern in (lex.ends_in_suffix, lex.starts_with_key):
        for m in pattern.finditer(text):
            for start, end in _split_pairs(text, m.start(), m.end(), lex):
                d = _clean(text, start, end, lex, newlines)
                if d is not None:
                    found[(d.start, d.end)] = d
    merged: list[Discovery] = []
    for d in sorted(found.values(), key=lambda d: (d.start, -d.end)):
        last = merged[-1] if merged else None
        if last is not None and d.start < last.end:
            # "Fictional Institute" + "Institute of Lanthanide Studies": one name
            if d.end > last.end:
                merged[-1] = Discovery(last.start, d.end, text[last.start:d.end], last.kind)
            continue
        merged.append(d)
    return merged


def _split_pairs(text: str, start: int, end: int, lex: DiscoveryLexicon) -> list[tuple[int, int]]:
    """'Mitsubishi Materials Corporation and Sumitomo Metal Mining Co.' names two firms."""
    spans = []
    for m in re.finditer(r" (?:and|&) ", text[start:end]):
        left = text[start:start + m.start()]
        if lex.kind(left) is not None and left.split(" ", 1)[0] not in lex.key_first:
            spans.append((start, start + m.start()))
            start = start + m.end()
            break
    spans.append((start, end))
    return spans


def _clean(text: str, start: int, end: int, lex: DiscoveryLexicon, newlines: list[int]) -> Discovery | None:
    words = text[start:end].split(" ")
    while words and words[0] in lex.leading_noise:
        start += len(words[0]) + 1
        words = words[1:]
    while words and words[-1] in _CONNECTORS:
        end -= len(words[-1]) + 1
        words = words[:-1]
    name = text[start:end].rstrip(",")
    if name.endswith(".") and name[:-1].rsplit(" ", 1)[-1] not in lex.legal_forms:
        name = name[:-1]  # a sentence's full stop, not "Co."
    end = start + len(name)
    capitalised = sum(1 for w in words if w[:1].isupper())
    if len(words) < MIN_WORDS or capitalised > MAX_WORDS:
        return None
    if _is_heading(text, start, end, newlines) or _only_generic(name, lex):
        return None
    kind = lex.kind(name)
    return Discovery(start, end, name, kind) if kind else None


def _only_generic(name: str, lex: DiscoveryLexicon) -> bool:
    """'Industry Resources', 'Minerals Group': industry words with no proper name in front."""
    if name.split(" ", 1)[0] in lex.key_first:
        return False
    core = lex.strip_legal(name).split(" ")
    return all(w in lex.generic or w.lower() in _CONNECTORS for w in core)


def _is_heading(text: str, start: int, end: int, newlines: list[int]) -> bool:
    i = bisect_left(newlines, start)
    line_start = newlines[i - 1] + 1 if i > 0 else 0
    j = bisect_left(newlines, end)
    line_end = newlines[j] if j < len(newlines) else len(text)
    if line_end - line_start > HEADING_SCAN_CHARS:
        return False  # a line this long is prose, not a heading (and is not copied per candidate)
    line = text[line_start:line_end].strip()
    if not line or line[-1] in _SENTENCE_END:
        return False
    return (end - start) >= HEADING_SHARE * len(line)
