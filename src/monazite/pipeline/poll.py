"""Polling the feeds registry: every due feed fetched once, its new items ingested once.

A feed that is down, slow, malformed or hostile becomes a failed outcome in the report, a
failed line in the ingest log, its error and a later due time (doubling per consecutive
failure) in the store, and the poll goes on with the next feed. Two polls running at once split the due feeds between them (each feed
is claimed before it is fetched); even when both fetch one feed (``force``), an item is
remembered once (``feed_items``' key) and its text stored once (the document dedup).
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from monazite.errors import IngestError, MonaziteError
from monazite.ingest.feed_keys import item_key
from monazite.ingest.feeds import FeedItem, parse_feed
from monazite.ingest.fetcher import Fetcher, HttpStatusError
from monazite.ingest.parse import parse_feed_item
from monazite.ingest.sources import RawInput
from monazite.model import Document
from monazite.pipeline.local import handle_parsed
from monazite.pipeline.report import IngestOutcome, IngestReport
from monazite.pipeline.schedule import backoff_s, feed_schedule
from monazite.pipeline.stages import dedup_stage, extract_stage, finish_batch, load_vocab, prepare_store
from monazite.settings import Settings
from monazite.store.corrections import with_store_aliases
from monazite.store.documents import log_ingest
from monazite.store.engine import open_store
from monazite.store.feeds import (
    Feed, claim_due, due_feeds, get_feed, list_feeds, mark_seen, next_due, record_failure, record_success, seen_keys,
)

__all__ = ["FEED_STATUSES", "FeedOutcome", "PollReport", "Poller", "run_poll"]

FEED_STATUSES = ("ok", "not_modified", "failed")
CLAIM_LEASE_S = 900  # a claimed feed whose poll crashed falls due again after this
FELL_BACK = "feed_link_unreachable"  # the repair parse_feed_item notes when it kept a summary


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class FeedOutcome:
    """What one poll did with one feed."""

    feed: str
    url: str
    status: str = "ok"  # ok, not_modified, failed
    http_status: int | None = None
    reason: str | None = None  # why it failed
    items: int = 0  # items in the feed as fetched
    new_items: int = 0  # items this poll saw first (and remembered)
    documents: list[str] = field(default_factory=list)  # documents stored from this feed's new items
    duplicates: int = 0  # new items whose text was already stored
    item_failures: list[dict[str, str]] = field(default_factory=list)  # {origin, reason}
    summaries_kept: list[dict[str, str]] = field(default_factory=list)  # {link, reason}: page not fetched
    attempts: int = 0
    elapsed_s: float = 0.0
    next_due_at: dt.datetime | None = None
    retry_pending: bool = False  # an item left unremembered for the next poll: keep the old validators

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["elapsed_s"] = round(self.elapsed_s, 3)
        data["next_due_at"] = self.next_due_at.isoformat(timespec="seconds") if self.next_due_at else None
        return data


@dataclass
class PollReport:
    outcomes: list[FeedOutcome]
    ingest: IngestReport
    elapsed_s: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        counts = Counter(o.status for o in self.outcomes)
        return {status: counts.get(status, 0) for status in FEED_STATUSES}

    @property
    def failed(self) -> list[FeedOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def documents(self) -> int:
        return sum(len(o.documents) for o in self.outcomes)

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        return {"counts": self.counts, "new_items": sum(o.new_items for o in self.outcomes),
                "documents": self.documents, "elapsed_s": round(self.elapsed_s, 3),
                "feeds": [o.to_dict() for o in self.outcomes], "ingest": self.ingest.to_dict()}


def _why(repair: str) -> str:
    """The reason inside a repair note such as ``feed_link_unreachable:1 (HTTP 404 Not Found)``."""
    start, end = repair.find("("), repair.rfind(")")
    return repair[start + 1:end] if 0 <= start < end else repair


class Poller:
    """Polls the registry at ``settings.db``; keeps its store, vocabulary and HTTP client
    across polls, so ``monitor`` pays for them once."""

    def __init__(self, settings: Settings, *, extract: bool = True) -> None:
        self.settings = settings
        self.extract = extract
        self.default_every_s, self.max_backoff_s = feed_schedule(settings)  # ConfigError early on a bad setting
        self.engine: Engine = open_store(settings.db)
        self._vocab: Any = None
        self._prepared = False

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Poller:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def next_due(self) -> dt.datetime | None:
        with self.engine.connect() as conn:
            return next_due(conn)

    def poll(self, *, force: bool = False, names: Iterable[str] = ()) -> PollReport:
        """Fetch every due feed once (``force``: every feed; ``names``: those feeds, due or not)
        and ingest the items it has not shown before.

        Stages, in order:
        1. pick the feeds and claim each due one just before fetching it;
        2. conditional GET (``If-None-Match``/``If-Modified-Since``) with the feed's validators,
           a deadline, retries for timeouts and 5xx, and the per-host delay; a 304 ends here;
        3. parse the feed (unsafe or malformed XML fails the feed, not the poll);
        4. key each item (guid, else link, else XML) and drop the ones seen before;
        5. turn each new item into a document, fetching the full page behind a summary-only
           item through the same client (the summary kept, and said so, when it cannot be);
        6. deduplicate, extract and write it as ``ingest`` does, then remember the item;
        7. record the feed's outcome: validators, health, next due time (backoff on failure);
        8. after all feeds: corrections, relations, watchlist alerts and embeddings for the
           documents this poll stored, as at the end of an ingest run.
        """
        started = time.perf_counter()
        report = PollReport([], IngestReport(run_id=uuid.uuid4().hex, extracted=self.extract))
        with self.engine.connect() as conn:
            wanted = [get_feed(conn, n) for n in names] if names else (list_feeds(conn) if force else due_feeds(conn))
        forced = force or bool(names)
        with Fetcher(self.settings) as fetcher:
            for feed in wanted:
                if not forced and not self._claim(feed):
                    continue  # another poller took it
                done = len(report.ingest.outcomes)
                report.outcomes.append(self._poll_feed(feed, fetcher, report.ingest))
                # Alerts, corrections and the index after each feed, not once at the end: a poll cut
                # short (Ctrl-C stops `monitor`) leaves no stored item unmatched but its last feed's.
                if any(o.status in ("new", "near_duplicate") for o in report.ingest.outcomes[done:]):
                    part = _slice(report.ingest, done)
                    finish_batch(self.engine, self.settings, part)
                    report.ingest.indexed += part.indexed
                    report.ingest.index_error = part.index_error or report.ingest.index_error
        report.elapsed_s = report.ingest.elapsed_s = time.perf_counter() - started
        return report

    def _claim(self, feed: Feed) -> bool:
        now = _now()
        with self.engine.begin() as conn:
            return claim_due(conn, feed, now, now + dt.timedelta(seconds=CLAIM_LEASE_S))

    def _prepare(self) -> None:
        """0. once, before the first document: fingerprint bands, the vocabulary and its store aliases."""
        if self._prepared:
            return
        vocab = load_vocab(self.settings) if self.extract else None
        prepare_store(self.engine, self.settings, vocab)
        if vocab is not None:
            with self.engine.connect() as conn:
                vocab = with_store_aliases(vocab, conn)
        self._vocab, self._prepared = vocab, True

    def _poll_feed(self, feed: Feed, fetcher: Fetcher, ingest: IngestReport) -> FeedOutcome:
        outcome = FeedOutcome(feed.name, feed.url)
        started = time.perf_counter()
        try:
            answer = fetcher.get(feed.url, etag=feed.etag, last_modified=feed.last_modified)
            outcome.http_status, outcome.attempts = answer.status, answer.attempts
            if answer.status == 304:
                outcome.status = "not_modified"
            else:
                items = parse_feed(answer.data, feed.url)
                outcome.items = len(items)
                raw = RawInput(origin=feed.url, data=answer.data, kind="feed", fetched_at=answer.fetched_at,
                               url=answer.url)
                self._ingest_items(feed, items, raw, fetcher, ingest, outcome)
            outcome.next_due_at = _now() + dt.timedelta(seconds=feed.every_s)
            # An item left for retry needs the feed again: keep the old validators so a 304 can't hide it.
            etag, modified = ((feed.etag, feed.last_modified) if outcome.retry_pending
                              else (answer.etag, answer.last_modified))
            with self.engine.begin() as conn:
                record_success(conn, feed.id, status=answer.status, new_items=outcome.new_items,
                               next_due_at=outcome.next_due_at, etag=etag, last_modified=modified)
        except Exception as exc:  # noqa: BLE001 - one feed's failure, whatever it is, is reported and the poll goes on
            outcome.status = "failed"
            outcome.reason = exc.reason if isinstance(exc, IngestError) else \
                str(exc) if isinstance(exc, MonaziteError) else f"internal error: {exc.__class__.__name__}: {exc}"
            outcome.http_status = exc.status if isinstance(exc, HttpStatusError) else None
            outcome.attempts = outcome.attempts or getattr(exc, "attempts", 0)
            wait = backoff_s(feed.every_s, feed.failures + 1, self.max_backoff_s)
            outcome.next_due_at = _now() + dt.timedelta(seconds=wait)
            with self.engine.begin() as conn:
                record_failure(conn, feed.id, error=outcome.reason, status=outcome.http_status,
                               next_due_at=outcome.next_due_at)
                log_ingest(conn, ingest.run_id, feed.url, "failed", None, f"feed {feed.name}: {outcome.reason}")
        outcome.elapsed_s = time.perf_counter() - started
        return outcome

    def _ingest_items(self, feed: Feed, items: list[FeedItem], raw: RawInput, fetcher: Fetcher, ingest: IngestReport,
                      outcome: FeedOutcome) -> None:
        """4-6. the items this feed has not shown before, each ingested and then remembered."""
        keys = [item_key(item) for item in items]
        with self.engine.connect() as conn:
            seen = seen_keys(conn, feed.id, keys)
        for index, (item, key) in enumerate(zip(items, keys, strict=True), start=1):
            if key in seen:
                continue
            seen.add(key)  # a feed listing one item twice
            self._prepare()
            crashed = False  # a bug in a parser or an extractor: not this item's fault, so retried
            try:
                parsed: Document | IngestError = parse_feed_item(item, raw, self.settings, index=index,
                                                                 fetch=fetcher.fetch)
            except IngestError as exc:
                parsed = exc
            except Exception as exc:  # noqa: BLE001 - a parser's bug fails this item, not its feed
                parsed = IngestError(item.link or feed.url, f"internal error: {exc.__class__.__name__}: {exc}")
                crashed = True
            result = self._store(parsed, ingest)
            if isinstance(parsed, Document):
                outcome.summaries_kept.extend({"link": item.link or "", "reason": _why(r)}
                                              for r in parsed.repairs if r.startswith(FELL_BACK))
            if result.status == "failed":
                outcome.item_failures.append({"origin": result.origin, "reason": result.reason or ""})
                if isinstance(parsed, Document) or crashed:
                    outcome.retry_pending = True
                    continue  # extraction or parsing crashed: not remembered, so the next poll tries it again
            document_id = None if result.status == "failed" else result.document_id
            with self.engine.begin() as conn:
                first = mark_seen(conn, feed.id, key, item.link, document_id)
            outcome.new_items += int(first)
            if result.status in ("new", "near_duplicate"):
                outcome.documents.append(result.document_id or "")
            elif result.status == "duplicate":
                outcome.duplicates += 1

    def _store(self, item: Document | IngestError, ingest: IngestReport) -> IngestOutcome:
        """6. dedup, extract (new documents only) and write one item as the local executor does."""
        extraction, error, verdict = None, None, None
        if isinstance(item, Document) and self._vocab is not None:
            with self.engine.connect() as conn:
                verdict = dedup_stage(conn, item, self.settings)
            if verdict.status == "new":
                try:
                    extraction = extract_stage(item, self.settings, self._vocab)
                except Exception as exc:  # noqa: BLE001 - a bug in an extractor fails this item, not the poll
                    error = f"{exc.__class__.__name__}: {exc}"
        handle_parsed(self.engine, item, extraction, self.settings, ingest, error, verdict)
        return ingest.outcomes[-1]


def run_poll(settings: Settings, *, force: bool = False, names: Iterable[str] = (), extract: bool = True) -> PollReport:
    """One poll of the feeds registry at ``settings.db`` (see ``Poller.poll``)."""
    with Poller(settings, extract=extract) as poller:
        return poller.poll(force=force, names=names)


def _slice(report: IngestReport, start: int) -> IngestReport:
    """The part of a poll's ingest report one feed added (what ``finish_batch`` works on)."""
    return IngestReport(run_id=report.run_id, extracted=report.extracted, outcomes=report.outcomes[start:])
