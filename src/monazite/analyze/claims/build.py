"""Claims: facts from several documents grouped by what they assert, judged for agreement.

A claim's key is (canonical subject, metric, period) plus stage, material, basis and unit
when set, so unlike tonnes (REO against metal) are never compared. Within a key, facts
are split into groups that agree (``agreement.cluster``):

- one group: ``corroborated`` when two or more independent sources state it,
  ``company-only`` when every statement is the company's own disclosure (its media, its
  parent's, state media, an earnings call), ``single-source`` otherwise;
- several groups from disjoint documents: ``conflicting``, each side with its sources;
- several groups where one document states more than one value (a list of projects,
  say): the groups are distinct items, each its own claim.

What makes two figures one claim is set out in ``identity``: the key also holds what a
share is "of" and, for money tied to a deal, the instrument; deals are split by their
counterparties. Values that differ where identity is not settled (no period on a
time-varying figure, a deal whose instrument or other party is unsaid) make an
``uncertain`` claim with its reason, never a conflict.

Independence: statements of one document count once (a report's figure in its prose and
again in its table is one source), a near-duplicate counts with its original, documents of one publisher
count once, documents quoting the same sentence or a light rewrite of it (one press
release rewritten by several outlets) count once, and the company's own channels count
once. Each claim names who reported it first. Claims are always rebuilt from facts,
never stored or edited, and their ids are hashed from their content.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from monazite.analyze.claims.agreement import MetricInfo, cluster, fact_interval, is_share, tolerance_for
from monazite.analyze.claims.identity import (
    DEAL,
    IdentityRules,
    Mention,
    counterparties,
    instrument_of,
    load_identity_rules,
    split_by_counterparty,
    uncertainty,
)
from monazite.analyze.queries import load_entities, load_facts
from monazite.model import PartialDate, content_id
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.corrections import canonical_map

__all__ = ["CLAIM_STATUSES", "Claim", "ClaimFact", "build_claims", "claims_from_store", "period_sort_key",
           "relaying_documents", "sentence_mentions"]

CLAIM_STATUSES = ("corroborated", "single-source", "company-only", "conflicting", "uncertain")
ORGANIZATION_KINDS = frozenset({"company", "state_body"})  # whose own statements are "disclosures"
# A document relaying the company's own media: its company figures are the company's disclosure.
RELAY_CUES = ("company disclosures", "company media", "state-owned company media", "state media",
              "earnings call", "media release", "press release", "company announcement", "investor call")
# A sentence in which the company itself reports the figure.
SELF_REPORT_CUES = re.compile(
    r"\b(announced|announces|reported|reports|reporting|disclosed|discloses|management claimed|"
    r"the company said|according to the company|earnings call)\b", re.IGNORECASE)
KEY_FIELDS = ("subject", "metric", "period", "stage", "material", "basis", "unit", "object", "instrument")
SCOPE_FIELDS = ("stage", "material", "basis", "object")  # what one statement of a figure may leave unsaid
REWRITE_SIMILARITY = 0.5  # word-trigram Jaccard at which two sentences are one text rewritten


@dataclass
class ClaimFact:
    """One document's statement within a claim, with everything needed to cite it."""

    fact_id: str
    document_id: str
    source: str
    source_kind: str
    disclosure: bool
    value: float
    unit: str
    value_text: str
    qualifier: str | None
    quote: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    published: str | None
    title: str | None
    review: str | None = None  # accepted | corrected when an analyst confirmed it (rejected ones never reach a claim)
    page: int | None = None  # the page the figure is printed on (paginated disclosures)
    cell: str | None = None  # "table:row:column" when the figure was read from a table

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = {k: d.pop(k) for k in ("start", "end", "sentence_start", "sentence_end")}
        return d


