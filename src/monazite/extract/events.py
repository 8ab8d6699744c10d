"""Events: export controls, expansions, partnerships, earnings, policy actions... found in
three steps.

1. Detect: a sentence reports an event of a type when it holds one of the type's trigger
   phrases (``vocab/events.yaml``, word forms spelled out) or one of its paraphrase
   patterns (``event_rules.patterns`` in units.yaml: "began commercial production",
   "is building a refinery", "secured a ... loan"), so wordings not in a list are found too.
2. Filter: a sentence that only names a topic yields nothing. Questions, speculation
   ("if China restricts exports", "analysts say prices could"), and nominal triggers
   ("export controls", "partnership", "funding") with no action verb and no possessor
   ("China's export controls") are skipped; every type but ``price_move`` needs an actor
   (states for export controls and policy, organizations for the rest, or the
   organization the sentence's reference words stand for). A plant opening told in the
   future ("will start production in 2026") is a planned start: a capacity expansion.
3. Merge: the sentences of one article that report one event (same type, an actor in
   common or no actor of their own and close by, dates that agree, no conflicting
   amounts) become one event: the most specific sentence is its span, every sentence is
   in ``attributes["quotes"]`` and its offsets in ``attributes["spans"]``.

``Event.confidence`` separates strong evidence (a verbal trigger with its actor in the
sentence: 0.9-1.0) from weak (a headline, a one-word nominal trigger, an actor taken from
an earlier sentence or far from the trigger: 0.6-0.7).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from monazite.extract.context import (
    ORG_KINDS,
    PLACE_KINDS,
    THING_KINDS,
    DocContext,
    phrase_key,
    phrase_regex,
)
from monazite.extract.confidence import event_features, load_event_model
from monazite.extract.coref import Coref
from monazite.extract.event_sentences import SentenceModel, load_sentence_model
from monazite.extract.facts import unit_kind
from monazite.extract.gating import PatternSet
from monazite.model import Event, PartialDate, Quantity

__all__ = ["EVENT_EXTRACTOR", "extract_events"]

EVENT_EXTRACTOR = "monazite.events.v1"
RULES_MEMO_KEY = "extract.events.rules"
HEDGE_WINDOW_CHARS = 200  # characters before a trigger read for hedge words
_NAMED_YEAR = re.compile(r"\b(?:Act|Law|Code|Treaty|Convention|Accord|Protocol|Regulation)\s+of\s+(?:the\s+)?$")
MERGE_GROUPS = 64  # how many recent events a new sentence may join
MERGE_MEMBERS = 32  # how many of a group's sentences its amounts are checked against
MIN_SENTENCE_WORDS = 3  # a shorter "sentence" is a heading or table label ("Expansion Project"), not a report
DEFAULT_HEDGE_WINDOW_WORDS = 6  # words before a trigger searched for a hedge when units.yaml names none
DEFAULT_MERGE_SENTENCES = 3  # how far (in sentences) an event with no actor of its own joins an earlier one
FAR_ACTOR_CHARS = 120  # an actor further than this from its trigger is weak evidence
FUTURE_AFTER_WORDS = 4  # words after a trigger read for a future tense ("production is expected to start")
POSSESSOR_WINDOW_CHARS = 40  # "China's recent export controls": the possessor sits this close before a trigger
ACTION_BEFORE_CHARS = 80  # an action word this close before a nominal trigger acts on it ("imposed export controls")
ACTION_AFTER_CHARS = 60  # ... or this close after it ("export controls took effect")
CONTEXT_BEFORE_CHARS = 80  # "as a reaction to the neighbour's new duties": the context words sit this close before
ANAPHOR_WINDOW_CHARS = 40  # "the new export ban": the determiner sits this close before a trigger
CONFIDENCE_STRONG = 1.0
CONFIDENCE_NOMINAL = 0.9  # a multi-word nominal trigger acted on in its sentence
CONFIDENCE_FAR = 0.7
CONFIDENCE_WEAK = 0.6
STATE_KINDS = PLACE_KINDS | frozenset({"state_body", "agency"})
_GOVERNMENT = re.compile(r"\s+(?:government|authorities|officials|parliament|cabinet|ministry)\b", re.IGNORECASE)
_POSSESSIVE_AFTER = re.compile(r"['\u2019]s?\b")
_POSSESSOR_BEFORE = re.compile(r"(?:['\u2019]s?|\b(?:its|their|his|her|our))\s+(?:[\w-]+\s+){0,4}$", re.IGNORECASE)
_ANAPHOR = re.compile(r"\b(?:the|this|that|these|those|such)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_TARGET_BEFORE = re.compile(r"\b(?:to|from|into|against|on)\s+(?:the\s+)?$", re.IGNORECASE)
_WORD = re.compile(r"[\w'\u2019]+")
_PERSON_SUBJECT = re.compile(r"\W*(?:He|She)\b")  # a sentence about a person, whom no organization stands for
_COMPANY_ACTS = re.compile(r"\s+(?:has\s+|have\s+|had\s+)?(?:[a-z]+ly\s+)?$")  # "the firm halted exports": its own act
_BASED_AFTER = re.compile(r"-based\b")  # "Ohio-based", "Chile-based": where a company sits, not who acts
_SENTENCE_END = re.compile(r"[.!;:\"\u201d\u2019')\]]\s*$")


@dataclass(frozen=True)
class _EventRules:
    triggers: re.Pattern[str]
    types_by_trigger: dict[str, list[str]]
    patterns: PatternSet  # (event type, pattern), matched with one shared scan
    nominal: frozenset[str]
    action: re.Pattern[str]
    future: re.Pattern[str]
    future_type: dict[str, str]
    yields: dict[str, frozenset[str]]
    money_types: frozenset[str]
    speculation: re.Pattern[str]
    hedges: frozenset[str]
    hedge_window: int
    state_types: frozenset[str]
    actorless_types: frozenset[str]
    merge_sentences: int
    merge_by_actor: frozenset[str]
    merge_same_date: frozenset[str]
    phases: re.Pattern[str]
    phase_by: dict[str, str]
    statuses: re.Pattern[str]
    status_by: dict[str, str]
    facts_rules: Mapping[str, Any]
    more: _MoreRules  # the filters added with the real-article work (subject descriptions, context words ...)


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    text: str
    type: str
    nominal: bool  # the trigger names the topic ("export controls") rather than an action ("imposed")
    by_model: bool = False  # placed by the sentence model, not found by a trigger rule


def _rules(vocab: Any) -> _EventRules:
    return vocab.memo(RULES_MEMO_KEY, lambda: _build(vocab))


@dataclass(frozen=True)
class _MoreRules:
    """Filters read from ``event_rules`` for actors, context and dates, compiled with the rest."""

    subject_description: re.Pattern[str]
    context_before: re.Pattern[str]  # ends where a nominal trigger names the context, not the report
    organization_types: frozenset[str]  # types only organizations carry out, never a country alone
    yields_to_funded: dict[str, frozenset[str]]  # type -> types it yields to when they name a private recipient
    covered_period_types: frozenset[str]  # types whose whole-period dates tell what is reported on, not when


def _alternatives(words: list[str] | None) -> str:
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in words or []) or "(?!x)x"


def _build_more(vocab: Any) -> _MoreRules:
    raw = (vocab.units or {}).get("event_rules") or {}
    nouns = _alternatives(raw.get("subject_nouns"))
    return _MoreRules(
        subject_description=re.compile(r"\b[Tt]he\s+(?:[\w.-]+\s+){0,3}?(?:%s)\b" % nouns),
        organization_types=frozenset(raw.get("organization_types") or []),
        yields_to_funded={k: frozenset(v or []) for k, v in (raw.get("yields_to_funded") or {}).items()},
        covered_period_types=frozenset(raw.get("covered_period_types") or []),
        context_before=re.compile(r"\b(?:%s)\s+(?:[\w.'\u2019-]+\s+){0,4}$" % _alternatives(raw.get("context_before")),
                                  re.IGNORECASE),
    )


def _words_regex(words: list[str]) -> re.Pattern[str]:
    return phrase_regex(words) if words else re.compile(r"(?!x)x")


def _build(vocab: Any) -> _EventRules:
    units = vocab.units or {}
    raw = units.get("event_rules") or {}
    by_trigger: dict[str, list[str]] = {}
    for et in vocab.event_types.values():
        for t in et.triggers:
            types = by_trigger.setdefault(phrase_key(t), [])
            if et.name not in types:
                types.append(et.name)
    patterns = PatternSet([(etype, re.compile(p, re.IGNORECASE))
                           for etype, ps in (raw.get("patterns") or {}).items() for p in ps or []])
    phases = {phrase_key(k): v for k, v in (raw.get("phases") or {}).items()}
    statuses = {phrase_key(k): v for k, v in (raw.get("statuses") or {}).items()}
    return _EventRules(
        triggers=phrase_regex(by_trigger), types_by_trigger=by_trigger, patterns=patterns,
        nominal=frozenset(phrase_key(t) for t in raw.get("nominal_triggers") or []),
        action=_words_regex(raw.get("action_words") or []),
        future=_words_regex(raw.get("future_markers") or []),
        future_type=dict(raw.get("future_type") or {}),
        yields={k: frozenset(v or []) for k, v in (raw.get("yields") or {}).items()},
        money_types=frozenset(raw.get("money_types") or []),
        speculation=_words_regex(raw.get("speculation") or []),
        hedges=frozenset(phrase_key(h) for h in raw.get("hedges") or []),
        hedge_window=int(raw.get("hedge_window_words", DEFAULT_HEDGE_WINDOW_WORDS)),
        state_types=frozenset(raw.get("state_types") or []),
        actorless_types=frozenset(raw.get("actorless_types") or []),
        merge_sentences=int(raw.get("merge_sentences", DEFAULT_MERGE_SENTENCES)),
        merge_by_actor=frozenset(raw.get("merge_by_actor") or []),
        merge_same_date=frozenset(raw.get("merge_same_date") or []),
        phases=phrase_regex(phases), phase_by=phases, statuses=phrase_regex(statuses), status_by=statuses,
        facts_rules=units.get("facts") or {},
        more=_build_more(vocab),
    )


def extract_events(ctx: DocContext, quantities: list[Quantity], vocab: Any) -> list[Event]:
    rules = _rules(vocab)
    more = rules.more
    coref = Coref(ctx, rules.facts_rules)
    starts = [q.start for q in quantities]
    by_sentence: dict[tuple[int, int], list[_Hit]] = {}
    for hit in _hits(ctx.text, rules):
        sentence = ctx.sentence_at(hit.start)
        if hit.end <= sentence[1]:  # a pattern's gap never runs across a sentence end
            by_sentence.setdefault(sentence, []).append(hit)
    model = load_sentence_model()
    cuts = dict((model.meta.get("thresholds") or {}) if model is not None else {})
    events: list[Event] = []
    for sentence in ctx.sentences:
        hits = by_sentence.get(sentence)
        if not hits and model is None:
            continue
        span = ctx.text[sentence[0]:sentence[1]].strip()
        if len(span.split()) < MIN_SENTENCE_WORDS or span.rstrip("\"'\u201d\u2019)] ").endswith("?"):
            continue
        heading = _is_heading(span)
        chosen = _choose(ctx, sentence, hits, (quantities, starts), rules, more) if hits else {}
        scores = model.probabilities(ctx.text[sentence[0]:sentence[1]]) if model is not None else {}
        added = _model_hits(ctx, sentence, scores, chosen, model, cuts, rules, heading) if scores else {}
        chosen.update(added)
        for etype in list(chosen):  # a rule-found partnership yields to the offtake the model finds
            if rules.yields.get(etype, frozenset()) & added.keys():
                del chosen[etype]
        built = []
        for etype, hit in chosen.items():
            event = _build_event(ctx, etype, hit, sentence, (quantities, starts), rules, coref, heading, more)
            if event is not None:
                if etype in scores:
                    event.attributes["sentence_score"] = round(scores[etype], 3)
                if etype in added:
                    event.attributes["found_by"] = "sentence_model"
                built.append(event)
        events.extend(_yield_to_funded(ctx, built, more))
    merged = _merge(ctx, events, rules)
    calibrated = load_event_model()
    if calibrated is None:
        return merged
    return [replace(e, confidence=round(calibrated.probability(event_features(e)), 3),
                    attributes={**e.attributes, "rule_confidence": e.confidence}) for e in merged]


def _yield_to_funded(ctx: DocContext, built: list[Event], more: _MoreRules) -> list[Event]:
    """A sentence's events less those that yield to one an organization takes part in
    (``event_rules.yields_to_funded``): "the county board grants the firm $3 million of tax
    relief" is financing, not a policy; a country's own incentive scheme, with no
    organization named, stays a policy."""
    funded = {e.type for e in built if any(ctx.kind_of(a) in ORG_KINDS for a in e.actors)}
    return [e for e in built if not more.yields_to_funded.get(e.type, frozenset()) & funded]


def _model_hits(ctx: DocContext, sentence: tuple[int, int], scores: dict[str, float], chosen: dict[str, _Hit],
                model: SentenceModel, cuts: dict[str, float], rules: _EventRules, heading: bool) -> dict[str, _Hit]:
    """Event types the sentence model finds where no trigger rule did, each placed at the word
    that speaks most for it; never in headlines, speculation or hedged wording."""
    add = cuts.get("add")
    if add is None or heading or rules.speculation.search(ctx.text, sentence[0], sentence[1]):
        return {}
    out = {}
    for etype, score in scores.items():
        if etype in chosen or score < add or rules.yields.get(etype, frozenset()) & chosen.keys():
            continue
        word = model.strongest_word(ctx.text[sentence[0]:sentence[1]], etype)
        if word is None:
            continue
        start, end = sentence[0] + word[0], sentence[0] + word[1]
        if _hedged(ctx.text, sentence[0], start, rules):
            continue
        hit = _Hit(start, end, ctx.text[start:end], etype, False, by_model=True)
        if etype in rules.future_type and _future(ctx.text, sentence, hit, rules):
            etype = rules.future_type[etype]  # "expects to start production in 2027": a planned start
            if etype in chosen or etype in out:
                continue
            hit = replace(hit, type=etype)
        out[etype] = hit
    return out


def _event_date(ctx: DocContext, sentence: tuple[int, int], pos: int, dated_only: bool = False) -> str | None:
    """The date nearest the trigger in its sentence, a year inside a name ("the Trade Expansion
    Act of 1962") aside; a date without a year ("on March 9") takes the publication year, else
    stays year-less ("--03-09"): a year stated earlier in the text is no guide, an article moves
    between years (background, then the news). With
    ``dated_only`` (a report on a period, ``event_rules.covered_period_types``) only a month or
    a day counts: a year, half or quarter there is the period reported on, not the report's date."""
    dates = [d for d in ctx.dates_in(*sentence)
             if not _NAMED_YEAR.search(ctx.text, max(sentence[0], d.start - 24), d.start)
             and not (dated_only and d.date.precision not in ("month", "day"))]
    if not dates:
        return None
    date = min(dates, key=lambda d: abs(d.start - pos)).date
    if date.year is None and ctx.published is not None:
        date = date.with_year(ctx.published.year)
    return date.iso


def _hits(text: str, rules: _EventRules) -> list[_Hit]:
    hits = []
    for m in rules.triggers.finditer(text):
        key = phrase_key(m.group(0))
        for etype in rules.types_by_trigger.get(key, []):
            hits.append(_Hit(m.start(), m.end(), m.group(0), etype, key in rules.nominal))
    for etype, m in rules.patterns.finditer(text):  # a pattern naming a topic ("price floor") is as nominal as its trigger
        hits.append(_Hit(m.start(), m.end(), m.group(0), etype, phrase_key(m.group(0)) in rules.nominal))
    hits.sort(key=lambda h: (h.start, -h.end))
    return hits


def _is_heading(span: str) -> bool:
    """A headline or section title: a line with no closing punctuation."""
    return "\n" not in span and not _SENTENCE_END.search(span)


def _choose(ctx: DocContext, sentence: tuple[int, int], hits: list[_Hit],
            quantities: tuple[list[Quantity], list[int]], rules: _EventRules,
            more: _MoreRules | None = None) -> dict[str, _Hit]:
    """Each type's best trigger in the sentence (a verbal one before a nominal one, then the
    first), its type moved to the planned form when told in the future, and the types that
    yield to a more specific one in the same sentence dropped."""
    text = ctx.text
    if rules.speculation.search(text, sentence[0], sentence[1]):
        return {}
    money = _has_money(sentence, quantities)
    chosen: dict[str, _Hit] = {}
    for hit in hits:
        if _hedged(text, sentence[0], hit.start, rules):
            continue
        etype = hit.type
        if etype in rules.future_type and _future(text, sentence, hit, rules):
            etype = rules.future_type[etype]
        if hit.nominal:
            if _in_name(text, sentence, hit):
                continue  # "the Trade Expansion Act"
            lead = text[max(sentence[0], hit.start - POSSESSOR_WINDOW_CHARS):hit.start]
            possessed = bool(_POSSESSOR_BEFORE.search(lead))
            acted = bool(rules.action.search(text, max(sentence[0], hit.start - ACTION_BEFORE_CHARS),
                                             min(sentence[1], hit.end + ACTION_AFTER_CHARS)))
            if not (acted or possessed):
                continue  # a topic, not an action: "export controls have reshaped markets"
            if more is not None and more.context_before.search(
                    text, max(sentence[0], hit.start - CONTEXT_BEFORE_CHARS), hit.start):
                continue  # the context of the report: "as a reaction to new duties"
            if etype in rules.money_types and not money:
                continue
        best = chosen.get(etype)
        if best is None or (best.nominal and not hit.nominal):
            chosen[etype] = replace(hit, type=etype)
    for etype in list(chosen):
        if rules.yields.get(etype, frozenset()) & chosen.keys():
            del chosen[etype]
    return chosen


def _in_name(text: str, sentence: tuple[int, int], hit: _Hit) -> bool:
    """A one-word trigger capitalised inside a sentence of lower-case words is part of a name."""
    word = hit.text.strip()
    if " " in word or not word[:1].isupper() or not word[1:].islower():
        return False
    before = text[sentence[0]:hit.start].strip()
    return bool(before) and not _is_heading(text[sentence[0]:sentence[1]].strip())


def _has_money(sentence: tuple[int, int], quantities: tuple[list[Quantity], list[int]]) -> bool:
    qs, starts = quantities
    inside = qs[bisect_left(starts, sentence[0]):bisect_left(starts, sentence[1])]
    return any(unit_kind(q.unit) == "currency" for q in inside)


def _hedged(text: str, sentence_start: int, pos: int, rules: _EventRules) -> bool:
    window_start = max(sentence_start, pos - HEDGE_WINDOW_CHARS)
    words = [w.lower() for w in _WORD.findall(text[window_start:pos])][-rules.hedge_window:]
    joined = " ".join(words)
    return any(h in words or (" " in h and h in joined) for h in rules.hedges)


def _future(text: str, sentence: tuple[int, int], hit: _Hit, rules: _EventRules) -> bool:
    """A future or planned tense in the clause before the trigger ("will take capacity to
    10,000 tonnes when it is commissioned") or just after it ("production is expected to start")."""
    before = text[sentence[0]:hit.start]
    after = " ".join(_WORD.findall(text[hit.end:sentence[1]])[:FUTURE_AFTER_WORDS])
    return bool(rules.future.search(before) or rules.future.search(after))


def _build_event(ctx: DocContext, etype: str, trig: _Hit, sentence: tuple[int, int],
                 quantities: tuple[list[Quantity], list[int]], rules: _EventRules, coref: Coref,
                 heading: bool = False, more: _MoreRules | None = None) -> Event | None:
    mentions = ctx.mentions_in(*sentence)
    state_event = etype in rules.state_types
    materials = list(dict.fromkeys(m.entity_id for m in mentions if ctx.kind(m) in THING_KINDS))
    if etype in rules.actorless_types:
        if not materials:
            return None
        actors, near = _actors(ctx, mentions, trig.start, True, sentence, coref, more)
        actors = [i for i in actors if ctx.kind_of(i) not in PLACE_KINDS]
        explicit = True
    else:
        actors, near = _actors(ctx, mentions, trig.start, state_event, sentence, coref, more)
        if not actors:
            return None
        if more is not None and etype in more.organization_types and all(ctx.kind_of(a) in PLACE_KINDS for a in actors):
            return None  # "the country is acquiring stakes abroad": a policy told loosely, no purchase
        explicit = near is not None
        if heading and not explicit:
            return None  # a headline with no actor of its own ("Hard place to build")
        if not explicit and _PERSON_SUBJECT.match(ctx.text, sentence[0]):
            return None  # "She joined the navy in 2010": a person's career, not the company's
    date = _event_date(ctx, sentence, trig.start, more is not None and etype in more.covered_period_types)
    if etype in rules.future_type and _after_publication(ctx, date):
        etype = rules.future_type[etype]  # a production start dated after the article: planned, not begun
    attributes = _attributes(ctx, sentence, trig, quantities, rules, actors)
    if not explicit:
        attributes["actor_from"] = "context"
    if heading:
        attributes["heading"] = True
    return Event(
        document_id=ctx.document_id, type=etype, start=trig.start, end=trig.end,
        sentence_start=sentence[0], sentence_end=sentence[1], quote=ctx.text[sentence[0]:sentence[1]],
        extractor=EVENT_EXTRACTOR, actors=actors, materials=materials, date=date, attributes=attributes,
        confidence=_confidence(trig, near, explicit, heading),
    )


def _after_publication(ctx: DocContext, date: str | None) -> bool:
    """Whether ``date`` begins after the month the article was published in."""
    if date is None or ctx.published is None or ctx.published.year is None:
        return False
    d = PartialDate.parse(date)
    if d.year is None:
        return False
    first_month = d.month or (d.quarter and 3 * d.quarter - 2) or (d.half and 6 * d.half - 5) or 1
    pub_month = ctx.published.month or 12
    return (d.year, first_month) > (ctx.published.year, pub_month) if d.year == ctx.published.year \
        else d.year > ctx.published.year


def _confidence(trig: _Hit, near: int | None, explicit: bool, heading: bool) -> float:
    if heading or not explicit or trig.by_model or (trig.nominal and " " not in trig.text.strip()):
        return CONFIDENCE_WEAK
    if near is not None and near > FAR_ACTOR_CHARS:
        return CONFIDENCE_FAR
    return CONFIDENCE_NOMINAL if trig.nominal else CONFIDENCE_STRONG


def _actors(ctx: DocContext, mentions: list, pos: int, state_event: bool, sentence: tuple[int, int],
            coref: Coref, more: _MoreRules | None = None) -> tuple[list[str], int | None]:
    """(actor ids, distance in characters of the nearest named actor from the trigger, or
    None when the actor comes from the context). States (or the country of a named person)
    for state events, preferring those named before the trigger. Organizations for the
    others; countries acting before the trigger ("South Korea and Vietnam signed a
    memorandum") when no organization is named; else the organization the sentence's
    reference words or the article stand for. A description opening the sentence ("The
    Ohio-based developer then agreed to ...") stands for the company it refers to,
    named first; a place followed by "-based" only says where a company sits. A state event
    whose sentence names no state is the country the sentence names as an adjective, else
    the country the article is about, else the state acting in the sentence before; a company
    named right before it acts on its own ("the firm halted exports"): no state event."""
    found: list[tuple[int, str]] = []
    places: list[tuple[int, str]] = []
    for m in mentions:
        kind = ctx.kind(m)
        ent = ctx.entity(m.entity_id)
        if ent is not None and ent.attributes.get("media"):
            continue
        if kind in PLACE_KINDS and _BASED_AFTER.match(ctx.text, m.end):
            continue
        if state_event:
            if kind in STATE_KINDS and (m.start not in ctx.adjectival or _GOVERNMENT.match(ctx.text, m.end)):
                if m.start > pos and kind in PLACE_KINDS \
                        and _TARGET_BEFORE.search(ctx.text, max(0, m.start - 12), m.start):
                    continue  # "exports of neodymium to Japan": Japan is the target
                found.append((m.start, m.entity_id))
            elif kind == "person" and ent is not None and ent.country:
                found.append((m.start, ent.country))
        elif kind in ORG_KINDS:
            found.append((m.start, m.entity_id))
        elif kind in PLACE_KINDS and m.start < pos and m.start not in ctx.adjectival \
                and not coref.is_object(m, sentence) and not _POSSESSIVE_AFTER.match(ctx.text, m.end):
            places.append((m.start, m.entity_id))
    if state_event:
        before = [(p, i) for p, i in found if p <= pos]  # a trigger the model placed on the state itself ("Beijing")
        orgs = [(m.start, m.entity_id) for m in mentions if ctx.kind(m) in ORG_KINDS and not _media(ctx, m.entity_id)]
        own = [m for m in mentions if ctx.kind(m) == "company" and _COMPANY_ACTS.match(ctx.text[m.end:pos])]
        if own and not found:
            return [], None  # "the firm has halted exports": its own act, no state's
        orgs = [o for o in orgs if all(o[0] != m.start for m in own)]
        chosen = before or found or [o for o in orgs if o[0] < pos]  # a state company told to act ("asked IREL to suspend exports")
        if not chosen and orgs:
            # an organization named only after the trigger ("under the new rules, IREL will sell
            # ..."): the state acting in the sentence before or the country the article is
            # about, else that organization
            state = _state_before(ctx, sentence) or coref.country_focus
            if state is not None:
                return [state], None
            chosen = orgs
    else:
        private = [(p, i) for p, i in found if ctx.kind_of(i) not in STATE_KINDS]
        chosen = private or found or places  # a company's results "aligned with the Party" are the company's
        described = _described_subject(ctx, mentions, pos, sentence, coref, more)
        if described is not None:
            if not private and not found:
                return [described], None  # "The firm ... picked Nevada for ...": the firm, not the place
            if all(i != described for _, i in chosen):
                near = min(abs(p - pos) for p, _ in chosen)
                return list(dict.fromkeys([described, *(i for _, i in chosen)])), near
    if chosen:
        near = min(abs(p - pos) for p, _ in chosen)
        ids = [i for _, i in chosen]
        if state_event:  # a ministry acts for its country
            ids += [c for i in ids if (c := _country_of(ctx, i)) is not None]
        elif found and not any(p < pos for p, _ in chosen):
            # "The project received a grant from the Fund": the receiver is the company the
            # sentence's subject stands for, named before.
            subject = coref.subject_for(pos, pos, sentence, sentence, ORG_KINDS)
            if subject is not None:
                ids.insert(0, subject)
        return list(dict.fromkeys(ids)), near
    if state_event:
        resolved = _adjectival_state(ctx, mentions) or coref.country_focus or _state_before(ctx, sentence)
    else:
        resolved = coref.subject_for(pos, pos, sentence, sentence, ORG_KINDS) or coref.focus
    return ([resolved] if resolved else []), None


def _described_subject(ctx: DocContext, mentions: list, pos: int, sentence: tuple[int, int], coref: Coref,
                       more: _MoreRules | None) -> str | None:
    """The company a description before the trigger and before any named organization stands
    for, when it is the sentence's subject ("The company has ... through its partnership with
    X"): a determiner, up to three modifiers and a lower-case head noun of
    ``event_rules.subject_nouns``, not after a preposition."""
    if more is None:
        return None
    first_org = min((m.start for m in mentions if ctx.kind(m) in ORG_KINDS and m.start < pos), default=pos)
    m = more.subject_description.search(ctx.text, sentence[0], min(pos, first_org))
    if m is None or any(x.start < m.end() and x.end > m.start() and ctx.kind(x) in ORG_KINDS for x in mentions):
        return None
    words = [w.lower() for w in _WORD.findall(ctx.text[max(sentence[0], m.start() - 30):m.start()])]
    if words and words[-1] in coref.object_words:
        return None  # "a deal with the company": an object
    if coref.focus is not None and coref.focus_first is not None and coref.focus_first < m.start():
        return coref.focus
    return coref.salient_org(m.start())


def _media(ctx: DocContext, entity_id: str) -> bool:
    ent = ctx.entity(entity_id)
    return ent is not None and bool(ent.attributes.get("media"))


def _adjectival_state(ctx: DocContext, mentions: list) -> str | None:
    """The one country a sentence names only as an adjective ("the Chilean curbs"), if one."""
    states = {m.entity_id for m in mentions if ctx.kind(m) in PLACE_KINDS and m.start in ctx.adjectival}
    return next(iter(states)) if len(states) == 1 else None


def _state_before(ctx: DocContext, sentence: tuple[int, int]) -> str | None:
    """The state last named acting in the previous sentence ("China imposed controls. The
    controls require licences.")."""
    index = ctx.sentence_index(sentence[0])
    if index < 1:
        return None
    previous = ctx.sentences[index - 1]
    for m in reversed(ctx.mentions_in(*previous)):
        if ctx.kind(m) in STATE_KINDS and m.start not in ctx.adjectival:
            return m.entity_id
    return None


def _country_of(ctx: DocContext, entity_id: str) -> str | None:
    ent = ctx.entity(entity_id)
    if ent is None or ctx.kind_of(entity_id) not in ("state_body", "agency") or not ent.country:
        return None
    return ent.country


def _attributes(ctx: DocContext, sentence: tuple[int, int], trig: _Hit,
                quantities: tuple[list[Quantity], list[int]],
                rules: _EventRules, actors: list[str]) -> dict[str, Any]:
    attrs: dict[str, Any] = {"trigger": trig.text}
    span = ctx.text[sentence[0]:sentence[1]]
    phase = rules.phases.search(span)
    if phase:
        attrs["phase"] = rules.phase_by.get(phrase_key(phase.group(0)))
    status = rules.statuses.search(span)
    if status:
        attrs["status"] = rules.status_by.get(phrase_key(status.group(0)))
    qs, starts = quantities  # the document's quantities and their start offsets
    amounts = []
    for q in qs[bisect_left(starts, sentence[0]):bisect_left(starts, sentence[1])]:
        kind = unit_kind(q.unit)
        if kind in ("mass", "mass_rate") and "capacity" not in attrs:
            attrs["capacity"] = q.value
            attrs["unit"] = q.unit
            if q.basis:
                attrs["basis"] = q.basis
        elif kind == "currency":
            amounts.append([q.value, q.unit])
    if amounts:
        attrs["amounts"] = amounts
    counterparts = _counterparts(ctx, actors)
    if counterparts:
        attrs["counterparts"] = counterparts
    return attrs


def _counterparts(ctx: DocContext, actors: list[str]) -> list[str]:
    """The actors after the first, less the first's own country (a ministry acts for it)."""
    first = ctx.entity(actors[0]) if actors else None
    own = first.country if first is not None else None
    return [a for a in actors[1:] if a != own]


# --- merging the sentences of one event -------------------------------------------------

def _dates_agree(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    if a.startswith("--") or b.startswith("--"):  # a month and day with no year
        return a.endswith(b.lstrip("-")) or b.endswith(a.lstrip("-"))
    return a.startswith(b) or b.startswith(a)


def _more_precise(a: str | None, b: str | None) -> str | None:
    if not a:
        return b
    if not b:
        return a
    if a.startswith("--") and not b.startswith("--"):
        return b
    if b.startswith("--") and not a.startswith("--"):
        return a
    return b if len(b) > len(a) else a


def _actor_keys(ctx: DocContext, e: Event) -> set[str]:
    keys = set(e.actors)
    for a in e.actors:
        ent = ctx.entity(a)
        if ent is not None and ent.country and ctx.kind_of(a) in STATE_KINDS:
            keys.add(ent.country)  # China's Ministry of Commerce acts for China
    return keys


def _amounts_conflict(a: Event, b: Event) -> bool:
    """Two statements of money or capacity that share no figure are two deals or projects."""
    am, bm = a.attributes.get("amounts") or [], b.attributes.get("amounts") or []
    if am and bm and not any(x == y for x in am for y in bm):
        return True
    ac, bc = a.attributes.get("capacity"), b.attributes.get("capacity")
    if ac is not None and bc is not None and ac != bc:
        return True
    # the first phase and the second are two steps; a phase and a report naming none are kept
    # apart too (the seeds report a project and its phases as separate events)
    return (a.attributes.get("phase") or b.attributes.get("phase")) is not None \
        and a.attributes.get("phase") != b.attributes.get("phase")


def _specificity(e: Event) -> int:
    """How much a sentence says about its event: a date, a precise date, an amount, a capacity."""
    return len((e.date or "").split("-")) * bool(e.date) + bool(e.attributes.get("amounts")) \
        + ("capacity" in e.attributes)


class _Group:
    def __init__(self, ctx: DocContext, first: Event) -> None:
        self.ctx = ctx
        self.members = [first]
        self.keys = _actor_keys(ctx, first)
        self.materials = set(first.materials)
        self.date = first.date
        self.last_sentence = ctx.sentence_index(first.sentence_start)
        self.heading = bool(first.attributes.get("heading"))

    def accepts(self, ctx: DocContext, e: Event, rules: _EventRules) -> bool:
        """Same type, dates that agree, no conflicting amounts, and one of: a headline and the
        report it heads sharing an actor; a sentence with no actor of its own close after;
        a sentence sharing an actor that refers back to the event ("the ban", "this
        partnership"), uses the same trigger or states the same amount."""
        head = self.members[0]
        if e.type != head.type or not _dates_agree(self.date, e.date):
            return False
        if any(_amounts_conflict(m, e) for m in self.members[-MERGE_MEMBERS:]):
            return False
        near = ctx.sentence_index(e.sentence_start) - self.last_sentence <= rules.merge_sentences
        if e.type in rules.actorless_types:
            return near and bool(self.materials & set(e.materials) or not e.materials or not self.materials)
        if e.attributes.get("actor_from") == "context" and near:
            return True
        if not self.keys & _actor_keys(ctx, e):
            return False
        if self.heading or e.attributes.get("heading"):
            return True
        if _anaphoric(ctx.text, e) or e.type in rules.merge_by_actor:
            return True
        if e.type in rules.merge_same_date and all(m.date == e.date for m in self.members):
            return True
        trigger = phrase_key(e.attributes.get("trigger", ""))
        if any(phrase_key(m.attributes.get("trigger", "")) == trigger for m in self.members):
            return True
        amounts = [tuple(a) for a in e.attributes.get("amounts") or []]
        return any(tuple(a) in amounts for m in self.members for a in m.attributes.get("amounts") or [])

    def add(self, ctx: DocContext, e: Event) -> None:
        self.members.append(e)
        self.keys |= _actor_keys(ctx, e)
        self.materials |= set(e.materials)
        self.date = _more_precise(self.date, e.date)
        self.last_sentence = ctx.sentence_index(e.sentence_start)
        self.heading = self.heading and bool(e.attributes.get("heading"))

    def event(self) -> Event:
        if len(self.members) == 1:
            return self.members[0]
        members = sorted(self.members, key=lambda e: e.sentence_start)
        main = min(members, key=lambda e: (bool(e.attributes.get("heading")), -e.confidence, -_specificity(e),
                                           e.sentence_start))
        actors = list(dict.fromkeys([*main.actors, *(a for e in members for a in e.actors)]))
        materials = list(dict.fromkeys([*main.materials, *(m for e in members for m in e.materials)]))
        attrs = dict(main.attributes)
        attrs["quotes"] = [e.quote for e in members]
        attrs["spans"] = [[e.sentence_start, e.sentence_end] for e in members]
        counterparts = _counterparts(self.ctx, actors)
        if counterparts:
            attrs["counterparts"] = counterparts
        else:
            attrs.pop("counterparts", None)
        if any(e.attributes.get("actor_from") != "context" for e in members):
            attrs.pop("actor_from", None)
        if not main.attributes.get("heading"):
            attrs.pop("heading", None)
        confidence = min(1.0, max(e.confidence for e in members) + 0.1 * (len(members) - 1))
        return replace(main, actors=actors, materials=materials, date=_more_precise(main.date, self.date),
                       attributes=attrs, confidence=round(confidence, 2))


def _anaphoric(text: str, e: Event) -> bool:
    """The trigger is taken up again by a definite phrase: "the ban", "this new partnership"."""
    return bool(_ANAPHOR.search(text[max(e.sentence_start, e.start - ANAPHOR_WINDOW_CHARS):e.start]))


def _merge(ctx: DocContext, events: list[Event], rules: _EventRules) -> list[Event]:
    """One event per real-world happening: the sentences of an article that report the same
    one joined (see the module's docstring)."""
    groups: list[_Group] = []
    for e in sorted(events, key=lambda e: e.sentence_start):
        # the most recent groups only: an article's reports of one happening sit close together
        # (the headline aside, which opens the first groups), and a long filing stays linear
        candidates = groups[-MERGE_GROUPS:] if len(groups) > MERGE_GROUPS else groups
        heads = [g for g in groups[:MERGE_GROUPS] if g.heading] if len(groups) > MERGE_GROUPS else []
        target = next((g for g in reversed(heads + candidates) if g.accepts(ctx, e, rules)), None)
        if target is None:
            groups.append(_Group(ctx, e))
        else:
            target.add(ctx, e)
    return sorted((g.event() for g in groups), key=lambda e: (e.start, e.type))
