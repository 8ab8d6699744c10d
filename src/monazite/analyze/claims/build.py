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

Independence: a near-duplicate counts with its original, documents of one publisher
count once, and documents quoting the identical sentence count once. Claims are always
rebuilt from facts, never stored or edited, and their ids are hashed from their content.
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
from monazite.analyze.queries import load_entities, load_facts
from monazite.model import PartialDate, content_id
from monazite.settings import Settings
from monazite.store import schema as t

__all__ = ["CLAIM_STATUSES", "Claim", "ClaimFact", "build_claims", "claims_from_store", "period_sort_key",
           "relaying_documents"]

CLAIM_STATUSES = ("corroborated", "single-source", "company-only", "conflicting")
ORGANIZATION_KINDS = frozenset({"company", "state_body"})  # whose own statements are "disclosures"
# A document relaying the company's own media: its company figures are the company's disclosure.
RELAY_CUES = ("company disclosures", "company media", "state-owned company media", "state media",
              "earnings call", "media release", "press release", "company announcement", "investor call")
# A sentence in which the company itself reports the figure.
SELF_REPORT_CUES = re.compile(
    r"\b(announced|announces|reported|reports|reporting|disclosed|discloses|management claimed|"
    r"the company said|according to the company|earnings call)\b", re.IGNORECASE)
KEY_FIELDS = ("subject", "metric", "period", "stage", "material", "basis", "unit")


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
            "basis": self.basis, "unit": self.unit, "status": self.status, "consistent": self.consistent,
            "value": self.value, "low": self.low, "high": self.high,
            "independent_sources": self.independent_sources, "sources": self.sources,
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
    return build_claims(facts, settings=settings, metrics=metrics, kinds=kinds, names=names, relays=relays)


def relaying_documents(conn: Connection, document_ids: set[str]) -> set[str]:
    """Documents that say they relay the company's own media (``RELAY_CUES``)."""
    if not document_ids:
        return set()
    query = sa.select(t.documents.c.id, t.documents.c.text).where(t.documents.c.id.in_(sorted(document_ids)))
    return {r.id for r in conn.execute(query) if any(cue in r.text.casefold() for cue in RELAY_CUES)}


def build_claims(facts: pd.DataFrame, *, settings: Settings, metrics: dict[str, MetricInfo],
                 kinds: dict[str, str], names: dict[str, str], relays: set[str]) -> list[Claim]:
    """Group facts (a ``queries.load_facts`` frame) into judged claims, sorted by subject, metric, period."""
    if facts.empty:
        return []
    records = _fill_unstated_material([{k: _clean(v) for k, v in row.items()} for row in facts.to_dict("records")])
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for rec in records:
        groups.setdefault(tuple(rec[k] for k in KEY_FIELDS), []).append(rec)
    claims: list[Claim] = []
    for key, members in groups.items():
        subject, metric, _period, _stage, _material, _basis, unit = key
        tol, absolute = tolerance_for(metric, unit, settings, metrics)
        share = is_share(metric, unit, metrics)
        sides = cluster(members, tol, absolute, share)
        cited = [[_cite(f, kinds, relays) for f in side] for side in sides]
        if len(sides) > 1 and not _share_documents(sides):
            claims.append(_make(key, members, cited, "conflicting", tol, absolute, share, names))
            continue
        for side, side_cited in zip(sides, cited, strict=True):
            claims.append(_make(key, side, [side_cited], None, tol, absolute, share, names))
    return sorted(claims, key=lambda c: (c.subject, c.metric, c.period or "", c.stage or "",
                                         c.material or "", c.value))


def _fill_unstated_material(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A figure that names no material joins the one material its key's other figures name.

    "China refines more than 85%" and "over 80% of global rare earth refining" are the
    same claim; when the other figures name several materials, the unstated one stays apart.
    """
    named: dict[tuple, set[str]] = {}
    for rec in records:
        if rec["material"]:
            named.setdefault(tuple(rec[k] for k in KEY_FIELDS if k != "material"), set()).add(rec["material"])
    for rec in records:
        options = named.get(tuple(rec[k] for k in KEY_FIELDS if k != "material"), set())
        if not rec["material"] and len(options) == 1:
            rec["material"] = next(iter(options))
    return records


def _make(key: tuple, members: list[dict], cited: list[list[ClaimFact]], status: str | None, tol: float,
          absolute: bool, share: bool, names: dict[str, str]) -> Claim:
    subject, metric, period, stage, material, basis, unit = key
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
    cid = content_id("claim", key, sorted(f.fact_id for f in flat))
    return Claim(id=cid, subject=subject, subject_name=names.get(subject, subject), metric=metric,
                 period=period, unit=unit, status=status, value=value, low=low, high=high, facts=flat,
                 sides=cited if status == "conflicting" else [], stage=stage, material=material, basis=basis,
                 independent_sources=independent)


def _cite(rec: dict[str, Any], kinds: dict[str, str], relays: set[str]) -> ClaimFact:
    return ClaimFact(
        fact_id=rec["id"], document_id=rec["document_id"], source=_source_label(rec),
        source_kind=rec.get("source_kind") or "unknown", disclosure=_is_disclosure(rec, kinds, relays),
        value=float(rec["value"]), unit=rec["unit"], value_text=rec["value_text"], qualifier=rec.get("qualifier"),
        quote=rec["quote"], start=int(rec["start"]), end=int(rec["end"]),
        sentence_start=int(rec["sentence_start"]), sentence_end=int(rec["sentence_end"]),
        published=rec.get("published"), title=rec.get("title"))


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

    for rec in members:
        doc = rec["document_id"]
        find(doc)
        union(doc, "doc:" + (rec.get("duplicate_of") or doc))
        if rec.get("source_name"):
            union(doc, "pub:" + rec["source_name"].casefold())
        union(doc, "quote:" + " ".join(rec["quote"].casefold().split()))
    docs = {rec["document_id"] for rec in members}
    return len({find(d) for d in docs})


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
