"""Entity mentions: dictionary matching, discovery of unknown organizations, apposition.

``find_mentions`` runs, in order:
1. the vocabulary's Aho-Corasick matcher (built once per ``Vocabulary``, kept in its memo);
2. discovery of organization-shaped names the vocabulary lacks (``organizations``);
3. longest match wins, no overlaps; a discovered name that contains a known organization
   is dropped in favour of the known one;
4. apposition: "China Northern Rare Earth (CNRE)" or "Acme Rare Earths (ARE, ASX: ARE)"
   teaches the bracketed alias for this document (``learned_aliases``), and every later
   bare use of it becomes a mention too.

Possessives are not part of a mention: "Baogang's" yields the mention "Baogang".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field

from monazite.extract.matcher import Candidate, NormalisedText, build_matcher
from monazite.extract.organizations import (
    DISCOVERY_FORM,
    discover_organizations,
    lexicon_for,
    organization_entity,
)
from monazite.model import Entity, Mention
from monazite.vocab import Vocabulary, alias_key

__all__ = ["MENTION_EXTRACTOR", "ORGANIZATION_KINDS", "MentionResult", "find_mentions"]

MENTION_EXTRACTOR = "monazite.mentions.v1"
ORGANIZATION_KINDS = frozenset({"company", "state_body", "agency", "research_institute", "university"})
APPOSITION_MAX_CHARS = 80  # a bracket longer than this is a remark, not an alias list
LEARNED_MAX_WORDS = 5  # "(North Rare Earth)" teaches; a bracketed clause does not
LEARNED_FORM = "learned"

_APPOSITION = re.compile(rf"\s?\(([^()\n]{{1,{APPOSITION_MAX_CHARS}}})\)")
_ACRONYM_BEFORE = re.compile(r"(?<![\w.])([A-Z][A-Z0-9&]{1,7}|[A-Z][A-Za-z]*[A-Z][A-Za-z]*)\s?\($")
_ALIAS_SHAPE = re.compile(r"^[A-Z0-9][\w&.'\-]*(?: [A-Z0-9&][\w&.'\-]*){0,%d}$" % (LEARNED_MAX_WORDS - 1))
_NEXT_WORD = re.compile(r"[ ]+([A-Z]\w*)")
_QUOTES = "\"'\u201c\u201d\u2018\u2019"
_GENERIC = frozenset({"company", "the company", "group", "firm", "ltd", "inc", "plc", "co"})


@dataclass
class MentionResult:
    """Mentions in text order, the entities first seen in this text (unreviewed), the aliases
    learned from apposition (alias -> entity id), and for each mention how it was matched
    (``forms[i]``: name, alias, ticker, symbol, demonym, metonymy, learned, discovered)."""

    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    learned_aliases: dict[str, str] = field(default_factory=dict)
    forms: list[str] = field(default_factory=list)

    def entity_ids(self) -> list[str]:
        """Distinct entity ids in order of first mention."""
        return list(dict.fromkeys(m.entity_id for m in self.mentions))


def find_mentions(text: str, vocab: Vocabulary) -> MentionResult:
    matcher = vocab.memo(MENTION_EXTRACTOR, lambda: build_matcher(vocab))
    candidates = matcher.candidates(NormalisedText(text))
    candidates = _drop_name_parts(text, vocab, candidates) + _tickers(text, vocab)
    new_entities: dict[str, Entity] = {}
    candidates += _discovered(text, vocab, candidates, new_entities)
    chosen = _non_overlapping(candidates, len(text))
    kinds = _kind_lookup(vocab, new_entities)
    learned = _learn_appositions(text, vocab, chosen, kinds)
    if learned:
        chosen = _non_overlapping(chosen + _learned_candidates(text, learned), len(text))
    chosen = [c for c in chosen if not _credit(text, vocab, c)]
    used = {c.entity_id for c in chosen}
    mentions = [Mention(text[c.start:c.end], c.start, c.end, c.entity_id, kinds(c.entity_id), MENTION_EXTRACTOR)
                for c in chosen]
    return MentionResult(
        mentions=mentions,
        entities=[e for e in new_entities.values() if e.id in used],
        learned_aliases=learned,
        forms=[c.form for c in chosen],
    )


# A credit names the outlet a picture or a table comes from, not an organization of the story:
# "Photo: Outlet", "Source:Outlet", "- Outlet pic", "CITY (Outlet) -" as a dateline.
_CREDIT_BEFORE = re.compile(r"(?:^|[\s(\[|])(?:photos?|images?|pictures?|pics?|source|sources|credits?|courtesy(?: of)?|"
                            r"graphics?|charts?|data|copyright|\u00a9)\s*(?:by|:|-)?\s*(?:\u00a9\s*)?$", re.IGNORECASE)
_CREDIT_AFTER = re.compile(r"\s*(?:/\s*)?(?:pic|pics|photo|photos|file photo|image|images|picture|graphic)\b", re.IGNORECASE)
_DATELINE_AFTER = re.compile(r"\)\s*[-\u2013\u2014]")
CREDIT_SCAN = 40  # characters before a mention searched for a credit word, on its own line


def _credit(text: str, vocab: Vocabulary, c: Candidate) -> bool:
    """A media organization named only as the credit of a picture, a chart or the story's byline."""
    ent = vocab.entities.get(c.entity_id)
    if ent is None or not ent.attributes.get("media"):
        return False
    line_start = text.rfind("\n", 0, c.start) + 1
    before = text[max(line_start, c.start - CREDIT_SCAN):c.start]
    if _CREDIT_BEFORE.search(before) or _CREDIT_AFTER.match(text, c.end):
        return True
    return before.endswith("(") and _DATELINE_AFTER.match(text, c.end) is not None