@dataclass
class Claim:
    """What several documents say about (subject, metric, period), and whether they agree."""

    id: str
    subject: str
    subject_name: str
    metric: str
    period: str | None
    unit: str
    status: str
    value: float
    low: float | None
    high: float | None
    facts: list[ClaimFact]
    sides: list[list[ClaimFact]] = field(default_factory=list)
    stage: str | None = None
    material: str | None = None
    basis: str | None = None
    independent_sources: int = 1
    object: str | None = None  # what a share is "of", or a figure's second entity
    instrument: str | None = None  # for deal money: loan, equity, grant...
    counterparties: list[str] = field(default_factory=list)
    counterparty_names: list[str] = field(default_factory=list)
    identity_note: str | None = None  # why an "uncertain" claim's figures may not be one quantity

    @property
    def first(self) -> ClaimFact:
        """The statement published first (undated ones last; ties by document id)."""
        return min(self.facts, key=lambda f: (f.published is None, f.published or "", f.document_id))

    @property
    def key(self) -> tuple[str, str, str | None]:
        return (self.subject, self.metric, self.period)

    @property
    def consistent(self) -> bool:
        return self.status != "conflicting"

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(f.source for f in self.facts))

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(f.document_id for f in self.facts))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "key": list(self.key), "subject": self.subject, "subject_name": self.subject_name,
            "metric": self.metric, "period": self.period, "stage": self.stage, "material": self.material,
            "basis": self.basis, "object": self.object, "instrument": self.instrument,
            "counterparties": self.counterparties, "counterparty_names": self.counterparty_names, "unit": self.unit, "status": self.status,
            "consistent": self.consistent, "identity_note": self.identity_note,
            "value": self.value, "low": self.low, "high": self.high,
            "independent_sources": self.independent_sources, "sources": self.sources,
            "first_reported": {k: getattr(self.first, k) for k in ("source", "document_id", "published", "fact_id")},
            "facts": [f.to_dict() for f in self.facts],
            "sides": [{"sources": list(dict.fromkeys(f.source for f in side)),
                       "facts": [f.to_dict() for f in side]} for side in self.sides],
        }


def claims_from_store(conn: Connection, settings: Settings, metrics: dict[str, MetricInfo]) -> list[Claim]:
    """Every claim in the knowledge base, rebuilt from its confirmed facts (confidence at or
    above ``settings.fact_confidence_threshold``; the rest are candidates, not claims)."""
    facts = load_facts(conn, min_confidence=settings.fact_confidence_threshold)
    entities = load_entities(conn)
    kinds = dict(zip(entities["id"], entities["kind"], strict=True))
    names = dict(zip(entities["id"], entities["name"], strict=True))
    relays = relaying_documents(conn, set(facts["document_id"]))
    return build_claims(facts, settings=settings, metrics=metrics, kinds=kinds, names=names, relays=relays,
                        mentions=sentence_mentions(conn, set(facts["document_id"])))


def sentence_mentions(conn: Connection, document_ids: set[str]) -> dict[str, list[Mention]]:
    """Entity mentions of each document (canonical ids), for finding a deal's counterparties."""
    if not document_ids:
        return {}
    canon = canonical_map(conn)
    m = t.mentions
    out: dict[str, list[Mention]] = {}
    query = sa.select(m.c.document_id, m.c.entity_id, m.c.start, m.c.end).where(
        m.c.document_id.in_(sorted(document_ids)))
    for r in conn.execute(query):
        out.setdefault(r.document_id, []).append(Mention(canon.get(r.entity_id, r.entity_id), r.start, r.end))
    return out


def relaying_documents(conn: Connection, document_ids: set[str]) -> set[str]:
    """Documents that say they relay the company's own media (``RELAY_CUES``)."""
    if not document_ids:
        return set()
    query = sa.select(t.documents.c.id, t.documents.c.text).where(t.documents.c.id.in_(sorted(document_ids)))
    return {r.id for r in conn.execute(query) if any(cue in r.text.casefold() for cue in RELAY_CUES)}


def build_claims(facts: pd.DataFrame, *, settings: Settings, metrics: dict[str, MetricInfo],
                 kinds: dict[str, str], names: dict[str, str], relays: set[str],
                 mentions: dict[str, list[Mention]] | None = None,
                 rules: IdentityRules | None = None) -> list[Claim]:
    """Group facts (a ``queries.load_facts`` frame) into judged claims, sorted by subject, metric, period.

    ``mentions`` (per document) lets deal money be split by counterparty; ``rules`` default
    to those in ``vocab/metrics.yaml``.
    """
    if facts.empty:
        return []
    rules = rules or load_identity_rules()
    mentions = mentions or {}
    records = [{k: _clean(v) for k, v in row.items()} for row in facts.to_dict("records")]
    for rec in records:
        rec.setdefault("object", None)
        deal = rules.kind(rec["metric"]) == DEAL
        rec["instrument"] = instrument_of(rec, rules) if deal else None
        rec["counterparties"] = (counterparties(rec, mentions.get(rec["document_id"], ()), kinds)
                                 if deal else frozenset())
    records = _fill_unstated(_fill_unstated(_one_figure_per_document(records), "material"), "instrument")
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for rec in records:
        groups.setdefault(tuple(rec[k] for k in KEY_FIELDS), []).append(rec)
    claims: list[Claim] = []
    for key, grouped in groups.items():
        metric, period, unit = key[1], key[2], key[6]
        kind = rules.kind(metric)
        tol, absolute = tolerance_for(metric, unit, settings, metrics)
        share = is_share(metric, unit, metrics)
        for members in (split_by_counterparty(grouped) if kind == DEAL else [grouped]):
            sides = cluster(members, tol, absolute, share)
            cited = [[_cite(f, kinds, relays) for f in side] for side in sides]
            if len(sides) > 1 and not _share_documents(sides):
                note = uncertainty(kind, members, period)
                status = "uncertain" if note else "conflicting"
                claims.append(_make(key, members, cited, status, tol, absolute, share, names, note))
                continue
            for side, side_cited in zip(sides, cited, strict=True):
                claims.append(_make(key, side, [side_cited], None, tol, absolute, share, names, None))
    return sorted(claims, key=lambda c: (c.subject, c.metric, c.period or "", c.stage or "",
                                         c.material or "", c.value))


