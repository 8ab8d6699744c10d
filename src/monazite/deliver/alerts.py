"""Watchlists, alerts and the delivery outbox as Rich tables for the terminal (the JSON form is the store's dicts)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from monazite.store.watchlists import Watchlist

__all__ = ["alerts_table", "deliveries_table", "describe_query", "watchlists_table"]


def describe_query(wl: Watchlist) -> str:
    """One line naming everything a watchlist follows, its conditions and where hits go."""
    q = wl.query
    parts = [*(f"entity {e}" for e in q.entities), *(f"element {e}" for e in q.elements),
             *(f"event {e}" for e in q.event_types), *(f"keyword '{k}'" for k in q.keywords)]
    if q.match == "all" and len(parts) > 1:
        parts = [" and ".join(parts)]
    parts += [*(f"threshold {th}" for th in q.thresholds), *(f"claim becomes {s}" for s in q.claim_statuses)]
    if q.min_date:
        parts.append(f"from {q.min_date}")
    parts += [f"{c['channel']} {c['target']}" for c in wl.channels]
    return "; ".join(parts)


def watchlists_table(watchlists: list[Watchlist], alert_counts: dict[str, int]) -> Table:
    table = Table("Name", "Priority", "Follows", "Alerts", "Created", title=f"{len(watchlists)} watchlists")
    for wl in watchlists:
        table.add_row(wl.name, wl.priority, describe_query(wl), str(alert_counts.get(wl.name, 0)),
                      wl.created_at.isoformat(timespec="seconds") if wl.created_at else "")
    return table


def alerts_table(alerts: list[dict[str, Any]]) -> Table:
    table = Table("Priority", "Watchlist", "Kind", "Document", "Title", "Published", "Reason",
                  title=f"{len(alerts)} alerts, what matters first")
    for a in alerts:
        score = f" {a['score']:.3g}" if "score" in a else ""
        table.add_row(f"{a.get('priority', 'normal')}{score}", a["watchlist"], a.get("kind", "match"),
                      a["document_id"], a["title"] or "", a["published"] or "", a["reason"])
    return table


def deliveries_table(deliveries: list[dict[str, Any]]) -> Table:
    table = Table("Id", "Status", "Priority", "Watchlist", "Channel", "Target", "Attempts", "Next attempt",
                  "Last error", title=f"{len(deliveries)} deliveries")
    for d in deliveries:
        nxt = d["next_attempt_at"].isoformat(timespec="seconds") if d["status"] in ("pending", "sending") else ""
        table.add_row(str(d["id"]), d["status"], f"{d['priority']} {d['score']:.3g}", d["watchlist"], d["channel"],
                      d["target"], str(d["attempts"]), nxt, d["last_error"] or "")
    return table
