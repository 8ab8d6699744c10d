"""Results of the heavier analyses (market shares, claims, dossiers) kept briefly per app.

An entry is keyed by what was asked and by the knowledge base's data version (row counts
of the tables those analyses read, and the latest ingest time), so an ingest or an
analyst's correction makes every older entry unreachable at once; a time limit and a
size cap bound the rest.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from monazite.store import schema as t

__all__ = ["MEMO_MAX_ENTRIES", "MEMO_TTL_S", "Memo"]

MEMO_TTL_S = 60.0  # an entry is recomputed after this long even if the data did not change
MEMO_MAX_ENTRIES = 256  # oldest entries go first beyond this
VERSION_RECHECK_S = 0.5  # the data version is read from the store at most this often

T = TypeVar("T")


class Memo:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}  # one computation per key at a time
        self._version: tuple = ()
        self._version_at = -VERSION_RECHECK_S

    def data_version(self) -> tuple:
        now = time.monotonic()
        if now - self._version_at < VERSION_RECHECK_S:
            return self._version
        counts = [sa.select(sa.func.count()).select_from(tbl).scalar_subquery()
                  for tbl in (t.documents, t.facts, t.events, t.entities, t.entity_aliases, t.corrections)]
        latest = sa.select(sa.func.max(t.documents.c.ingested_at)).scalar_subquery()
        reviewed = sa.select(sa.func.max(t.reviews.c.id)).scalar_subquery()  # a review decision changes answers
        with self.engine.connect() as conn:
            version = tuple(conn.execute(sa.select(*counts, latest, reviewed)).one())
        with self._lock:
            self._version, self._version_at = version, now
        return version

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``'s result for ``key`` at the current data version, computed at most once per TTL."""
        full_key = (key, self.data_version())
        hit = self._fresh(full_key)
        if hit is not None:
            return hit[1]
        with self._lock:
            gate = self._computing.setdefault(full_key, threading.Lock())
        with gate:  # concurrent requests for the same thing wait for the first one's answer
            hit = self._fresh(full_key)
            if hit is not None:
                return hit[1]
            try:
                value = compute()
                with self._lock:
                    self._entries[full_key] = (time.monotonic(), value)
                    while len(self._entries) > MEMO_MAX_ENTRIES:
                        self._entries.popitem(last=False)
            finally:  # a failed computation (e.g. an unknown name) must not leave its gate behind
                with self._lock:
                    self._computing.pop(full_key, None)
        return value

    def _fresh(self, full_key: Hashable) -> tuple[float, Any] | None:
        with self._lock:
            hit = self._entries.get(full_key)
            if hit is None or time.monotonic() - hit[0] >= MEMO_TTL_S:
                return None
            self._entries.move_to_end(full_key)
            return hit
