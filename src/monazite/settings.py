"""Every setting declared once as (name, type, default, help).

Values are layered: declared defaults, then a user TOML file (``monazite.toml`` in the
working directory, or the path in ``MONAZITE_CONFIG``), then ``MONAZITE_<NAME>``
environment variables, then explicit overrides (CLI flags). One ``Settings`` object is
passed explicitly; nothing reads the environment behind the caller's back.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from monazite.errors import ConfigError


@dataclass(frozen=True)
class SettingSpec:
    name: str
    type: type
    default: Any
    help: str


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("db", str, "sqlite:///monazite.db", "Knowledge-base URL: a SQLite path/URL or postgresql://..."),
    SettingSpec("max_file_bytes", int, 20 * 1024 * 1024, "Inputs larger than this are refused at ingest."),
    SettingSpec("fetch_timeout", float, 10.0, "Seconds to wait for a URL at ingest."),
    SettingSpec("follow_feed_links", bool, True, "Fetch the full page of an RSS/Atom item that has only a summary."),
    SettingSpec("feed_default_every", str, "1h", "How often a feed added without --every is polled (90s, 15m, 1h, 1d)."),
    SettingSpec("feed_max_backoff", str, "1d",
                "Longest wait before retrying a feed that keeps failing (the wait doubles per consecutive failure)."),
    SettingSpec("feed_host_delay", float, 1.0, "Seconds between two requests to the same host while polling feeds."),
    SettingSpec("feed_retries", int, 2, "Retries within one poll after a timeout, connection error or 5xx (never a 4xx)."),
    SettingSpec("feed_timeout", float, 20.0, "Seconds one feed or article request may take while polling, body included."),
    SettingSpec("near_duplicate_bits", int, 6, "Simhash Hamming distance at or under which two texts are near-duplicates."),
    SettingSpec("near_duplicate_jaccard", float, 0.80, "Shingle Jaccard similarity confirming a near-duplicate candidate."),
    SettingSpec("min_text_chars", int, 40, "Texts shorter than this after cleaning are refused as empty."),
    SettingSpec("ocr", bool, True,
                "Read PDF pages that have no text layer with tesseract, when it is installed (off: stored as no_text_layer)."),
    SettingSpec("ocr_timeout", float, 120.0, "Seconds tesseract may take over one PDF page."),
    SettingSpec("share_tolerance_pct", float, 5.0, "Percentage points within which two share figures agree."),
    SettingSpec("relative_tolerance", float, 0.05, "Relative difference within which two non-share figures agree."),
    SettingSpec("api_token", str, "", "When set, `serve` accepts ingest through the API with this bearer token."),
    SettingSpec("embedding_model", str, "static-minilm-256",
                "Document-embedding model: static-minilm-256 (distilled from MiniLM, shipped; fast) or "
                "all-MiniLM-L6-v2 (the sentence transformer; slow). Changing it re-embeds at the next ingest."),
    SettingSpec("semantic_search", bool, True, "Compute embeddings at ingest and use them in hybrid search."),
    SettingSpec("ann_min_vectors", int, 50_000,
                "Stores with at least this many vectors are searched through the on-disk approximate index; fewer: exactly in memory."),
    SettingSpec("vector_index_dir", str, "",
                "Folder of the on-disk vector index, one subfolder per store; empty: beside the SQLite file, or a per-database cache folder for PostgreSQL."),
    SettingSpec("reference_dir", str, "", "Extra folder of reference CSVs, in the bundled datasets' shape."),
    SettingSpec("executor", str, "local", "Pipeline executor: local (one process) or dask (a dask.distributed cluster)."),
    SettingSpec("workers", int, 1, "Worker processes of the LocalCluster the dask executor starts (one thread each)."),
    SettingSpec("scheduler", str, "",
                "Dask scheduler address (tcp://host:port) for the dask executor; empty: start a LocalCluster of `workers`."),
    SettingSpec("max_extract_chars", int, 20_000_000,
                "Documents longer than this are stored without extraction, with a note saying so."),
    SettingSpec("extract_timeout", float, 60.0,
                "Seconds one document's extraction may take (local executor and Dask workers); past it the document is stored without extraction."),
    SettingSpec("allow_private_hosts", bool, False,
                "Let URL and feed fetching reach private, loopback and link-local addresses (off: refused)."),
    SettingSpec("fact_confidence_threshold", float, 0.4,
                "Facts below this confidence are unconfirmed candidates: shown marked, kept out of claims, dossiers, digest and alerts."),
    SettingSpec("event_confidence_threshold", float, 0.5,
                "Extracted events below this calibrated confidence stay on their document page but are kept out of the "
                "dashboard's export-control measures and latest events."),
    SettingSpec("smtp_host", str, "", "SMTP server for e-mail alerts; empty: e-mail deliveries fail with a message saying so."),
    SettingSpec("smtp_port", int, 25, "SMTP server port (587 for STARTTLS submission)."),
    SettingSpec("smtp_from", str, "monazite@localhost", "Sender address of alert e-mails."),
    SettingSpec("smtp_user", str, "", "SMTP login; empty: no login."),
    SettingSpec("smtp_password", str, "", "SMTP password, used with smtp_user."),
    SettingSpec("smtp_starttls", bool, False, "Upgrade the SMTP connection with STARTTLS before login and sending."),
    SettingSpec("delivery_timeout", float, 10.0, "Seconds one delivery (an alert's or the digest's SMTP exchange, a webhook POST) may take."),
    SettingSpec("delivery_max_attempts", int, 8, "Attempts before a delivery is marked failed (kept; `deliver --retry-failed`)."),
    SettingSpec("delivery_backoff", float, 30.0, "Seconds before the first retry of a failed delivery; doubles per attempt."),
    SettingSpec("delivery_backoff_max", float, 3600.0, "Longest wait between two attempts of one delivery, in seconds."),
    SettingSpec("alert_half_life_days", float, 7.0,
                "Days after which an alert's priority weight (high 4, normal 2, low 1) has halved; orders alerts and the outbox."),
)

_SPEC_BY_NAME = {s.name: s for s in SPECS}


@dataclass(frozen=True)
class Settings:
    db: str = "sqlite:///monazite.db"
    max_file_bytes: int = 20 * 1024 * 1024
    fetch_timeout: float = 10.0
    follow_feed_links: bool = True
    feed_default_every: str = "1h"
    feed_max_backoff: str = "1d"
    feed_host_delay: float = 1.0
    feed_retries: int = 2
    feed_timeout: float = 20.0
    near_duplicate_bits: int = 6
    near_duplicate_jaccard: float = 0.80
    min_text_chars: int = 40
    ocr: bool = True
    ocr_timeout: float = 120.0
    share_tolerance_pct: float = 5.0
    relative_tolerance: float = 0.05
    api_token: str = ""
    embedding_model: str = "static-minilm-256"
    semantic_search: bool = True
    ann_min_vectors: int = 50_000
    vector_index_dir: str = ""
    reference_dir: str = ""
    executor: str = "local"
    workers: int = 1
    scheduler: str = ""
    fact_confidence_threshold: float = 0.4
    event_confidence_threshold: float = 0.5
    allow_private_hosts: bool = False
    max_extract_chars: int = 20_000_000
    extract_timeout: float = 60.0
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_from: str = "monazite@localhost"
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    delivery_timeout: float = 10.0
    delivery_max_attempts: int = 8
    delivery_backoff: float = 30.0
    delivery_backoff_max: float = 3600.0
    alert_half_life_days: float = 7.0

    def with_overrides(self, **values: Any) -> Settings:
        clean = {k: _coerce(k, v) for k, v in values.items() if v is not None}
        return replace(self, **clean)


def _coerce(name: str, value: Any) -> Any:
    spec = _SPEC_BY_NAME.get(name)
    if spec is None:
        raise ConfigError(f"unknown setting: {name}")
    if isinstance(value, spec.type):
        return value
    if spec.type is bool and isinstance(value, str):
        low = value.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"setting {name}: expected a boolean, got {value!r}")
    try:
        return spec.type(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: expected {spec.type.__name__}, got {value!r}") from exc


def normalise_db_url(db: str) -> str:
    """Accept a bare path (``monazite.db``) as well as a SQLAlchemy URL."""
    if "://" in db:
        if db.startswith("postgres://"):
            db = "postgresql://" + db[len("postgres://"):]
        if db.startswith("postgresql://"):
            db = "postgresql+psycopg://" + db[len("postgresql://"):]
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def load_settings(config: str | os.PathLike[str] | None = None, env: dict[str, str] | None = None,
                  **overrides: Any) -> Settings:
    env = dict(os.environ) if env is None else env
    values: dict[str, Any] = {}
    path = Path(config) if config else Path(env.get("MONAZITE_CONFIG", "monazite.toml"))
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from exc
        section = data.get("monazite", data)
        for key, val in section.items():
            values[key] = _coerce(key, val)
    elif config:
        raise ConfigError(f"settings file not found: {path}")
    for f in fields(Settings):
        env_val = env.get(f"MONAZITE_{f.name.upper()}")
        if env_val is not None:
            values[f.name] = _coerce(f.name, env_val)
    settings = Settings(**values)
    return settings.with_overrides(**overrides)
