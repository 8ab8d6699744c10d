"""The fixed choices that CLI options name in their help text, copied here so that building
the CLI (``monazite --help``) imports neither pandas nor SQLAlchemy: the modules that own
these tuples pull in their whole stage. ``tests/deliver/test_cli_startup.py`` checks each
copy still equals its source."""

from __future__ import annotations

__all__ = ["CLAIM_STATUSES", "DELIVERY_STATUSES", "DIGEST_FORMATS", "EXPORT_FORMATS"]

CLAIM_STATUSES = ("corroborated", "single-source", "company-only", "conflicting", "uncertain")  # analyze.claims.build
DELIVERY_STATUSES = ("pending", "sending", "sent", "failed", "withdrawn")  # store.deliveries
DIGEST_FORMATS = ("markdown", "html", "json", "text")  # deliver.digest.render
EXPORT_FORMATS = ("csv", "jsonl", "parquet", "graphml")  # deliver.exports
