"""Watchlists and alerts as Rich tables for the terminal (the JSON form is the store's dicts)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from monazite.store.watchlists import Watchlist

__all__ = ["alerts_table", "describe_query", "watchlists_table"]


def describe_query(wl: Watchlist) -> str:
    """One line naming everything a watchlist follows."""
    q = wl.query
    parts = [*(f"entity {e}" for e in q.entities), *(f"element {e}" for e in q.elements),
             *(f"event {e}" for e in q.event_types), *(f"keyword '{k}'" for k in q.keywords)]
    if q.min_date:
        parts.append(f"from {q.min_date}")
    return "; ".join(parts)


def watchlists_table(watchlists: list[Watchlist], alert_counts: dict[str, int]) -> Table:
    table = Table("Name", "Follows", "Alerts", "Created", title=f"{len(watchlists)} watchlists")
    for wl in watchlists:
        table.add_row(wl.name, describe_query(wl), str(alert_counts.get(wl.name, 0)),
                      wl.created_at.isoformat(timespec="seconds") if wl.created_at else "")
    return table


def alerts_table(alerts: list[dict[str, Any]]) -> Table:
    table = Table("Watchlist", "Document", "Title", "Published", "Reason", title=f"{len(alerts)} alerts")
    for a in alerts:
        table.add_row(a["watchlist"], a["document_id"], a["title"] or "", a["published"] or "", a["reason"])
    return table