def _drop_name_parts(text: str, vocab: Vocabulary, candidates: list[Candidate]) -> list[Candidate]:
    """A known organization's name inside a longer name that is none ("North American Rare Earths
    Market", "Acme Rare Earths Project") is not a mention of the organization."""
    stop = lexicon_for(vocab).not_followed_by
    out = []
    for c in candidates:
        if c.form in ("name", "alias") and vocab.entities[c.entity_id].kind in ORGANIZATION_KINDS:
            m = _NEXT_WORD.match(text, c.end)
            if m is not None and m.group(1) in stop:
                continue
        out.append(c)
    return out


def _tickers(text: str, vocab: Vocabulary) -> list[Candidate]:
    """Tickers however they are spaced: "ASX:ARU", "ASX : ARU" and "ASX: ARU" are one ticker."""
    pattern = lexicon_for(vocab).ticker_in_text
    out = []
    for m in pattern.finditer(text):
        entity = vocab.resolve(f"{m.group(1)}: {m.group(2)}")
        if entity is not None and entity.kind in ORGANIZATION_KINDS:
            out.append(Candidate(m.start(), m.end(), entity.id, "ticker"))
    return out


def _kind_lookup(vocab: Vocabulary, new_entities: dict[str, Entity]) -> Callable[[str], str]:
    def kind(entity_id: str) -> str:
        entity = vocab.entities.get(entity_id) or new_entities.get(entity_id)
        return entity.kind if entity is not None else "company"
    return kind


def _discovered(text: str, vocab: Vocabulary, known: list[Candidate],
                new_entities: dict[str, Entity]) -> list[Candidate]:
    """Organization-shaped names; known ones resolve to the vocabulary, unknown ones become
    unreviewed entities, and names wrapping a known organization are refused."""
    org_spans = sorted((c.start, c.end) for c in known if vocab.entities[c.entity_id].kind in ORGANIZATION_KINDS)
    org_starts = [s for s, _ in org_spans]
    out = []
    lex = lexicon_for(vocab)
    for d in discover_organizations(text, vocab):
        entity = vocab.resolve(d.name) or vocab.resolve(lex.strip_legal(d.name))
        if entity is not None:
            out.append(Candidate(d.start, d.end, entity.id, "alias"))
            continue
        if _wraps(org_spans, org_starts, d.start, d.end) and not _other_places_body(text, vocab, known, d.start, d.end):
            continue
        discovered = organization_entity(d)
        if discovered.id in vocab.entities:
            out.append(Candidate(d.start, d.end, discovered.id, "alias"))
            continue
        new_entities.setdefault(discovered.id, discovered)
        out.append(Candidate(d.start, d.end, discovered.id, DISCOVERY_FORM))
    return out


