"""Announced capacity projects a scenario may count as cover for a shortfall.

Two origins: projects listed in the scenario assumptions (each tied to a company-facts row)
and capacity figures extracted from the news (``facts`` with metric ``capacity``; events of
type ``capacity_expansion`` that carry a tonnage and no capacity fact of their own). A
project counts as cover only when it can be expressed in tonnes of a scenario element, its
stage is known, and its country is not itself withholding that element at that stage. Every
project, counted or not, is listed with the reason and its source.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from monazite.analyze.market.concentration import market_shares
from monazite.analyze.market.reference import country_id, load_dataset
from monazite.analyze.scenarios.capacity import STAGES, CapacityInput, assumptions, world_mined
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.reviews import visible

if TYPE_CHECKING:  # pragma: no cover
    from monazite.analyze.scenarios.disruption import Restriction

__all__ = ["announced_capacity"]

TONNE_UNITS = {"t", "t/yr", "t/y", "tpa"}
REO_MATERIALS = {None, "", "rare-earths", "rare-earth", "rare-earth-oxide", "reo", "rare-earth-concentrate"}
REO_BASES = {None, "", "REO", "oxide"}
SCALED_STAGES = {"mining", "refining"}  # where an all-rare-earth tonnage can be split by ore composition


def _withheld(cid: str, stage: str, element: str, restrictions: Sequence[Restriction]) -> bool:
    return any(country_id(r.country) == cid and element in r.elements and r.stage in (None, stage)
               for r in restrictions)


def _reference_projects(year: int, elements: list[str], inputs: list[CapacityInput],
                        settings: Settings | None) -> list[dict[str, Any]]:
    out = []
    for p in assumptions().get("announced_capacity", []):
        wanted = [e for e in p["elements"] if e in elements]
        mined = {e: world_mined(inputs, e) for e in p["elements"]}
        total = sum(mined.values())
        url = str(load_dataset(p["dataset"], settings).frame.iloc[p["row"] - 2]["source_url"])
        for e in wanted:
            share = mined[e] / total if total else 1 / len(p["elements"])
            out.append({"label": p["label"], "country": p["country"], "stage": p["stage"], "element": e,
                        "tonnes": round(p["tonnes"] * share, 3), "online": p.get("online"),
                        "split": f"{share:.1%} of {p['tonnes']} t by world mined ratio (assumption)",
                        "source": {"dataset": p["dataset"], "row": p["row"], "url": url}})
    return out


def _store_projects(engine: Engine, year: int, elements: list[str], inputs: list[CapacityInput],
                    settings: Settings | None) -> list[dict[str, Any]]:
    shares = market_shares("mining", year=year, settings=settings)
    total_reo = sum(c["tonnes"] for c in shares.countries) + (shares.residual or {}).get("tonnes", 0.0)
    ent = t.entities.alias("subject_entity")
    query = (sa.select(t.facts, ent.c.kind.label("subject_kind"), ent.c.country.label("subject_country"),
                       ent.c.name.label("subject_name"))
             .select_from(t.facts.outerjoin(ent, ent.c.id == t.facts.c.subject))
             .where(t.facts.c.metric == "capacity", visible(t.facts))
             .order_by(t.facts.c.document_id, t.facts.c.start))
    out = []
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
        rows += _event_rows(conn, {(r["document_id"], r["sentence_start"]) for r in rows})
    for f in rows:
        cid = f["subject"] if f["subject_kind"] == "country" else f["subject_country"]
        base = {"label": f"{f['subject_name'] or f['subject']}: {f['value_text']}", "country": cid,
                "stage": f["stage"], "online": None,
                "source": {"document_id": f["document_id"], "start": f["start"], "end": f["end"],
                           "sentence_start": f["sentence_start"], "sentence_end": f["sentence_end"],
                           "quote": f["quote"]}}
        reason = None
        if f["unit"] not in TONNE_UNITS:
            reason = f"unit {f['unit']} is not tonnes"
        elif f["stage"] not in STAGES:
            reason = "stage not stated"
        elif cid is None:
            reason = "country of the company unknown"
        if reason is None and f["material"] in elements:
            out.append({**base, "element": f["material"], "tonnes": float(f["value"])})
            continue
        if reason is None and f["material"] in REO_MATERIALS and f["basis"] in REO_BASES \
                and f["stage"] in SCALED_STAGES and total_reo:
            for e in elements:
                share = world_mined(inputs, e) / total_reo
                out.append({**base, "element": e, "tonnes": round(float(f["value"]) * share, 3),
                            "split": f"{share:.4%} of {f['value']:,.0f} t REO by world mined composition"})
            continue
        out.append({**base, "element": f["material"], "tonnes": None, "counted": False,
                    "reason": reason or f"material {f['material']} / basis {f['basis']} not convertible "
                                        "to element tonnes"})
    return out


def _event_rows(conn: Connection, seen: set[tuple[str, int]]) -> list[dict[str, Any]]:
    """capacity_expansion events carrying a tonnage, shaped like capacity facts; an event whose
    sentence already gave a capacity fact is the same project and is skipped."""
    query = (sa.select(t.events).where(t.events.c.type == "capacity_expansion", visible(t.events))
             .order_by(t.events.c.document_id, t.events.c.start))
    out = []
    for e in conn.execute(query).mappings():
        attrs = e["attributes"] or {}
        if "capacity" not in attrs or (e["document_id"], e["sentence_start"]) in seen or not e["actors"]:
            continue
        actor = conn.execute(sa.select(t.entities.c.kind, t.entities.c.country, t.entities.c.name)
                             .where(t.entities.c.id == e["actors"][0])).first()
        materials = e["materials"] or [None]
        out.append({"document_id": e["document_id"], "subject": e["actors"][0], "value": float(attrs["capacity"]),
                    "value_text": f"{attrs['capacity']:g} {attrs.get('unit', '')}".strip(),
                    "unit": attrs.get("unit"), "basis": attrs.get("basis"), "material": materials[0],
                    "stage": attrs.get("stage"), "start": e["start"], "end": e["end"],
                    "sentence_start": e["sentence_start"], "sentence_end": e["sentence_end"], "quote": e["quote"],
                    "subject_kind": actor.kind if actor else None, "subject_country": actor.country if actor else None,
                    "subject_name": actor.name if actor else None})
    return out


def announced_capacity(year: int, elements: list[str], inputs: list[CapacityInput],
                       restrictions: Sequence[Restriction], engine: Engine | None = None,
                       settings: Settings | None = None) -> tuple[list[dict[str, Any]], list[CapacityInput]]:
    """(every announced project with whether it counts, capacity inputs of those that count)."""
    projects = _reference_projects(year, elements, inputs, settings)
    if engine is not None:
        projects += _store_projects(engine, year, elements, inputs, settings)
    cover = []
    for p in projects:
        if p.get("counted") is False:
            continue
        cid = country_id(p["country"])
        if _withheld(cid, p["stage"], p["element"], restrictions):
            p["counted"], p["reason"] = False, "in a country withholding this element at this stage"
            continue
        p["counted"] = True
        cover.append(CapacityInput(p["stage"], p["country"], cid, p["element"], p["tonnes"],
                                   f"announced: {p['label']}", (p["source"],), origin="addition"))
    return projects, cover
