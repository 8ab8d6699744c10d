"""The Python face of the knowledge base: facts, claims, events, entities and dossiers.

Example (after ``monazite ingest ../shared/seeds --db monazite.db``)::

    >>> from monazite import KnowledgeBase
    >>> kb = KnowledgeBase("monazite.db")
    >>> kb.facts(entity="CNRE", metric="capacity")[["value", "unit", "quote"]]   # doctest: +SKIP
    >>> [c.status for c in kb.claims(entity="Baogang")]                          # doctest: +SKIP
    ['company-only', 'company-only']
    >>> kb.dossier("China Northern Rare Earth").to_dict()["identity"]["parent"]  # doctest: +SKIP
    {'id': 'baogang-group', 'name': 'Baogang Group'}

Everything returned is a pandas DataFrame or a plain dataclass; every figure carries
its document id, character span and sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from monazite.analyze.claims.agreement import MetricInfo, load_metric_info
from monazite.analyze.claims.build import CLAIM_STATUSES, Claim, claims_from_store
from monazite.analyze.claims.dossier import Dossier, build_dossier
from monazite.analyze.claims.graph import build_graph, rebuild_relations, sync_vocab_relations
from monazite.analyze.claims.review_queue import QueueItem, review_queue
from monazite.analyze.queries import load_aliases, load_documents, load_entities, load_events, load_facts, load_relations
from monazite.errors import NotFound
from monazite.model import Entity
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.corrections import apply_corrections, record_alias, record_merge, resolve_entity
from monazite.store.engine import open_store
from monazite.store.reviews import Review, apply_reviews, find_record, list_reviews, record_review

__all__ = ["KnowledgeBase", "refresh_knowledge"]


class KnowledgeBase:
    """Read (and correct) a monazite knowledge base.

    ``db`` is a SQLite path (``"monazite.db"``) or a database URL
    (``"postgresql://user@host/db"``); the schema is migrated to the latest revision
    on open. ``settings`` supplies the agreement tolerances (defaults otherwise).
    """

    def __init__(self, db: str, settings: Settings | None = None) -> None:
        self.settings = (settings or Settings()).with_overrides(db=db)
        self.engine: Engine = open_store(db)
        self._metrics: dict[str, MetricInfo] | None = None

    @property
    def metric_info(self) -> dict[str, MetricInfo]:
        if self._metrics is None:
            self._metrics = load_metric_info()
        return self._metrics

    def facts(self, entity: str | None = None, metric: str | None = None, period: str | None = None,
              confirmed_only: bool = False, include_rejected: bool = False) -> pd.DataFrame:
        """One row per extracted figure, with its quote, span, source and ``confirmed``: whether
        its confidence reaches ``fact_confidence_threshold`` or an analyst accepted or corrected
        it (unconfirmed ones are candidates that claims and dossiers leave out).
        ``confirmed_only`` drops the candidates; rejected figures appear only with
        ``include_rejected``; ``review`` says what an analyst decided.

        >>> kb.facts(entity="China", metric="market_share")[["value", "qualifier", "stage", "quote"]]  # doctest: +SKIP
        """
        with self.engine.connect() as conn:
            eid = resolve_entity(conn, entity) if entity else None
            frame = load_facts(conn, include_rejected=include_rejected)
        frame["confirmed"] = ((frame["confidence"].astype(float) >= self.settings.fact_confidence_threshold)
                              | frame["review"].isin(["accepted", "corrected"]))
        if confirmed_only:
            frame = frame[frame["confirmed"]]
        if eid:  # figures about the entity, or (for an element or material) figures of it
            frame = frame[(frame["subject"] == eid) | (frame["material"] == eid)]
        if metric:
            frame = frame[frame["metric"] == metric]
        if period:
            frame = frame[frame["period"].fillna("").str.startswith(period)]
        return frame.reset_index(drop=True)

    def claims(self, entity: str | None = None, status: str | None = None,
               metric: str | None = None) -> list[Claim]:
        """Facts grouped into claims and judged: corroborated, single-source, company-only or conflicting.

        >>> for c in kb.claims(status="conflicting"):                       # doctest: +SKIP
        ...     print(c.subject_name, c.metric, c.period, [s["sources"] for s in c.to_dict()["sides"]])
        """
        if status is not None and status not in CLAIM_STATUSES:
            raise NotFound(f"unknown claim status {status!r}; one of {', '.join(CLAIM_STATUSES)}")
        with self.engine.connect() as conn:
            eid = resolve_entity(conn, entity) if entity else None
            claims = claims_from_store(conn, self.settings, self.metric_info)
        return [c for c in claims
                if (eid is None or eid in (c.subject, c.material))
                and (status is None or c.status == status) and (metric is None or c.metric == metric)]

    def events(self, type: str | None = None, entity: str | None = None,  # noqa: A002 - contract name
               include_rejected: bool = False) -> pd.DataFrame:
        """Events (export controls, expansions, partnerships...) with actors as canonical ids.

        >>> kb.events(type="export_control")[["date", "actors", "materials", "quote"]]  # doctest: +SKIP
        """
        with self.engine.connect() as conn:
            eid = resolve_entity(conn, entity) if entity else None
            frame = load_events(conn, include_rejected=include_rejected)
        if type:
            frame = frame[frame["type"] == type]
        if eid:
            frame = frame[frame["actors"].map(lambda a: eid in a) | frame["materials"].map(lambda m: eid in m)]
        return frame.reset_index(drop=True)

    def entities(self, kind: str | None = None) -> pd.DataFrame:
        """Entities that have not been merged away (``kind`` filters: company, country, element...)."""
        with self.engine.connect() as conn:
            frame = load_entities(conn)
        frame = frame[frame["merged_into"].isna()]
        if kind:
            frame = frame[frame["kind"] == kind]
        return frame.reset_index(drop=True)

    def entity(self, name: str) -> Entity:
        """The entity a name, alias, ticker or id stands for; raises ``NotFound``.

        >>> kb.entity("SSE: 600111").name                                    # doctest: +SKIP
        'China Northern Rare Earth'
        """
        with self.engine.connect() as conn:
            eid = resolve_entity(conn, name)
            row = conn.execute(sa.select(t.entities).where(t.entities.c.id == eid)).mappings().one()
            merged = load_entities(conn)
            ids = merged.loc[merged["canonical"] == eid, "id"].tolist()
            aliases = sorted({a["alias"] for a in load_aliases(conn, ids)} - {row["name"]}, key=str.casefold)
        return Entity(id=row["id"], name=row["name"], kind=row["kind"], aliases=aliases,
                      tickers=list(row["tickers"] or []), country=row["country"], parent=row["parent"],
                      reviewed=bool(row["reviewed"]), attributes=dict(row["attributes"] or {}))

    def dossier(self, name: str, include_related: bool = True) -> Dossier:
        """Everything known about one organisation, country or element.

        >>> d = kb.dossier("CNRE")                                           # doctest: +SKIP
        >>> [p["project"] for p in d.to_dict()["projects"]]                  # doctest: +SKIP
        >>> print(d.to_markdown())                                           # doctest: +SKIP
        """
        with self.engine.connect() as conn:
            return build_dossier(conn, name, settings=self.settings, metrics=self.metric_info,
                                 include_related=include_related)

    def merge(self, a: str, b: str) -> tuple[str, str]:
        """Merge entity ``b`` into ``a`` (an analyst's correction, kept across re-ingest).

        >>> kb.merge("Baogang Group", "Inner Mongolia Baotou Steel Union")   # doctest: +SKIP
        ('baogang-group', 'inner-mongolia-baotou-steel-union')
        """
        with self.engine.begin() as conn:
            ids = record_merge(conn, a, b)
            rebuild_relations(conn)
        return ids

    def add_alias(self, name: str, alias: str) -> str:
        """Teach another name for an entity; every later query and extraction lookup uses it."""
        with self.engine.begin() as conn:
            return record_alias(conn, name, alias)

    def review_queue(self, limit: int | None = 50) -> list[QueueItem]:
        """What most needs a human, most pressing first (``analyze.claims.review_queue``)."""
        with self.engine.connect() as conn:
            return review_queue(conn, self.settings, self.metric_info, limit=limit)

    def review(self, record_id: str, decision: str, *, reviewer: str, changes: dict[str, Any] | None = None,
               note: str | None = None) -> Review:
        """Record an analyst's decision on a fact, event or entity: accept, reject or correct.

        >>> kb.review("fact_3f2a...", "correct", reviewer="ana", changes={"value": 45000})  # doctest: +SKIP
        """
        with self.engine.begin() as conn:
            return record_review(conn, record_id, decision, reviewer=reviewer, changes=changes, note=note)

    def reviews(self, record_id: str | None = None) -> list[Review]:
        """Every decision, oldest first (or those on one record)."""
        with self.engine.connect() as conn:
            if record_id is not None:
                record_id = find_record(conn, record_id)[1]["id"]
            return list_reviews(conn, record_id=record_id)

    def refresh(self, vocab_relations: Iterable[tuple[str, str, str]] | None = None) -> int:
        """Re-apply analysts' corrections and rebuild relations from events (and the vocabulary's, when given)."""
        with self.engine.begin() as conn:
            if vocab_relations is not None:
                sync_vocab_relations(conn, vocab_relations)
            return refresh_knowledge(conn)

    def graph(self) -> nx.MultiDiGraph:
        """The entity graph (parent_of, partner, joint_venture, customer_of... edges)."""
        with self.engine.connect() as conn:
            return build_graph(conn)

    def relations(self) -> pd.DataFrame:
        with self.engine.connect() as conn:
            return load_relations(conn)

    def documents(self) -> pd.DataFrame:
        with self.engine.connect() as conn:
            return load_documents(conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> KnowledgeBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def refresh_knowledge(conn: sa.Connection) -> int:
    """After an ingest batch: re-apply analysts' corrections and review decisions, then rebuild
    relations from events.

    The ingest pipeline calls this once per batch (inside one transaction), so merges and
    aliases survive the vocabulary sync and re-extraction the batch performed. Returns
    the number of extracted relations.
    """
    apply_corrections(conn)
    apply_reviews(conn)
    return rebuild_relations(conn)
