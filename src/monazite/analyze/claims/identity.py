"""Claim identity: whether two figures describe the same quantity.

Two figures are one claim only when subject, metric, period and scope (stage, material,
basis, unit, and what a share is "of") agree. Money tied to a deal needs more: the same
instrument (a loan is not an equity purchase) and the same counterparties (two funding
rounds from one investor into different companies are different deals). What a metric
needs is data in ``vocab/metrics.yaml``: ``identity: deal`` for money that belongs to a
transaction, ``identity: dated`` for figures that change with time and so need a period
before two different values can be called a conflict. The instrument words live in the
same file under ``instruments``.

Where identity is uncertain (a deal whose instrument or counterparty one source leaves
unsaid, a time-varying figure stated without a period) two different values are not
called a conflict: the claim says identity is uncertain, and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monazite.analyze.claims.agreement import metrics_yaml
from monazite.errors import VocabularyError

__all__ = [
    "DEAL", "DATED", "IdentityRules", "Mention", "counterparties", "instrument_of", "load_identity_rules",
    "split_by_counterparty", "uncertainty",
]

DEAL = "deal"
DATED = "dated"
INSTRUMENT_WINDOW = 70  # characters either side of a figure searched for its instrument
# Organisation kinds that can be a party to a deal (countries and places are scope, not parties).
PARTY_KINDS = frozenset({"company", "state_body", "agency", "research_institute", "university"})


@dataclass(frozen=True)
class IdentityRules:
    """Per-metric identity kinds and the instrument vocabulary, read from ``metrics.yaml``."""

    kinds: Mapping[str, str]  # metric -> "deal" | "dated" | "static"
    instruments: tuple[tuple[str, re.Pattern[str]], ...]  # (instrument, cue pattern), in file order

    def kind(self, metric: str) -> str:
        return self.kinds.get(metric, DATED)


@dataclass(frozen=True)
class Mention:
    """An organisation named in a document (canonical entity id and its span)."""

    entity_id: str
    start: int
    end: int


def load_identity_rules(path: Path | None = None) -> IdentityRules:
    """The identity rules from ``vocab/metrics.yaml`` (or ``path``)."""
    path, data = metrics_yaml(path)
    kinds: dict[str, str] = {}
    for item in data.get("metrics", []) or []:
        kind = item.get("identity", DATED) if isinstance(item, dict) else DATED
        if kind not in (DEAL, DATED, "static"):
            raise VocabularyError(f"{path}: metric {item.get('name')!r}: identity must be deal, dated or static")
        kinds[item["name"]] = kind
    instruments = []
    for name, cues in (data.get("instruments") or {}).items():
        if not isinstance(cues, list) or not cues:
            raise VocabularyError(f"{path}: instrument {name!r} needs a list of cue words")
        words = sorted((re.escape(str(c)).replace("\\ ", r"\s+") for c in cues), key=len, reverse=True)
        instruments.append((str(name), re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)))
    return IdentityRules(kinds=kinds, instruments=tuple(instruments))


def instrument_of(fact: Mapping[str, Any], rules: IdentityRules) -> str | None:
    """The instrument a money figure belongs to ("loan", "equity", "grant"...), or None when unsaid.

    Read from the figure's own sentence: the instrument cue nearest the figure within
    ``INSTRUMENT_WINDOW`` characters, never reaching past another figure's clause (a
    semicolon or the sentence end). A table figure's quote is its caption and headers, all of
    them about its one cell ("Funding (US$m) — Loan, 2024: 150"): the figure stands at its end.
    """
    quote = fact.get("quote") or ""
    if fact.get("cell"):
        rel_start = rel_end = len(quote)
    else:
        rel_start = int(fact["start"]) - int(fact["sentence_start"])
        rel_end = int(fact["end"]) - int(fact["sentence_start"])
    if not 0 <= rel_start <= rel_end <= len(quote):
        return None
    lo = max(0, rel_start - INSTRUMENT_WINDOW)
    hi = min(len(quote), rel_end + INSTRUMENT_WINDOW)
    left = quote[lo:rel_start]
    cut = left.rfind(";")
    if cut >= 0:
        lo += cut + 1
    right = quote[rel_end:hi]
    cut = right.find(";")
    if cut >= 0:
        hi = rel_end + cut
    best: tuple[int, str] | None = None
    for name, pattern in rules.instruments:
        for m in pattern.finditer(quote, lo, hi):
            distance = rel_start - m.end() if m.end() <= rel_start else max(0, m.start() - rel_end)
            if best is None or distance < best[0]:
                best = (distance, name)
    return best[1] if best else None


def counterparties(fact: Mapping[str, Any], mentions: Iterable[Mention], kinds: Mapping[str, str]) -> frozenset[str]:
    """Organisations named in the figure's sentence other than its subject: the deal's other parties."""
    lo, hi = int(fact["sentence_start"]), int(fact["sentence_end"])
    own = {fact.get("subject"), fact.get("raw_subject")}
    return frozenset(m.entity_id for m in mentions
                     if lo <= m.start and m.end <= hi and m.entity_id not in own
                     and kinds.get(m.entity_id) in PARTY_KINDS)


def split_by_counterparty(members: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Deal figures grouped into deals: figures whose named counterparties overlap are one deal.

    A figure that names no counterparty joins the single deal there is; when there are
    several it cannot be placed and stays with the first (``uncertainty`` then says so).
    """
    deals: list[tuple[set[str], list[dict[str, Any]]]] = []
    unplaced: list[dict[str, Any]] = []
    for rec in members:
        parties = set(rec.get("counterparties") or ())
        if not parties:
            unplaced.append(rec)
            continue
        hits = [d for d in deals if d[0] & parties]
        if not hits:
            deals.append((parties, [rec]))
            continue
        first = hits[0]
        first[0].update(parties)
        first[1].append(rec)
        for other in hits[1:]:  # a figure naming parties of two deals joins them
            first[0].update(other[0])
            first[1].extend(other[1])
            deals.remove(other)
    if not deals:
        return [unplaced]
    groups = [d[1] for d in deals]
    groups[0].extend(unplaced)
    return groups


def uncertainty(kind: str, members: list[dict[str, Any]], period: str | None) -> str | None:
    """Why figures that disagree may not be the same quantity, or None when identity is settled."""
    if kind == DEAL:
        if any(not rec.get("instrument") or rec.get("instrument_inferred") for rec in members):
            return "the instrument (loan, equity, grant...) is not stated for every figure"
        parties = [set(rec.get("counterparties") or ()) for rec in members]
        if any(not p for p in parties):
            return "not every figure names the deal's other party"
        return None
    if kind == DATED and not period:
        return "no period is stated: the figures may be for different dates"
    return None
