"""Binding quantities to facts: subject, metric, period, stage, material and the quoted
sentence with offsets.

A quantity becomes a fact only when its sentence names a metric whose unit kind fits and
a subject can be found (in the clause, through reference words, or as the organization
last named). Anything less yields no fact: a wrong fact costs an analyst more than a
missing one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
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
from monazite.extract.confidence import fact_features, load_model
from monazite.extract.coref import LOCATIVE_BEFORE, Coref
from monazite.extract.subjects import candidate_features, load_ranker, subject_kind
from monazite.extract.periods import PeriodFinder
from monazite.model import Fact, Quantity

__all__ = ["FACT_EXTRACTOR", "FactRules", "extract_facts", "fact_rules", "unit_kind"]

FACT_EXTRACTOR = "monazite.facts.v1"
RULES_MEMO_KEY = "extract.facts.rules"
DEFAULT_WINDOW_CHARS = 160  # used when units.yaml names no trigger window
# How a subject found right at the figure ("China's 44 Mt", "Brazil, with 21 Mt", "270,000 t for China"):
# a comparison with the figure before never overrides it.
OWN_HOLDER_SOURCES = frozenset({"possessor", "holder", "trailing", "material"})
# A holder taken from outside the figure's sentence (the article's company or country): the holder
# of a figure before it in the same sentence is better evidence.
FALLBACK_SOURCES = frozenset({"focus", "country_focus"})
COMPARISON_GAP_CHARS = 80  # "390,000 tonnes in 2024, up from 376,000": at most this far apart
LISTED_COUNTRY_CHARS = 200  # how far before a figure with no holder named countries make it ambiguous
CONFIDENCE_FALLBACK_SUBJECT = 0.7  # subject taken from an earlier sentence, not the figure's own
CONFIDENCE_FAR_TRIGGER = 0.8  # metric trigger outside the figure's own clause
CARRIED_TRIGGER = "(carried from the previous figure)"
SUBJECT_CANDIDATES_SUFFIX = "#subjects"  # explain key of a fact's candidate holders
WORLD = "world"  # entity id of the whole world (vocab/countries.yaml)
PER_SHARE_MAX = 1000  # a bare amount of money at or above this is a sum, never a price per share
SHARE_OF_WHOLE_METRIC = "market_share"  # the metric of a percentage of a market-like whole (units.yaml share_wholes)
WORLD_LINK_CHARS = 80  # how far before a figure a global quantity linked to it is looked for
_WORLD_LINK = re.compile(r"^\s+(?:of|at|was|were|is|are|stood\s+at|totall?ed|reached|amounted\s+to|came\s+to)\s+"
                         r"(?:(?:about|around|some|roughly|nearly|almost|over|more\s+than|less\s+than)\s+)?$", re.IGNORECASE)
_ORIGIN_GAP = re.compile(r"[^.;:,]{0,80}?\b(?:made|produced|mined|refined|processed|manufactured|sourced|comes?|came)"
                         r"\s+(?:in|from)\s+(?:the\s+)?$", re.IGNORECASE)
# Words that end the noun phrase an amount of money could modify ("$5 million to build the mine").
_FUNCTION_WORDS = ("to", "the", "a", "an", "for", "of", "in", "on", "at", "by", "with", "from", "and", "or", "its",
                   "their", "this", "that", "which", "is", "was", "will", "would", "has", "had", "be", "as")
# A sentence opening with a word pointing back ("That compared with ...", "This is a rise of ..."): it
# goes on about the statement before it, even as a paragraph of its own.
_BACK_REFERENCE = re.compile(r"[\s\W]*(?:that|this|it)\b", re.IGNORECASE)
_CHANGE_OF = re.compile(r"\b(?:growth|increase|rise|gain|decrease|decline|drop|fall)\s+of\s+"
                        r"(?:(?:about|around|some|roughly|nearly|over|more\s+than)\s+)?$", re.IGNORECASE)
_APPOSITION = re.compile(r",\s*$")  # a link word right after a comma qualifies the noun phrase before it
_OF_BEFORE = re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
DIRECTION_WINDOW_CHARS = 40  # how far before (or after) a change figure a word like "fell" is read
_CURRENCY_UNIT = re.compile(r"^[A-Z]{3}$")
_PRICE_UNIT = re.compile(r"^[A-Z]{3}/\w+$")
COUNTRY_KINDS = frozenset({"country"})
_PLACE_BEFORE = re.compile(  # "a plant in (western) Angola", "reliance on China": a place or object, not a holder
    r"\b(?:in|at|near|from|outside|across|to|into|of|for|with|by|on|over|than|about|against|between|among|beyond"
    r"|versus)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)
_COORDINATION = re.compile(r"\s+(?:and|while|whereas|but)\s+|[,;]\s+|\u2014", re.IGNORECASE)
_DURATIONS = frozenset({"days", "weeks", "months", "years"})
_RESPECTIVELY_AFTER = re.compile(r"^[^.;:]{0,30}?\brespectively\b", re.IGNORECASE)
_FIGURE_JOIN = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+)$", re.IGNORECASE)  # "13%, 20% and 23%"
_HOLDER_JOIN = re.compile(r"^(?:['\u2019]s)?\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+|its\s+)?$", re.IGNORECASE)


def unit_kind(unit: str) -> str:
    """The metric unit kind of a normalised unit: percent, multiple, mass, mass_rate, currency, price,
    duration, count."""
    if unit in ("%", "pp"):
        return "percent"
    if unit == "x":
        return "multiple"
    if unit == "t":
        return "mass"
    if unit == "t/yr":
        return "mass_rate"
    if _PRICE_UNIT.match(unit):
        return "price"
    if _CURRENCY_UNIT.match(unit):
        return "currency"
    if unit in _DURATIONS:
        return "duration"
    return "count"



@dataclass(frozen=True)
class FactRules:
    metric_triggers: re.Pattern[str]
    metrics_by_trigger: dict[str, list[str]]
    unit_kinds: dict[str, frozenset[str]]
    share_metrics: frozenset[str]
    stage_triggers: re.Pattern[str]
    stage_by_trigger: dict[str, str]
    country_metrics: frozenset[str]
    national_metrics: frozenset[str]
    public_money: frozenset[str]
    national_scope: re.Pattern[str] | None
    carry_cues: re.Pattern[str]
    comparison_cues: re.Pattern[str] | None
    world_total: re.Pattern[str] | None
    world_metrics: frozenset[str]
    growth_of: dict[str, str]
    material_metrics: frozenset[str]
    decrease_words: frozenset[str]
    negative_triggers: frozenset[str]
    growth_metrics: frozenset[str]
    share_whole: re.Pattern[str] | None
    value_links: frozenset[str]
    built_thing: re.Pattern[str] | None
    window: int
    material_window: int
    raw: Mapping[str, Any]


def fact_rules(vocab: Any) -> FactRules:
    """Trigger indexes of ``vocab``, built once per vocabulary."""
    return vocab.memo(RULES_MEMO_KEY, lambda: _build_rules(vocab))


def _build_rules(vocab: Any) -> FactRules:
    raw = (vocab.units or {}).get("facts") or {}
    by_trigger: dict[str, list[str]] = {}
    for metric in vocab.metrics.values():
        for t in metric.triggers:
            by_trigger.setdefault(phrase_key(t), []).append(metric.name)
    by_trigger = _with_sub_phrases(by_trigger)
    stage_by: dict[str, str] = {}
    for stage in vocab.stages.values():
        for t in stage.triggers:
            stage_by.setdefault(phrase_key(t), stage.name)
    for word, stage in (raw.get("stage_words") or {}).items():
        stage_by.setdefault(phrase_key(word), stage)
    return FactRules(
        metric_triggers=phrase_regex(by_trigger), metrics_by_trigger=by_trigger,
        unit_kinds={m.name: frozenset(m.unit_kinds) for m in vocab.metrics.values()},
        share_metrics=frozenset(m.name for m in vocab.metrics.values() if m.share),
        stage_triggers=phrase_regex(stage_by), stage_by_trigger=stage_by,
        country_metrics=frozenset(raw.get("country_metrics") or []),
        national_metrics=frozenset(raw.get("national_metrics") or []),
        public_money=frozenset(phrase_key(str(w)) for w in raw.get("public_money_triggers") or []),
        national_scope=phrase_regex(raw["national_scope_phrases"]) if raw.get("national_scope_phrases") else None,
        carry_cues=phrase_regex(raw.get("carry_cues") or []),
        comparison_cues=re.compile(r"(?:\b(?:" + "|".join(
            re.escape(str(c)).replace("\\ ", r"\s+") for c in sorted(raw.get("comparison_cues") or [], key=len,
                                                                  reverse=True)) + r")\b)\W*$", re.IGNORECASE)
        if raw.get("comparison_cues") else None,
        world_total=re.compile(raw["world_total"], re.IGNORECASE) if raw.get("world_total") else None,
        world_metrics=frozenset(raw.get("world_metrics") or []),
        growth_of={str(k): str(v) for k, v in (raw.get("growth_of") or {}).items()},
        material_metrics=frozenset(raw.get("material_metrics") or []),
        decrease_words=frozenset(str(w).lower() for w in raw.get("decrease_words") or []),
        negative_triggers=frozenset(phrase_key(str(w)) for w in raw.get("negative_triggers") or []),
        growth_metrics=frozenset(raw.get("growth_metrics") or []),
        share_whole=re.compile(r"\s+of\s+(?:[\w'\u2019-]+\s+){0,4}?(?:" + "|".join(
            re.escape(str(w)) for w in raw["share_wholes"]) + r")\b", re.IGNORECASE)
        if raw.get("share_wholes") else None,
        value_links=frozenset(phrase_key(str(w)) for w in raw.get("value_links") or []),
        built_thing=re.compile(r"(?:\s+(?!(?:" + "|".join(_FUNCTION_WORDS) + r")\b)[\w'\u2019.-]+){0,3}?\s+(?:"
                               + "|".join(re.escape(str(w)) for w in raw["built_things"]) + r")\b", re.IGNORECASE)
        if raw.get("built_things") and raw.get("built_thing_metric") else None,
        window=int(raw.get("trigger_window_chars", DEFAULT_WINDOW_CHARS)),
        material_window=int(raw.get("material_window_chars", DEFAULT_WINDOW_CHARS)),
        raw=raw,
    )


def _with_sub_phrases(by_trigger: dict[str, list[str]]) -> dict[str, list[str]]:
    """A matched phrase also signals the metrics of the shorter triggers inside it: the scanner
    takes "sales of" (revenue) where "sales" (sales growth) is meant for a percentage. The
    phrase's own metrics come first."""
    out: dict[str, list[str]] = {}
    for phrase, metrics in by_trigger.items():
        padded = f" {phrase} "
        inner = [m for other, ms in by_trigger.items() if other != phrase and f" {other} " in padded for m in ms]
        out[phrase] = list(dict.fromkeys([*metrics, *inner]))
    return out


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


