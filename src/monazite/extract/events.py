"""Events: export controls, expansions, partnerships, earnings, policy actions... found by
the trigger words of ``vocab/events.yaml``, one per sentence and type.

Actors come from the sentence (states for export controls and policy, organizations for
the rest) or, for an organization's event told without its name ("The first phase,
completed in October 2024"), from the organization last named. Sentences that only
speculate ("if China restricts exports", "potential export restrictions") are skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from monazite.extract.context import (
    ORG_KINDS,
    PLACE_KINDS,
    THING_KINDS,
    DocContext,
    phrase_key,
    phrase_regex,
)
from monazite.extract.coref import Coref
from monazite.extract.facts import unit_kind
from monazite.model import Event, Quantity

__all__ = ["EVENT_EXTRACTOR", "extract_events"]

EVENT_EXTRACTOR = "monazite.events.v1"
RULES_MEMO_KEY = "extract.events.rules"
HEDGE_WINDOW_CHARS = 200  # characters before a trigger read for hedge words
MIN_SENTENCE_WORDS = 3  # a shorter "sentence" is a heading or table label ("Expansion Project"), not a report
DEFAULT_HEDGE_WINDOW_WORDS = 6  # words before a trigger searched for a hedge when units.yaml names none
STATE_KINDS = PLACE_KINDS | frozenset({"state_body", "agency"})
_GOVERNMENT = re.compile(r"\s+(?:government|authorities|officials|parliament|cabinet|ministry)\b", re.IGNORECASE)
_POSSESSIVE_AFTER = re.compile(r"['\u2019]s?\b")
_WORD = re.compile(r"[\w'\u2019]+")



@dataclass(frozen=True)
class _EventRules:
    triggers: re.Pattern[str]
    types_by_trigger: dict[str, list[str]]
    hedges: frozenset[str]
    hedge_window: int
    state_types: frozenset[str]
    actorless_types: frozenset[str]
    phases: re.Pattern[str]
    phase_by: dict[str, str]
    statuses: re.Pattern[str]
    status_by: dict[str, str]
    facts_rules: Mapping[str, Any]


def _rules(vocab: Any) -> _EventRules:
    return vocab.memo(RULES_MEMO_KEY, lambda: _build(vocab))


def _build(vocab: Any) -> _EventRules:
    units = vocab.units or {}
    raw = units.get("event_rules") or {}
    by_trigger: dict[str, list[str]] = {}
    for et in vocab.event_types.values():
        for t in et.triggers:
            by_trigger.setdefault(phrase_key(t), []).append(et.name)
    phases = {phrase_key(k): v for k, v in (raw.get("phases") or {}).items()}
    statuses = {phrase_key(k): v for k, v in (raw.get("statuses") or {}).items()}
    return _EventRules(
        triggers=phrase_regex(by_trigger), types_by_trigger=by_trigger,
        hedges=frozenset(phrase_key(h) for h in raw.get("hedges") or []),
        hedge_window=int(raw.get("hedge_window_words", DEFAULT_HEDGE_WINDOW_WORDS)),
        state_types=frozenset(raw.get("state_types") or []),
        actorless_types=frozenset(raw.get("actorless_types") or []),
        phases=phrase_regex(phases), phase_by=phases, statuses=phrase_regex(statuses), status_by=statuses,
        facts_rules=units.get("facts") or {},
    )


def extract_events(ctx: DocContext, quantities: list[Quantity], vocab: Any) -> list[Event]:
    rules = _rules(vocab)
    coref = Coref(ctx, rules.facts_rules)
    starts = [q.start for q in quantities]
    seen: set[tuple[int, str]] = set()
    events: list[Event] = []
    for m in rules.triggers.finditer(ctx.text):
        sentence = ctx.sentence_at(m.start())
        if len(ctx.text[sentence[0]:sentence[1]].split()) < MIN_SENTENCE_WORDS:
            continue
        for etype in rules.types_by_trigger.get(phrase_key(m.group(0)), []):
            if (sentence[0], etype) in seen or _hedged(ctx.text, sentence[0], m.start(), rules):
                continue
            event = _build_event(ctx, etype, m, sentence, (quantities, starts), rules, coref)
            if event is not None:
                seen.add((sentence[0], etype))
                events.append(event)
    return events


def _hedged(text: str, sentence_start: int, pos: int, rules: _EventRules) -> bool:
    window_start = max(sentence_start, pos - HEDGE_WINDOW_CHARS)
    words = [w.lower() for w in _WORD.findall(text[window_start:pos])][-rules.hedge_window:]
    joined = " ".join(words)
    return any(h in words or (" " in h and h in joined) for h in rules.hedges)


def _build_event(ctx: DocContext, etype: str, trig: re.Match[str], sentence: tuple[int, int],
                 quantities: tuple[list[Quantity], list[int]], rules: _EventRules, coref: Coref) -> Event | None:
    mentions = ctx.mentions_in(*sentence)
    state_event = etype in rules.state_types
    materials = list(dict.fromkeys(m.entity_id for m in mentions if ctx.kind(m) in THING_KINDS))
    if etype in rules.actorless_types:
        if not materials:
            return None
        actors = [i for i in _actors(ctx, mentions, trig.start(), True, sentence, coref)
                  if ctx.kind_of(i) not in PLACE_KINDS]
    else:
        actors = _actors(ctx, mentions, trig.start(), state_event, sentence, coref)
        if not actors:
            return None
    dates = ctx.dates_in(*sentence)
    date = None
    if dates:
        near = min(dates, key=lambda d: abs(d.start - trig.start()))
        date = near.date.iso
    attributes = _attributes(ctx, sentence, trig, quantities, rules, actors)
    return Event(
        document_id=ctx.document_id, type=etype, start=trig.start(), end=trig.end(),
        sentence_start=sentence[0], sentence_end=sentence[1], quote=ctx.text[sentence[0]:sentence[1]],
        extractor=EVENT_EXTRACTOR, actors=actors, materials=materials, date=date, attributes=attributes,
    )


def _actors(ctx: DocContext, mentions: list, pos: int, state_event: bool, sentence: tuple[int, int],
            coref: Coref) -> list[str]:
    """States (or the country of a named person) for state events, preferring those named
    before the trigger. Organizations for the others; countries acting before the trigger
    ("South Korea and Vietnam signed a memorandum") when no organization is named; else the
    organization the sentence's reference words or the article stand for."""
    found: list[tuple[int, str]] = []
    places: list[str] = []
    for m in mentions:
        kind = ctx.kind(m)
        ent = ctx.entity(m.entity_id)
        if ent is not None and ent.attributes.get("media"):
            continue
        if state_event:
            if kind in STATE_KINDS and (m.start not in ctx.adjectival or _GOVERNMENT.match(ctx.text, m.end)):
                found.append((m.start, m.entity_id))
            elif kind == "person" and ent is not None and ent.country:
                found.append((m.start, ent.country))
        elif kind in ORG_KINDS:
            found.append((m.start, m.entity_id))
        elif kind in PLACE_KINDS and m.start < pos and m.start not in ctx.adjectival \
                and not coref.is_object(m, sentence) and not _POSSESSIVE_AFTER.match(ctx.text, m.end):
            places.append(m.entity_id)
    if state_event:
        before = [i for p, i in found if p < pos]
        ids = before or [i for _, i in found]
    else:
        ids = [i for _, i in found]
        private = [i for i in ids if ctx.kind_of(i) not in STATE_KINDS]
        ids = private or ids or places  # a company's results "aligned with the Party" are the company's
        if not ids:
            resolved = coref.subject_for(pos, pos, sentence, sentence, ORG_KINDS) or coref.focus
            ids = [resolved] if resolved else []
    return list(dict.fromkeys(ids))


def _attributes(ctx: DocContext, sentence: tuple[int, int], trig: re.Match[str],
                quantities: tuple[list[Quantity], list[int]],
                rules: _EventRules, actors: list[str]) -> dict[str, Any]:
    attrs: dict[str, Any] = {"trigger": trig.group(0)}
    span = ctx.text[sentence[0]:sentence[1]]
    phase = rules.phases.search(span)
    if phase:
        attrs["phase"] = rules.phase_by.get(phrase_key(phase.group(0)))
    status = rules.statuses.search(span)
    if status:
        attrs["status"] = rules.status_by.get(phrase_key(status.group(0)))
    quantities, starts = quantities  # the document's quantities and their start offsets
    for q in quantities[bisect_left(starts, sentence[0]):bisect_left(starts, sentence[1])]:
        if unit_kind(q.unit) in ("mass", "mass_rate"):
            attrs["capacity"] = q.value
            attrs["unit"] = q.unit
            if q.basis:
                attrs["basis"] = q.basis
            break
    if len(actors) > 1:
        attrs["counterparts"] = actors[1:]
    return attrs
