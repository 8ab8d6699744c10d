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
from typing import Any

from monazite.extract.matcher import Candidate, NormalisedText, build_matcher
from monazite.extract.organizations import (
    DISCOVERY_FORM,
    Discovery,
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
    listed = _listed_with_organizations(text, vocab, chosen, kinds, new_entities)
    if listed:
        chosen = _non_overlapping(chosen + listed, len(text))
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
MASTHEAD_OTHER_WORDS = 2  # a media name with at most this many other words on its line is a masthead
CREDIT_SCAN = 40  # characters before a mention searched for a credit word, on its own line
MASTHEAD_LINE_CHARS = 200  # a masthead line is shorter than this on either side of the outlet's name


def _credit(text: str, vocab: Vocabulary, c: Candidate) -> bool:
    """A media organization named only as the credit of a picture, a chart or the story's byline."""
    ent = vocab.entities.get(c.entity_id)
    if ent is None or not ent.attributes.get("media"):
        return False
    # The line is looked for within MASTHEAD_LINE_CHARS on each side only: a longer line is no
    # masthead, and an unbounded search would make a one-paragraph text quadratic.
    lo, hi = max(0, c.start - MASTHEAD_LINE_CHARS), min(len(text), c.end + MASTHEAD_LINE_CHARS)
    newline = text.rfind("\n", lo, c.start)
    line_start = newline + 1 if newline >= 0 else (0 if lo == 0 else None)
    before = text[max(line_start if line_start is not None else lo, c.start - CREDIT_SCAN):c.start]
    if _CREDIT_BEFORE.search(before) or _CREDIT_AFTER.match(text, c.end):
        return True
    newline = text.find("\n", c.end, hi)
    line_end = newline if newline >= 0 else (len(text) if hi == len(text) else None)
    if line_start is not None and line_end is not None:
        rest = (text[line_start:c.start] + " " + text[c.end:line_end]).split()
        if len(rest) <= MASTHEAD_OTHER_WORDS and not any(w[-1:] in ".!?" and len(w) > 3 for w in rest):
            return True  # a line that is little more than the outlet's name: a masthead, a logo, a menu
    return before.endswith("(") and _DATELINE_AFTER.match(text, c.end) is not None


LIST_MIN_MEMBERS = 3  # "A, B and C": a list this long ...
LIST_MIN_ORGANIZATIONS = 2  # ... with this many organizations in it makes its unknown names organizations
_LIST_SEPARATOR = re.compile(r",[ ](?:and[ ]|&[ ])?(?:the[ ])?|[ ](?:and|&)[ ](?:the[ ])?")
_LIST_NAME = re.compile(r"[A-Z][\w&'\u2019-]*(?:[ ][A-Z][\w&'\u2019-]*){0,2}")
_LIST_CLAUSE_END = re.compile(r"[.;:!?()\[\]\n\u201c\u201d\"]")


def _listed_with_organizations(text: str, vocab: Vocabulary, chosen: list[Candidate],
                               kind: Callable[[str], str], new_entities: dict[str, Entity]) -> list[Candidate]:
    """'Orvane, Keldar Metals and Tarsin Ltd': an unknown capitalised name listed among two
    organizations or more, and nothing but names, is an organization too (lists join like things)."""
    lex = lexicon_for(vocab)
    by_start = {c.start: c for c in chosen}
    by_end = {c.end: c for c in chosen}
    out: list[Candidate] = []
    seen: set[int] = set()
    for c in chosen:
        if c.start in seen or kind(c.entity_id) not in ORGANIZATION_KINDS:
            continue
        members = _list_members(text, c, by_start, by_end)
        seen.update(start for start, _, _ in members)
        known = [m for _, _, m in members if m is not None]
        if len(members) < LIST_MIN_MEMBERS or any(kind(m.entity_id) not in ORGANIZATION_KINDS for m in known):
            continue
        if sum(1 for m in known if kind(m.entity_id) in ORGANIZATION_KINDS) < LIST_MIN_ORGANIZATIONS:
            continue
        for start, end, m in members:
            name = text[start:end]
            if m is not None or not _list_name_ok(name, lex) or vocab.resolve(name) is not None:
                continue
            d = Discovery(start, end, name, lex.kind(name) or "company")
            entity = organization_entity(d)
            new_entities.setdefault(entity.id, entity)
            out.append(Candidate(start, end, entity.id, DISCOVERY_FORM))
    return out


def _list_name_ok(name: str, lex: Any) -> bool:
    words = name.split(" ")
    first = words[0]
    if first in lex.leading_noise or first in lex.months or first in lex.role_words or len(name) < 3:
        return False
    return not all(w in lex.generic for w in words)


def _list_members(text: str, c: Candidate, by_start: dict[int, Candidate],
                  by_end: dict[int, Candidate]) -> list[tuple[int, int, Candidate | None]]:
    """The members of the list ``c`` stands in, as (start, end, known mention or None), in order."""
    members: list[tuple[int, int, Candidate | None]] = [(c.start, c.end, c)]
    pos = c.end  # rightwards: separator, then a known mention or a capitalised name
    while True:
        sep = _LIST_SEPARATOR.match(text, pos)
        if sep is None:
            break
        nxt = by_start.get(sep.end())
        if nxt is not None:
            members.append((nxt.start, nxt.end, nxt))
            pos = nxt.end
            continue
        m = _LIST_NAME.match(text, sep.end())
        if m is None or not _ends_member(text, m.end()):
            break
        members.append((m.start(), m.end(), None))
        pos = m.end()
    pos = c.start  # leftwards
    while True:
        window = text[max(0, pos - 12):pos]
        sep = re.search(r"(?:,[ ](?:and[ ]|&[ ])?(?:the[ ])?|[ ](?:and|&)[ ](?:the[ ])?)$", window)
        if sep is None:
            break
        end = pos - (len(window) - sep.start())
        prev = by_end.get(end)
        if prev is not None:
            members.insert(0, (prev.start, prev.end, prev))
            pos = prev.start
            continue
        m = re.search(r"(?:^|(?<=[ ]))[A-Z][\w&'\u2019-]*(?:[ ][A-Z][\w&'\u2019-]*){0,2}$", text[max(0, end - 60):end])
        if m is None:
            break
        start = end - (len(m.group(0)))
        before = text[max(0, start - 2):start]
        if _LIST_CLAUSE_END.search(text[start:end]) or not (
                start == 0 or before[-1:] == "\n" or (before[-1:] == " " and (before[:1].islower() or before[:1] in ".,:"))):
            break  # a name whose start is unclear ("... (ABC) Name") is no member
        members.insert(0, (start, end, None))
        break  # a name found leftwards by its capitals closes the list: what is before it is no member
    return members


def _ends_member(text: str, end: int) -> bool:
    """A list member ends at a separator, a clause's end or a lowercase word."""
    rest = text[end:end + 2]
    return not rest or rest[0] in ",.;:)\n" or (rest[0] == " " and (rest[1:2].islower() or rest[1:2] == "&"))


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
    by_start = sorted(known, key=lambda c: c.start)
    starts = [c.start for c in by_start]
    out = []
    lex = lexicon_for(vocab)
    for d in discover_organizations(text, vocab):
        entity = vocab.resolve(d.name) or vocab.resolve(lex.strip_legal(d.name))
        if entity is not None:
            out.append(Candidate(d.start, d.end, entity.id, "alias"))
            continue
        near = by_start[bisect_left(starts, d.start - NAME_REACH):bisect_left(starts, d.end)]
        if _wraps(org_spans, org_starts, d.start, d.end) and not _other_places_body(text, vocab, near, d.start, d.end):
            continue
        discovered = organization_entity(d)
        if discovered.id in vocab.entities:
            out.append(Candidate(d.start, d.end, discovered.id, "alias"))
            continue
        new_entities.setdefault(discovered.id, discovered)
        out.append(Candidate(d.start, d.end, discovered.id, DISCOVERY_FORM))
    return out


NAME_REACH = 200  # a known name this far before a discovered one may still run into it (names are shorter)
STATE_BODY_KINDS = frozenset({"state_body", "agency"})
PLACE_KINDS = frozenset({"region", "country"})


def _other_places_body(text: str, vocab: Vocabulary, known: list[Candidate], start: int, end: int) -> bool:
    """"Oklahoma Department of Commerce": a public body's name led by a place that is not the
    known body's own country names another body (a state's, a province's, another country's),
    not the one the vocabulary knows by the shorter name. A name cut out of a longer known
    one ("Australia Department of Mines" inside "Western Australia ...") never is. ``known``:
    the candidates near the name (the caller slices them by position: a long text stays linear)."""
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
