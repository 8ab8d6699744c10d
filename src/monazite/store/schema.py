"""The knowledge base's tables, declared once. Alembic migrations are generated from this
metadata and a test fails when the two drift apart.

Every extracted number lives in ``facts`` with its document and character span, so any
figure shown anywhere can be traced back to its sentence.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sources = sa.Table(
    "sources", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("kind", sa.String(20), nullable=False, server_default="unknown"),
    sa.Column("url", sa.Text),
)

documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("author", sa.Text),
    sa.Column("published", sa.String(16)),  # PartialDate.iso
    sa.Column("published_precision", sa.String(8)),
    sa.Column("published_sort", sa.Date),  # first day the partial date stands for, when the year is known
    sa.Column("published_source", sa.String(16)),
    sa.Column("fetched_at", sa.DateTime(timezone=True)),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("raw_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("language", sa.String(8)),
    sa.Column("source_id", sa.Integer, sa.ForeignKey("sources.id")),
    sa.Column("encoding", sa.String(40)),
    sa.Column("repairs", sa.JSON, nullable=False, default=list),
    sa.Column("content_type", sa.String(16), nullable=False, server_default="text"),
    sa.Column("duplicate_of", sa.String(40), sa.ForeignKey("documents.id")),
    sa.Column("fingerprint", sa.BigInteger),
    sa.Column("word_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("page_count", sa.Integer),  # paginated sources (PDF, docx) only
    sa.Column("disclosure", sa.JSON),  # {"issuer", "exchange", "ticker", "filing_type"} when the document says so
    sa.Index("ix_documents_published_sort", "published_sort"),
    sa.Index("ix_documents_duplicate_of", "duplicate_of"),
)

# Near-duplicate lookup: the 64-bit simhash split into bands; two texts within the
# configured Hamming distance share at least one band value (pigeonhole).
fingerprint_bands = sa.Table(
    "fingerprint_bands", metadata,
    sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("band", sa.SmallInteger, primary_key=True),
    sa.Column("value", sa.Integer, nullable=False),
    sa.Index("ix_fingerprint_bands_band_value", "band", "value"),
)

# Where each page of a paginated document lies in its text, so every span has a page.
document_pages = sa.Table(
    "document_pages", metadata,
    sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("number", sa.Integer, primary_key=True),  # 1-based
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("status", sa.String(16), nullable=False, server_default="text"),  # text | ocr | no_text_layer
    sa.Column("rotation", sa.Integer, nullable=False, server_default="0"),
)

# Tables read from a document, with their cells (row, col, text, start, end, page) as JSON:
# a table is always read and written whole.
document_tables = sa.Table(
    "document_tables", metadata,
    sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("number", sa.Integer, primary_key=True),  # 1-based order in the document
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),  # pdf | html | xlsx | csv | docx
    sa.Column("caption", sa.Text),
    sa.Column("sheet", sa.Text),
    sa.Column("header_rows", sa.Integer, nullable=False, server_default="1"),
    sa.Column("pages", sa.JSON, nullable=False, default=list),
    sa.Column("cells", sa.JSON, nullable=False, default=list),
)

ingest_log = sa.Table(
    "ingest_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.String(40), nullable=False),
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # new, duplicate, near_duplicate, failed
    sa.Column("document_id", sa.String(40)),
    sa.Column("reason", sa.Text),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_ingest_log_run_id", "run_id"),
)

entities = sa.Table(
    "entities", metadata,
    sa.Column("id", sa.String(120), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(24), nullable=False),
    sa.Column("country", sa.String(120)),
    sa.Column("parent", sa.String(120)),
    sa.Column("tickers", sa.JSON, nullable=False, default=list),
    sa.Column("attributes", sa.JSON, nullable=False, default=dict),
    sa.Column("reviewed", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("origin", sa.String(16), nullable=False, server_default="vocab"),  # vocab, extracted, analyst
    sa.Column("merged_into", sa.String(120)),
    sa.Column("review", sa.String(16)),  # accepted | rejected | corrected (store/reviews.py)
    sa.Column("review_id", sa.Integer),
)

entity_aliases = sa.Table(
    "entity_aliases", metadata,
    sa.Column("alias_key", sa.String(300), primary_key=True),  # normalised alias
    sa.Column("entity_id", sa.String(120), primary_key=True),
    sa.Column("alias", sa.Text, nullable=False),
    sa.Column("origin", sa.String(16), nullable=False),  # vocab, learned, analyst
    sa.Column("document_id", sa.String(40)),
    sa.Index("ix_entity_aliases_entity_id", "entity_id"),
)

relations = sa.Table(
    "relations", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("subject", sa.String(120), nullable=False),
    sa.Column("predicate", sa.String(32), nullable=False),  # parent_of, joint_venture, partner, customer_of, supplier_of, regulates
    sa.Column("object", sa.String(120), nullable=False),
    sa.Column("origin", sa.String(16), nullable=False),  # vocab, extracted, analyst
    sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id", ondelete="CASCADE")),
    sa.Column("event_id", sa.String(40)),
    sa.Index("ix_relations_subject", "subject"),
    sa.Index("ix_relations_object", "object"),
)

corrections = sa.Table(
    "corrections", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("action", sa.String(16), nullable=False),  # merge, alias
    sa.Column("a", sa.Text, nullable=False),
    sa.Column("b", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

mentions = sa.Table(
    "mentions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("entity_id", sa.String(120), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(24), nullable=False),
    sa.Column("extractor", sa.String(60), nullable=False),
    sa.Index("ix_mentions_document_id", "document_id"),
    sa.Index("ix_mentions_entity_id", "entity_id"),
)

facts = sa.Table(
    "facts", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("subject", sa.String(120), nullable=False),
    sa.Column("metric", sa.String(60), nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("unit", sa.String(40), nullable=False),
    sa.Column("value_text", sa.Text, nullable=False),
    sa.Column("qualifier", sa.String(24)),
    sa.Column("low", sa.Float),
    sa.Column("high", sa.Float),
    sa.Column("basis", sa.String(24)),
    sa.Column("period", sa.String(16)),
    sa.Column("material", sa.String(120)),
    sa.Column("stage", sa.String(24)),
    sa.Column("object", sa.String(120)),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("sentence_start", sa.Integer, nullable=False),
    sa.Column("sentence_end", sa.Integer, nullable=False),
    sa.Column("quote", sa.Text, nullable=False),
    sa.Column("extractor", sa.String(60), nullable=False),
    sa.Column("confidence", sa.Float, nullable=False, server_default="1.0"),
    sa.Column("review", sa.String(16)),  # accepted | rejected | corrected: the latest analyst decision
    sa.Column("review_id", sa.Integer),  # the reviews row behind it
    sa.Column("page", sa.Integer),  # the page it is printed on (paginated sources)
    sa.Column("cell", sa.String(40)),  # "table:row:col" for a figure read from a table cell
    sa.Index("ix_facts_subject_metric", "subject", "metric"),
    sa.Index("ix_facts_document_id", "document_id"),
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("date", sa.String(16)),
    sa.Column("actors", sa.JSON, nullable=False, default=list),
    sa.Column("materials", sa.JSON, nullable=False, default=list),
    sa.Column("attributes", sa.JSON, nullable=False, default=dict),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("sentence_start", sa.Integer, nullable=False),
    sa.Column("sentence_end", sa.Integer, nullable=False),
    sa.Column("quote", sa.Text, nullable=False),
    sa.Column("extractor", sa.String(60), nullable=False),
    sa.Column("confidence", sa.Float, nullable=False, server_default="1.0"),
    sa.Column("review", sa.String(16)),
    sa.Column("review_id", sa.Integer),
    sa.Column("page", sa.Integer),
    sa.Index("ix_events_type", "type"),
    sa.Index("ix_events_document_id", "document_id"),
)

# Analysts' decisions on extracted records, newest last; replayed onto facts, events and
# entities after every ingest so they survive re-extraction (see store/reviews.py).
reviews = sa.Table(
    "reviews", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(8), nullable=False),  # fact | event | entity
    sa.Column("record_id", sa.String(120), nullable=False),  # the id the decision was made on
    sa.Column("document_id", sa.String(40)),  # fact and event anchor: document and span
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
    sa.Column("decision", sa.String(16), nullable=False),  # accept | reject | correct
    sa.Column("changes", sa.JSON, nullable=False, default=dict),
    sa.Column("original", sa.JSON, nullable=False, default=dict),
    sa.Column("reviewer", sa.String(120), nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_reviews_record", "kind", "record_id"),
    sa.Index("ix_reviews_anchor", "document_id", "start", "end"),
)

# Entities an event involves, for filtering without scanning JSON.
event_entities = sa.Table(
    "event_entities", metadata,
    sa.Column("event_id", sa.String(40), sa.ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("entity_id", sa.String(120), primary_key=True),
    sa.Column("role", sa.String(16), primary_key=True),  # actor, material
    sa.Index("ix_event_entities_entity_id", "entity_id"),
)

embeddings = sa.Table(
    "embeddings", metadata,
    sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("model", sa.String(80), nullable=False),
    sa.Column("dim", sa.Integer, nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),  # float32, L2-normalised
)

# Written by triggers only (migration 0007): one row per change to `embeddings`, so the
# on-disk vector index can tell it is behind and catch up exactly (store/vector_index.py).
embedding_changes = sa.Table(
    "embedding_changes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.String(40), nullable=False),  # no foreign key: deletions are logged too
)

watchlists = sa.Table(
    "watchlists", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(120), nullable=False, unique=True),
    sa.Column("query", sa.JSON, nullable=False),  # scope (entities, elements, event types, keywords), thresholds, claim statuses
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("priority", sa.String(8), nullable=False, server_default="normal"),  # high | normal | low
    sa.Column("channels", sa.JSON, nullable=False, server_default="[]"),  # [{"channel": "email", "target": ...}]
)

alerts = sa.Table(
    "alerts", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("watchlist_id", sa.Integer, sa.ForeignKey("watchlists.id", ondelete="CASCADE"), nullable=False),
    sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False, server_default="match"),  # match | threshold | claim_status
    sa.Column("priority", sa.String(8), nullable=False, server_default="normal"),  # the rule's, when it fired
    sa.Column("detail", sa.JSON),  # facts or claim behind a threshold or status hit
    sa.Column("dedup_key", sa.String(200), nullable=False),  # what makes two hits one: document, figure or claim
    sa.UniqueConstraint("watchlist_id", "dedup_key"),
    sa.Index("ix_alerts_document_id", "document_id"),
)

# The alert outbox: one row per (alert, channel, target), written in the alert's own
# transaction, so a hit is never lost and, by the unique constraint, delivered once per target.
alert_deliveries = sa.Table(
    "alert_deliveries", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),  # email | webhook | file
    sa.Column("target", sa.String(500), nullable=False),  # address, URL or path
    sa.Column("status", sa.String(12), nullable=False, server_default="pending"),  # pending sending sent failed withdrawn
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_error", sa.Text),
    sa.Column("sent_at", sa.DateTime(timezone=True)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("alert_id", "channel", "target"),
    sa.Index("ix_alert_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
)

# Feeds an analyst subscribed to (`monazite feeds add`), polled by `monazite poll` / `monitor`:
# the conditional-GET validators, the schedule, and each feed's health for the dashboard.
feeds = sa.Table(
    "feeds", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("url", sa.Text, nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("every_s", sa.Integer, nullable=False),  # how often it is due, in seconds
    sa.Column("etag", sa.Text),
    sa.Column("last_modified", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_polled_at", sa.DateTime(timezone=True)),
    sa.Column("next_due_at", sa.DateTime(timezone=True)),
    sa.Column("last_success_at", sa.DateTime(timezone=True)),
    sa.Column("last_status", sa.Integer),  # HTTP status of the last answer (304 included)
    sa.Column("last_error", sa.Text),
    sa.Column("last_error_at", sa.DateTime(timezone=True)),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),  # consecutive, for backoff
    sa.Column("items_total", sa.Integer, nullable=False, server_default="0"),
    sa.Column("items_new_last", sa.Integer, nullable=False, server_default="0"),
)

# Items a feed has shown, so an item is ingested once however often the feed repeats it.
feed_items = sa.Table(
    "feed_items", metadata,
    sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("item_key", sa.String(64), primary_key=True),  # sha256 of the item's guid, else its link
    sa.Column("link", sa.Text),
    sa.Column("document_id", sa.String(40)),  # the stored document, once ingested
    sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
)