STATE_BODY_KINDS = frozenset({"state_body", "agency"})
PLACE_KINDS = frozenset({"region", "country"})


def _other_places_body(text: str, vocab: Vocabulary, known: list[Candidate], start: int, end: int) -> bool:
    """"Oklahoma Department of Commerce": a public body's name led by a place that is not the
    known body's own country names another body (a state's, a province's, another country's),
    not the one the vocabulary knows by the shorter name. A name cut out of a longer known
    one ("Australia Department of Mines" inside "Western Australia ...") never is."""
    if any(c.start < start < c.end for c in known):
        return False
    for c in known:
        if not (start < c.start and c.end <= end):
            continue
        body = vocab.entities[c.entity_id]
        if body.kind not in STATE_BODY_KINDS:
            continue
        place = vocab.resolve(text[start:c.start].strip())
        if place is not None and place.kind in PLACE_KINDS and place.id != body.country:
            return True
    return False


def _wraps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """True when one of ``spans`` (sorted by start) lies inside [start, end)."""
    i = bisect_left(starts, start)
    while i < len(spans) and spans[i][0] < end:
        if spans[i][1] <= end:
            return True
        i += 1
    return False


def _non_overlapping(candidates: list[Candidate], length: int) -> list[Candidate]:
    """Longest first; a candidate overlapping one already taken is dropped."""
    taken = bytearray(length)
    chosen = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if taken.find(1, c.start, c.end) >= 0:
            continue
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    return chosen


def _learn_appositions(text: str, vocab: Vocabulary, chosen: list[Candidate],
                       kind: Callable[[str], str]) -> dict[str, str]:
    learned: dict[str, str] = {}
    for c in chosen:
        if kind(c.entity_id) not in ORGANIZATION_KINDS:
            continue
        m = _APPOSITION.match(text, c.end)
        if m is not None:
            for part in re.split(r"[,;]", m.group(1)):
                _teach(part.strip().strip(_QUOTES).strip(), c.entity_id, vocab, learned)
        before = _ACRONYM_BEFORE.search(text, max(0, c.start - 14), c.start)
        after = text[c.end:c.end + 1]
        if before is not None and after == ")" and not any(
                o.start < before.end(1) and before.start(1) < o.end for o in chosen):
            _teach(before.group(1), c.entity_id, vocab, learned)
    return learned


def _teach(alias: str, entity_id: str, vocab: Vocabulary, learned: dict[str, str]) -> None:
    if not alias or alias_key(alias) in _GENERIC or not _ALIAS_SHAPE.match(alias):
        return
    if alias.replace(",", "").replace(".", "").isdigit():
        return  # a year or a figure, not a name
    known = vocab.resolve(alias)
    if known is not None:
        return  # already in the vocabulary (for this entity or another: then it is no alias)
    learned.setdefault(alias, entity_id)


def _learned_candidates(text: str, learned: dict[str, str]) -> list[Candidate]:
    out = []
    for alias, entity_id in learned.items():
        flags = 0 if any(ch.isupper() for ch in alias) and len(alias) <= 6 else re.IGNORECASE
        pattern = re.compile(rf"(?<![\w]){re.escape(alias)}(?![\w])", flags)
        out += [Candidate(m.start(), m.end(), entity_id, LEARNED_FORM) for m in pattern.finditer(text)]
    return out
