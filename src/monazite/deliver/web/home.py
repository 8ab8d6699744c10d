"""What the home page shows: latest documents and events, key indicators, conflicts,
watchlist hits. Each block degrades to a note when its data is missing, so a fresh
knowledge base still renders a home page."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from monazite.analyze.market.concentration import market_shares
from monazite.deliver.web.app import WebState
from monazite.deliver.web.queries import list_documents, list_events, list_facts
from monazite.errors import MonaziteError
from monazite.store import schema as t

__all__ = ["INDICATOR_STAGES", "home_context"]

INDICATOR_STAGES = ("mining", "refining", "magnet")  # China's share is shown for these stages
HOME_ROWS = 8  # rows per block


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


def home_context(state: WebState) -> dict[str, Any]:
    with state.engine.connect() as conn:
        docs = list_documents(conn, limit=HOME_ROWS, offset=0).items
        events = list_events(conn, limit=HOME_ROWS, offset=0).items
        controls = list_events(conn, limit=HOME_ROWS, offset=0, type="export_control").items
        prices = list_facts(conn, limit=HOME_ROWS, offset=0, metric="price").items
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
    return {"documents": docs, "events": events, "controls": controls, "prices": prices, "watch_hits": hits,
            "conflicts": [c.to_dict() for c in conflicts], "china_shares": _china_shares(state)}