def _one_figure_per_document(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A figure one document states twice, in its prose and again in a table, is one claim.

    The table often says more: its row "NdPr oxide" gives the material and basis that "NdPr
    oxide production reached 6,100 tonnes" leaves unsaid to the extractor. A statement leaving
    scope fields unsaid takes them from the one
    other statement of its document with the same subject, metric, period, unit and value
    whose fields it does not contradict. With two such candidates that differ it stays as it is.
    """
    by_figure: dict[tuple, list[dict[str, Any]]] = {}
    for rec in records:
        key = (rec["document_id"], rec["subject"], rec["metric"], rec["period"], rec["unit"], float(rec["value"]))
        by_figure.setdefault(key, []).append(rec)
    for group in (g for g in by_figure.values() if len(g) > 1):
        for rec in group:
            if all(rec[f] for f in SCOPE_FIELDS):
                continue
            fuller = {tuple(other[f] for f in SCOPE_FIELDS) for other in group
                      if other is not rec and all(not rec[f] or rec[f] == other[f] for f in SCOPE_FIELDS)
                      and any(not rec[f] and other[f] for f in SCOPE_FIELDS)}
            if len(fuller) == 1:
                for name, value in zip(SCOPE_FIELDS, next(iter(fuller)), strict=True):
                    if not rec[name] and value:
                        rec[name], rec[f"{name}_inferred"] = value, True
    return records


def _fill_unstated(records: list[dict[str, Any]], field_name: str) -> list[dict[str, Any]]:
    """A figure that leaves ``field_name`` unsaid joins the one value its key's other figures name.

    "China refines more than 85%" and "over 80% of global rare earth refining" are the
    same claim (material); "$400 million" and "a $400 million equity investment" likewise
    (instrument). When the other figures name several values, the unstated one stays apart.
    """
    rest = [k for k in KEY_FIELDS if k != field_name]
    named: dict[tuple, set[str]] = {}
    for rec in records:
        if rec[field_name]:
            named.setdefault(tuple(rec[k] for k in rest), set()).add(rec[field_name])
    for rec in records:
        options = named.get(tuple(rec[k] for k in rest), set())
        if not rec[field_name] and len(options) == 1:
            rec[field_name] = next(iter(options))
            rec[f"{field_name}_inferred"] = True
    return records


def _make(key: tuple, members: list[dict], cited: list[list[ClaimFact]], status: str | None, tol: float,
          absolute: bool, share: bool, names: dict[str, str], note: str | None) -> Claim:
    subject, metric, period, stage, material, basis, unit, obj, instrument = key
    flat = [f for side in cited for f in side]
    independent = _independent_count(members)
    if status is None:
        if all(f.disclosure for f in flat):
            status = "company-only"
        elif independent >= 2:
            status = "corroborated"
        else:
            status = "single-source"
    low, high, value = _summary(members, tol, absolute, share)
    parties = sorted(set().union(*(rec["counterparties"] for rec in members)))
    cid = content_id("claim", key[:7], sorted(f.fact_id for f in flat))
    return Claim(id=cid, subject=subject, subject_name=names.get(subject, subject), metric=metric,
                 period=period, unit=unit, status=status, value=value, low=low, high=high, facts=flat,
                 sides=cited if status in ("conflicting", "uncertain") else [], stage=stage, material=material,
                 basis=basis, independent_sources=independent, object=obj, instrument=instrument,
                 counterparties=parties, counterparty_names=[names.get(p, p) for p in parties],
                 identity_note=note)


def _cite(rec: dict[str, Any], kinds: dict[str, str], relays: set[str]) -> ClaimFact:
    return ClaimFact(
        fact_id=rec["id"], document_id=rec["document_id"], source=_source_label(rec),
        source_kind=rec.get("source_kind") or "unknown", disclosure=_is_disclosure(rec, kinds, relays),
        value=float(rec["value"]), unit=rec["unit"], value_text=rec["value_text"], qualifier=rec.get("qualifier"),
        quote=rec["quote"], start=int(rec["start"]), end=int(rec["end"]),
        sentence_start=int(rec["sentence_start"]), sentence_end=int(rec["sentence_end"]),
        published=rec.get("published"), title=rec.get("title"), review=rec.get("review"),
        page=_int_or_none(rec.get("page")), cell=rec.get("cell"))


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)


def _is_disclosure(rec: dict[str, Any], kinds: dict[str, str], relays: set[str]) -> bool:
    if rec.get("source_kind") == "company":
        return True
    if kinds.get(rec["subject"]) not in ORGANIZATION_KINDS:
        return False
    return rec["document_id"] in relays or bool(SELF_REPORT_CUES.search(rec["quote"]))


def _source_label(rec: dict[str, Any]) -> str:
    return rec.get("source_name") or rec.get("title") or rec.get("origin") or rec["document_id"]


def _independent_count(members: list[dict[str, Any]]) -> int:
    """How many independent sources stand behind the facts (union-find over documents)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    shingles = []
    for rec in members:
        doc = rec["document_id"]
        find(doc)
        union(doc, "doc:" + (rec.get("duplicate_of") or doc))
        if rec.get("source_name"):
            union(doc, "pub:" + _outlet_key(rec["source_name"]))
        if rec.get("source_kind") == "company":  # the company's own channels are one voice
            union(doc, "company:" + str(rec["subject"]))
        union(doc, "quote:" + " ".join(rec["quote"].casefold().split()))
        shingles.append((doc, _trigrams(rec["quote"])))
    for i, (doc_a, a) in enumerate(shingles):  # one press release rewritten by several outlets
        for doc_b, b in shingles[i + 1:]:
            if a and b and len(a & b) / len(a | b) >= REWRITE_SIMILARITY:
                union(doc_a, doc_b)
    docs = {rec["document_id"] for rec in members}
    return len({find(d) for d in docs})


def _outlet_key(name: str) -> str:
    """One key per outlet however its name is written: "The Strategic Metals Observer" and
    "Strategic Metals Observer" are one publisher, not two independent sources."""
    words = re.findall(r"\w+", name.casefold())
    return " ".join(words[1:] if words[:1] == ["the"] and len(words) > 1 else words)


def _trigrams(text: str) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return frozenset(zip(words, words[1:], words[2:], strict=False))


def _share_documents(sides: list[list[dict[str, Any]]]) -> bool:
    seen: set[str] = set()
    for side in sides:
        docs = {f["document_id"] for f in side}
        if docs & seen:
            return True
        seen |= docs
    return False


def _summary(members: list[dict], tol: float, absolute: bool, share: bool) -> tuple[float | None, float | None, float]:
    """The interval every agreeing statement allows, and the most precise stated value."""
    widths = []
    for f in members:
        tol_abs = tol if absolute else tol * abs(float(f["value"]))
        widths.append((fact_interval(f, tol_abs, share), f))
    low = max(i.low for i, _ in widths)
    high = min(i.high for i, _ in widths)
    if low > high:  # sides of a conflict: report the span of what was said
        low, high = min(i.low for i, _ in widths), max(i.high for i, _ in widths)
    best = min(widths, key=lambda p: (p[0].high - p[0].low, p[1]["document_id"]))[1]
    return (None if math.isinf(low) else low, None if math.isinf(high) else high, float(best["value"]))


def period_sort_key(period: str | None, published_sort: Any = None) -> str:
    """A sortable string for a claim's period, falling back to the document's publication date."""
    if period:
        try:
            d = PartialDate.parse(period).as_date()
            if d is not None:
                return d.isoformat()
        except ValueError:  # a period the extractor wrote in free form sorts by its document's date
            return str(published_sort) if published_sort else period
    return str(published_sort) if published_sort else ""


def _clean(v: Any) -> Any:
    if isinstance(v, float) and math.isnan(v):
        return None
    if v is pd.NaT:
        return None
    return v
