"""A small exception tree: callers catch ``MonaziteError`` or one branch of it.

Each error carries a message meant for an analyst reading a CLI summary or an API
response, so messages name the file, URL or value at fault.
"""

from __future__ import annotations


class MonaziteError(Exception):
    """Root of every error monazite raises on purpose."""


class ConfigError(MonaziteError):
    """A setting or vocabulary file is invalid."""


class VocabularyError(ConfigError):
    """A vocabulary file fails validation (duplicate alias, empty trigger list...)."""


class IngestError(MonaziteError):
    """One input could not be turned into a document; the batch goes on without it."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class UnsupportedInput(IngestError):
    """Binary, empty, oversized or otherwise unreadable input."""


class UnsafeInput(IngestError):
    """Input refused for safety: XML entity expansion, external entities."""


class FetchError(IngestError):
    """A URL could not be fetched."""


class StoreError(MonaziteError):
    """The knowledge base could not be opened, migrated or written."""


class NotFound(MonaziteError):
    """A document, entity or dataset asked for by name or id does not exist."""


class AnalysisError(MonaziteError):
    """An analysis cannot be computed from the data at hand (e.g. no figures for a year)."""