class _Hits:
    """Trigger matches of one pattern over the whole text, sliced per span by bisect."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.hits = [(m.start(), m.end(), phrase_key(m.group(0))) for m in pattern.finditer(text)]
        self.starts = [h[0] for h in self.hits]

    def within(self, start: int, end: int) -> list[tuple[int, int, str]]:
        return [h for h in self.hits[bisect_left(self.starts, start):bisect_left(self.starts, end)] if h[1] <= end]


def extract_facts(ctx: DocContext, quantities: list[Quantity], vocab: Any,
                  explain: dict[str, dict[str, float]] | None = None) -> list[Fact]:
    """Facts of the document; with ``explain``, each fact's confidence features are put
    there under its id (what ``bench/train_confidence.py`` learns from)."""
    rules = fact_rules(vocab)
    model = load_model()
    holders = _Holders(load_ranker(), Counter(m.entity_id for m in ctx.mentions))
    q_starts = [q.start for q in quantities]
    coref = Coref(ctx, rules.raw)
    periods = PeriodFinder(ctx, rules.raw, [(q.start, q.end) for q in quantities])
    metric_hits = _Hits(rules.metric_triggers, ctx.text)
    stage_hits = _Hits(rules.stage_triggers, ctx.text)
    local = _LocalDollar(ctx, rules.raw.get("local_dollars") or {})
    facts: list[Fact] = []
    last_source: str | None = None  # how the last fact's holder was found
    for i, q in enumerate(quantities):
        sentence = ctx.sentence_at(q.start)
        segment = _segment(ctx.text, quantities, i, sentence)
        carried = _carried_metric(ctx, q, sentence, facts[-1] if facts else None, rules)
        bound = _bind(ctx, q, sentence, segment, rules, coref, periods, metric_hits, stage_hits, carried, holders)
        if bound is None:
            continue
        fact, evidence = bound
        respective = _respective_holder(ctx, quantities, i, sentence)
        if respective is not None and respective != fact.subject:
            fact = replace(fact, subject=respective)
            evidence = {**evidence, "source": "holder", "subject_kind": subject_kind(ctx, respective),
                        "reviewed": _reviewed(ctx, respective)}
        compared = None if evidence["source"] in OWN_HOLDER_SOURCES else _compared_with(
            ctx, q, facts[-1] if facts else None, fact, rules)
        if compared is None and evidence["source"] in FALLBACK_SOURCES and last_source not in FALLBACK_SOURCES:
            compared = _continued_from(ctx, q, facts[-1] if facts else None, fact)
        if compared is not None and compared != fact.subject:
            fact = replace(fact, subject=compared)
            evidence = {**evidence, "source": "comparison", "subject_kind": subject_kind(ctx, compared),
                        "reviewed": _reviewed(ctx, compared)}
        figures = bisect_left(q_starts, sentence[1]) - bisect_left(q_starts, sentence[0])
        features = fact_features(**{k: v for k, v in evidence.items() if not k.startswith("_")},
                                 figures_in_sentence=figures,
                                 sentence_chars=sentence[1] - sentence[0], qualifier=q.qualifier is not None,
                                 is_range=q.low is not None)
        if model is not None:
            fact = replace(fact, confidence=round(model.probability(features), 3))
        fact = local.apply(fact)
        if explain is not None:
            explain[fact.id] = features
            explain[fact.id + SUBJECT_CANDIDATES_SUFFIX] = {eid: f for eid, f in evidence_candidates(bound)}
        facts.append(fact)
        last_source = evidence["source"]
    return facts


def _respective_holder(ctx: DocContext, quantities: list[Quantity], i: int, sentence: tuple[int, int]) -> str | None:
    """"raise M&G and the FSDEA's stakes in Pensana to 13% and 23%, respectively": the k-th
    figure of a list closed by "respectively" belongs to the k-th of as many holders listed
    before it. None unless both lists are there and of one length."""
    text = ctx.text
    if "respectively" not in text[quantities[i].end:sentence[1]].lower():
        return None
    lo = hi = i
    while lo > 0 and quantities[lo - 1].start >= sentence[0] \
            and _FIGURE_JOIN.match(text[quantities[lo - 1].end:quantities[lo].start]):
        lo -= 1
    while hi + 1 < len(quantities) and quantities[hi + 1].end <= sentence[1] \
            and _FIGURE_JOIN.match(text[quantities[hi].end:quantities[hi + 1].start]):
        hi += 1
    n = hi - lo + 1
    if n < 2 or not _RESPECTIVELY_AFTER.match(text[quantities[hi].end:sentence[1]]):
        return None
    holders = [m for m in ctx.mentions_in(sentence[0], quantities[lo].start)
               if ctx.kind(m) in ORG_KINDS | COUNTRY_KINDS and m.start not in ctx.adjectival]
    for j in range(len(holders) - n, -1, -1):  # the list nearest the figures
        run = holders[j:j + n]
        if all(_HOLDER_JOIN.match(text[a.end:b.start]) for a, b in zip(run, run[1:])) \
                and len({m.entity_id for m in run}) == n:
            return run[i - lo].entity_id
    return None


class _LocalDollar:
    """'$1.25 billion' in an article about an Australian company is A$ unless the article
    writes Australian dollars explicitly somewhere (then its bare "$" means US$)."""

    def __init__(self, ctx: DocContext, table: Mapping[str, Any]) -> None:
        self.ctx = ctx
        self.currency_by_country = {
            country: str(spec["currency"]) for country, spec in table.items()
            if not any(marker in ctx.text for marker in spec.get("explicit") or [])}

    def apply(self, fact: Fact) -> Fact:
        if not self.currency_by_country or not fact.unit.startswith("USD") or not fact.value_text.startswith("$"):
            return fact
        subject = self.ctx.entity(fact.subject)
        country = fact.subject if self.ctx.kind_of(fact.subject) == "country" else (
            subject.country if subject is not None else None)
        local = self.currency_by_country.get(country or "")
        return replace(fact, unit=local + fact.unit[3:]) if local else fact


def _segment(text: str, quantities: list[Quantity], i: int, sentence: tuple[int, int]) -> tuple[int, int]:
    """The figure's own stretch of the sentence: between the coordinations ("and", a comma)
    that separate it from the previous and the next figure ("over 60% of global production
    and 85% of global refining")."""
    start, end = sentence
    if i > 0 and quantities[i - 1].end > start:
        start = _cut(text, quantities[i - 1].end, quantities[i].start)
    if i + 1 < len(quantities) and quantities[i + 1].start < end:
        end = _cut(text, quantities[i].end, quantities[i + 1].start)
    return start, end


def _cut(text: str, left: int, right: int) -> int:
    """Where the stretch between two figures divides: after its last coordination, else at the right figure."""
    last = None
    for last in _COORDINATION.finditer(text, left, right):
        pass
    return last.start() if last is not None else right


def _pick_metric(q: Quantity, hits: list[tuple[int, int, str]], rules: FactRules) -> tuple[str, str] | None:
    """(metric, trigger) nearest the figure whose unit kind fits, or None."""
    kind = unit_kind(q.unit)
    best: tuple[int, int, int, int] | None = None
    name = None
    for start, end, trigger in hits:
        gap = _gap((start, end), (q.start, q.end))
        if gap > rules.window:
            continue
        for rank, metric in enumerate(rules.metrics_by_trigger.get(trigger, [])):
            if kind not in rules.unit_kinds.get(metric, ()):
                continue
            if q.growth and rules.growth_metrics and metric not in rules.growth_metrics:
                continue
            key = (gap, -(end - start), 0 if start >= q.end else 1, rank)
            if best is None or key < best:
                best, name = key, (metric, trigger)
    return name


def _share_of_whole(text: str, q: Quantity, segment: tuple[int, int], rules: FactRules) -> tuple[str, str] | None:
    """A percentage right before "of" and a market-like whole ("15% of the domestic market"):
    a market share, whatever metric word stands nearer."""
    if rules.share_whole is None or unit_kind(q.unit) != "percent":
        return None
    m = rules.share_whole.match(text, q.end, segment[1])
    if m is None:
        return None
    return (SHARE_OF_WHOLE_METRIC, phrase_key(m.group(0))) if SHARE_OF_WHOLE_METRIC in rules.share_metrics else None


def _per_share(q: Quantity, hits: list[tuple[int, int, str]], rules: FactRules) -> Quantity:
    """'shares closed at $4.20': a small bare amount of money whose nearest fitting metric word is a
    share price's is a price per share (unit USD/share), not a sum."""
    if unit_kind(q.unit) != "currency" or q.value >= PER_SHARE_MAX or q.low is not None:
        return q
    per_share = replace(q, unit=f"{q.unit}/share")
    picked = _pick_metric(per_share, hits, rules)
    if picked is None or picked[0] not in rules.raw.get("per_share_metrics", ()):
        return q
    as_sum = _pick_metric(q, hits, rules)
    gap = lambda trigger: min(_gap((h[0], h[1]), (q.start, q.end)) for h in hits if h[2] == trigger)
    return per_share if as_sum is None or gap(picked[1]) < gap(as_sum[1]) else q


def _valued_thing(text: str, q: Quantity, hits: list[tuple[int, int, str]], clause_start: int,
                  rules: FactRules) -> tuple[str, str] | None:
    """The metric of what an amount linked by "worth" values: the nearest other fitting trigger
    before the link in the figure's clause ("exported ores worth $1 billion": exports), or before
    it in the sentence when the link follows a comma, in apposition to the thing before ("exported
    N tons of ore, worth $1 billion")."""
    link = max((h[0] for h in hits if h[2] in rules.value_links), default=None)
    if link is None:
        return None
    start = 0 if _APPOSITION.search(text, max(0, link - 3), link) else clause_start
    return _pick_metric(q, [h for h in hits if start <= h[0] and h[1] <= link and h[2] not in rules.value_links],
                        rules)


def _world_total(text: str, segment: tuple[int, int], cue: re.Pattern[str]) -> bool:
    """The figure's clause names a global quantity, not as the whole a share is of."""
    return any(not _OF_BEFORE.search(text, max(segment[0], m.start() - 8), m.start())
               for m in cue.finditer(text, segment[0], segment[1]))


def _world_named_at(text: str, q: Quantity, sentence: tuple[int, int], cue: re.Pattern[str]) -> bool:
    """A global quantity named right before the figure and linked to it ("world reserves of more
    than 90 million tonnes", "global output stood at 390,000 t"): the world's, whoever the
    sentence is about, even as the whole a share is of."""
    start = max(sentence[0], q.start - WORLD_LINK_CHARS)
    return any(_WORLD_LINK.match(text[m.end():q.start]) for m in cue.finditer(text, start, q.start))


def _carried_metric(ctx: DocContext, q: Quantity, sentence: tuple[int, int], last: Fact | None,
                    rules: FactRules) -> tuple[str, str] | None:
    """The metric a figure with no metric word of its own takes from the fact just before it
    in this or the previous sentence of the paragraph, when its sentence says it is a change
    or a comparison ("This represents an increase of 1,882%", "That compared to 5,994 tons"):
    the same metric for the same unit kind, its growth metric for a percentage."""
    if last is None:
        return None
    if last.sentence_start < ctx.paragraph_start(sentence[0]) and not _BACK_REFERENCE.match(ctx.text, sentence[0]):
        return None  # a new paragraph goes on from the figure before only by pointing back to it
    idx = ctx.sentence_index(sentence[0])
    if ctx.sentence_index(last.sentence_start) < idx - 1:
        return None
    if not rules.carry_cues.search(ctx.text, sentence[0], q.start):
        return None
    kind, last_kind = unit_kind(q.unit), unit_kind(last.unit)
    if kind == last_kind:
        return last.metric, CARRIED_TRIGGER
    growth = rules.growth_of.get(last.metric)
    if kind == "percent" and growth:
        return growth, CARRIED_TRIGGER
    if kind == "currency" and last.metric in rules.growth_metrics \
            and _CHANGE_OF.search(ctx.text, max(sentence[0], q.start - 40), q.start):
        return last.metric, CARRIED_TRIGGER  # "up 12%, an increase of 40 million yuan": the same change in money
    return None


def _compared_with(ctx: DocContext, q: Quantity, last: Fact | None, fact: Fact, rules: FactRules) -> str | None:
    """The holder of the figure this one is compared with, when it directly follows it in the same
    sentence behind a comparison word ("up from", "against", "compared with"), with the same metric
    and no other organisation or country named between the two."""
    if last is None or rules.comparison_cues is None or last.sentence_start != fact.sentence_start:
        return None
    if last.metric != fact.metric or unit_kind(last.unit) != unit_kind(fact.unit) or last.end > q.start:
        return None
    between = ctx.text[last.end:q.start]
    if len(between) > COMPARISON_GAP_CHARS or not rules.comparison_cues.search(between):
        return None
    if any(ctx.kind_of(m.entity_id) in ORG_KINDS | COUNTRY_KINDS for m in ctx.mentions_in(last.end, q.start)):
        return None
    return last.subject


def _continued_from(ctx: DocContext, q: Quantity, last: Fact | None, fact: Fact) -> str | None:
    """The holder of the figure before, in the same sentence and of the same metric, when this
    one's clause names none ("$80 million were shipped from Vietnam in 2022, $60 million in 2023"):
    the sentence goes on about the same holder, not the article's main company."""
    if last is None or last.sentence_start != fact.sentence_start or last.end > q.start:
        return None
    if unit_kind(last.unit) != unit_kind(fact.unit):
        return None
    if any(ctx.kind_of(m.entity_id) in ORG_KINDS | COUNTRY_KINDS and m.entity_id != last.subject
           for m in ctx.mentions_in(last.end, q.start)):
        return None
    return last.subject


@dataclass
class _Holders:
    """The subject ranker and the article's mention counts, shared by its figures."""

    ranker: Any
    counts: Counter


def evidence_candidates(bound: tuple[Fact, dict[str, Any]]) -> list[tuple[str, dict[str, float]]]:
    return bound[1].get("_candidates") or []


def _bind(ctx: DocContext, q: Quantity, sentence: tuple[int, int], segment: tuple[int, int], rules: FactRules,
          coref: Coref, periods: PeriodFinder, metric_hits: _Hits, stage_hits: _Hits,
          carried: tuple[str, str] | None = None,
          holders: _Holders | None = None) -> tuple[Fact, dict[str, Any]] | None:
    """The fact the figure states, with the evidence behind it, or None. ``carried`` is the
    metric taken from the previous figure when the figure's own sentence names none."""
    confidence = 1.0
    far = False
    near = (max(sentence[0], q.start - rules.window), min(sentence[1], q.end + rules.window))
    q = _per_share(q, metric_hits.within(*near), rules)
    picked = whole = _share_of_whole(ctx.text, q, segment, rules)
    if picked is None:
        picked = _pick_metric(q, metric_hits.within(max(segment[0], near[0]), min(segment[1], near[1])), rules)
        if picked is not None and picked[1] in rules.value_links:
            picked = _valued_thing(ctx.text, q, metric_hits.within(near[0], q.start), segment[0], rules) or picked
    if picked is None and unit_kind(q.unit) == "currency" and rules.built_thing is not None:
        m = rules.built_thing.match(ctx.text, q.end, segment[1])
        if m is not None:  # "the $90-million Example Hill mine": what building it costs
            picked = whole = (str(rules.raw["built_thing_metric"]), phrase_key(m.group(0).split()[-1]))
    if picked is None:
        picked = _pick_metric(q, metric_hits.within(*near), rules)
        confidence, far = CONFIDENCE_FAR_TRIGGER, True
    if picked is None:
        picked = carried
    if picked is None:
        return None
    metric, trigger = picked
    trigger_gap = min((_gap((h[0], h[1]), (q.start, q.end)) for h in metric_hits.within(*near) if h[2] == trigger),
                      default=0 if whole else rules.window)
    sign = -1.0 if trigger in rules.negative_triggers or (
        metric in rules.growth_metrics and _decrease(ctx.text, q, segment, rules)) else 1.0
    kinds = ORG_KINDS | COUNTRY_KINDS if metric in rules.country_metrics else ORG_KINDS
    subject = _material_subject(ctx, q, sentence) if metric in rules.material_metrics else None
    source, distance = ("material", -1) if subject else (None, -1)
    if subject is None and metric in rules.world_metrics and rules.world_total is not None \
            and _world_named_at(ctx.text, q, sentence, rules.world_total):
        subject, source = WORLD, "world"  # "out of world reserves of 90 million tonnes"
    if subject is None:
        subject, source, distance = coref.subject_with_source(q.start, q.end, sentence, segment, kinds,
                                                              public_money=trigger in rules.public_money)
    if subject is None and metric in rules.world_metrics and rules.world_total is not None \
            and _world_total(ctx.text, segment, rules.world_total):
        subject, source = WORLD, "world"  # "Global mine production reached 390,000 tonnes"
    if subject is None and unit_kind(q.unit) == "percent":
        subject = _origin_country(ctx, q, segment)  # "40% of the world's batteries are made in Korea"
        source = "trailing" if subject else None
    if subject is None and metric in rules.country_metrics and coref.country_focus is not None \
            and (coref.focus is None or metric in rules.national_metrics or trigger in rules.public_money
                 or any(h[2] in rules.public_money for h in metric_hits.within(*segment))
                 or (rules.national_scope is not None
                     and rules.national_scope.search(ctx.text, sentence[0], sentence[1]) is not None)):
        subject, source = coref.country_focus, "country_focus"  # "exported 5,792 tons" in an article about China
        confidence = min(confidence, CONFIDENCE_FALLBACK_SUBJECT)
    if subject is None and _listed_countries(ctx, (max(sentence[0], q.start - LISTED_COUNTRY_CHARS), q.start), kinds):
        return None  # "Nigeria and Thailand each rose to 13,000 tonnes": several holders, none chosen
    if subject is None:
        subject, source = coref.focus, "focus"  # the article's company, when its clause names no holder
        confidence = min(confidence, CONFIDENCE_FALLBACK_SUBJECT)
    candidates: list[tuple[str, dict[str, float]]] = []
    if holders is not None:
        candidates = candidate_features(
            ctx, coref, start=q.start, end=q.end, sentence=sentence, segment=segment, kinds=kinds,
            rule_pick=subject, rule_source=source, unit_kind=unit_kind(q.unit), metric=metric,
            growth=metric in rules.growth_metrics, share=metric in rules.share_metrics,
            mention_counts=holders.counts)
        if holders.ranker is not None:
            chosen = holders.ranker.choose(candidates, subject)
            if chosen is not None and chosen != subject:
                subject, source, distance = chosen, "ranker", -1
    if subject is None:
        return None
    evidence = {"source": source, "subject_kind": subject_kind(ctx, subject), "reviewed": _reviewed(ctx, subject),
                "unit_kind": unit_kind(q.unit), "metric": metric, "far_trigger": far or picked[1] == CARRIED_TRIGGER,
                "trigger_gap": trigger_gap, "subject_distance": distance,
                "candidates": _candidates(ctx, sentence, kinds),
                "growth_metric": metric in rules.growth_metrics, "share_metric": metric in rules.share_metrics,
                "_candidates": candidates}
    stage = _stage(q, segment, near, stage_hits, rules) if metric in rules.share_metrics else None
    fact = Fact(
        document_id=ctx.document_id, subject=subject, metric=metric, value=sign * q.value, unit=q.unit,
        value_text=q.text, start=q.start, end=q.end, sentence_start=sentence[0], sentence_end=sentence[1],
        quote=ctx.text[sentence[0]:sentence[1]], extractor=FACT_EXTRACTOR, qualifier=q.qualifier,
        low=_signed(q.low, sign), high=_signed(q.high, sign), basis=q.basis, period=periods.period_for(q.start, sentence, segment),
        material=_material(ctx, q, segment, rules), stage=stage,
        object=_share_object(ctx, q, segment) if metric in rules.share_metrics else None,
        confidence=confidence,
    )
    return fact, evidence


def _listed_countries(ctx: DocContext, before: tuple[int, int], kinds: frozenset[str]) -> bool:
    """Countries named ahead of the figure in its clause, not as a place ("in Angola") nor as an
    adjective: "Nigeria and Thailand each rose to 13,000 tonnes". The rules found no single
    holder among them, and filing the figure under the article's company would be wrong."""
    if "country" not in kinds:
        return False
    return any(ctx.kind(m) == "country" and m.start not in ctx.adjectival
               and not _PLACE_BEFORE.search(ctx.text, max(0, m.start - 40), m.start)
               and not LOCATIVE_BEFORE.search(ctx.text, max(0, m.start - 40), m.start)
               for m in ctx.mentions_in(*before))


def _reviewed(ctx: DocContext, entity_id: str) -> bool:
    ent = ctx.entity(entity_id)
    return ent is None or ent.reviewed


def _candidates(ctx: DocContext, sentence: tuple[int, int], kinds: frozenset[str]) -> int:
    """Distinct entities of the subject kinds named in the sentence (not as adjectives)."""
    return len({m.entity_id for m in ctx.mentions_in(*sentence)
                if ctx.kind(m) in kinds and m.start not in ctx.adjectival})


def _signed(value: float | None, sign: float) -> float | None:
    return None if value is None else sign * value


def _decrease(text: str, q: Quantity, segment: tuple[int, int], rules: FactRules) -> bool:
    """'dropped 24.09%', 'down 5%', 'a 5% decline': a change stated as a decrease."""
    before = text[max(segment[0], q.start - DIRECTION_WINDOW_CHARS):q.start]
    after = text[q.end:min(segment[1], q.end + DIRECTION_WINDOW_CHARS)]
    words_before = set(re.findall(r"[a-z]+", before.lower()))
    first_after = re.findall(r"[a-z]+", after.lower())[:2]
    return bool(words_before & rules.decrease_words) or bool(set(first_after) & rules.decrease_words)


def _origin_country(ctx: DocContext, q: Quantity, segment: tuple[int, int]) -> str | None:
    """The country a share of things is made in or comes from, named after it in its clause,
    for a share whose clause names no holder before it."""
    for m in ctx.mentions_in(q.end, segment[1]):
        if ctx.kind(m) == "country" and _ORIGIN_GAP.match(ctx.text, q.end, m.start):
            return m.entity_id
    return None


def _material_subject(ctx: DocContext, q: Quantity, sentence: tuple[int, int]) -> str | None:
    """'the price of dysprosium oxide at $260 per kg': the material named last before the price."""
    before = [m for m in ctx.mentions_in(sentence[0], q.start) if ctx.kind(m) in THING_KINDS]
    return before[-1].entity_id if before else None


def _stage(q: Quantity, segment: tuple[int, int], sentence: tuple[int, int], hits: _Hits,
           rules: FactRules) -> str | None:
    for span in (segment, sentence):
        found = hits.within(*span)
        if found:
            near = min(found, key=lambda h: (_gap((h[0], h[1]), (q.start, q.end)), h[0] < q.start))
            return rules.stage_by_trigger.get(near[2])
    return None


def _material(ctx: DocContext, q: Quantity, segment: tuple[int, int], rules: FactRules) -> str | None:
    end = min(segment[1], q.end + rules.material_window)
    for m in ctx.mentions_in(q.end, end):
        if ctx.kind(m) in THING_KINDS:
            return m.entity_id
    return None


def _share_object(ctx: DocContext, q: Quantity, segment: tuple[int, int]) -> str | None:
    """'24.5% of China's total exports' -> china: the whole the share is of."""
    for m in ctx.mentions_in(q.end, segment[1]):
        if ctx.kind(m) in PLACE_KINDS and re.search(r"\bof\s+(?:the\s+)?$", ctx.text[q.end:m.start]):
            return m.entity_id
    return None
