"""What the home page shows: latest documents and events, key indicators, dated export-control
measures, prices per material and market, conflicts, watchlist hits. Each block degrades to a
note when its data is missing, so a fresh knowledge base still renders a home page."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from monazite.analyze.market.concentration import market_shares
from monazite.analyze.market.controls import dated_controls
from monazite.analyze.market.prices import latest_prices
from monazite.deliver.web.app import WebState
from monazite.deliver.web.queries import list_documents, list_events
from monazite.errors import MonaziteError
from monazite.store import schema as t

__all__ = ["CONTROL_ROWS", "INDICATOR_STAGES", "PRICE_ROWS", "control_rows", "home_context", "price_rows"]

INDICATOR_STAGES = ("mining", "refining", "magnet")  # China's share is shown for these stages
HOME_ROWS = 8  # rows per block
CONTROL_ROWS = 8  # newest dated export-control measures on the card
PRICE_ROWS = 12  # most recent (material, market) prices on the card


def _china_shares(state: WebState) -> list[dict[str, Any]]:
    out = []
    for stage in INDICATOR_STAGES:
        try:
            res = state.memo.get(("shares", stage, None, None),
                                 lambda stage=stage: market_shares(stage, settings=state.settings))
        except MonaziteError as exc:
            out.append({"stage": stage, "share": None, "note": str(exc)})
            continue
        row = next((c for c in res.countries if c.get("country_id") == "china"), None)
        out.append({"stage": stage, "year": res.year, "share": row["share_pct"] if row else None,
                    "source": row["source"] if row else None, "note": None if row else "China not listed"})
    return out


def control_rows(state: WebState) -> dict[str, Any]:
    """The newest dated measures (reference list plus confirmed extracted events) and how many older ones."""
    try:
        measures = state.memo.get(("dated_controls",), lambda: dated_controls(state.engine, state.settings))
    except MonaziteError as exc:
        return {"rows": [], "older": 0, "note": str(exc)}
    return {"rows": [m.to_dict() for m in measures[:CONTROL_ROWS]], "older": max(len(measures) - CONTROL_ROWS, 0),
            "note": None}


def price_rows(state: WebState) -> list[dict[str, Any]]:
    """The latest confirmed price per material and market, grouped by material: the material
    with the most recent price first, its markets newest first."""
    with state.engine.connect() as conn:
        points = [p.to_dict() for p in latest_prices(conn, state.settings, limit=PRICE_ROWS)]
    order = {}
    for p in points:  # points come newest first; a material ranks by its newest price
        order.setdefault(p["material"], len(order))
    return sorted(points, key=lambda p: order[p["material"]])  # stable: markets keep newest-first order


def home_context(state: WebState) -> dict[str, Any]:
    with state.engine.connect() as conn:
        docs = list_documents(conn, limit=HOME_ROWS, offset=0).items
        events = list_events(conn, limit=HOME_ROWS, offset=0, newest="published",
                             min_confidence=state.settings.event_confidence_threshold).items
        w, a, d = t.watchlists, t.alerts, t.documents
        hits = [dict(r) for r in conn.execute(
            sa.select(w.c.name.label("watchlist"), a.c.reason, a.c.created_at, d.c.id.label("document_id"),
                      d.c.title).select_from(a.join(w, w.c.id == a.c.watchlist_id).join(d, d.c.id == a.c.document_id))
            .order_by(a.c.created_at.desc()).limit(HOME_ROWS)).mappings()]
    try:
        conflicts = state.memo.get(("claims", None, "conflicting", None),
                                   lambda: state.kb.claims(status="conflicting"))[:HOME_ROWS]
    except MonaziteError:
        conflicts = []
    return {"documents": docs, "events": events, "controls": control_rows(state), "prices": price_rows(state),
            "watch_hits": hits, "conflicts": [c.to_dict() for c in conflicts], "china_shares": _china_shares(state)}
