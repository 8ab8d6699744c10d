"""Typed definitions the vocabulary files are validated into.

Alias options live beside the alias text in YAML (``{text: Beijing, metonymy: true}``)
so that an analyst can read in one place why a string points where it does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "AliasSpec", "EventTypeDef", "MetricDef", "SectorDef", "StageDef", "alias_key", "is_short_acronym",
]

SHORT_ACRONYM_CHARS = 4  # aliases this short with an upper-case letter only match with their exact case

_NON_WORD = re.compile(r"[^\w]+")


def alias_key(alias: str) -> str:
    """Case-, accent-width- and punctuation-insensitive key: 'U.S.' and 'us' meet.

    The store keys its ``entity_aliases`` rows with this same function.
    """
    norm = unicodedata.normalize("NFKC", alias).casefold()
    return _NON_WORD.sub(" ", norm).strip()


def is_short_acronym(text: str) -> bool:
    """'US', 'CNRE', 'Dy', 'DoD': short strings whose case carries their meaning."""
    compact = text.replace(".", "").replace(" ", "")
    return len(compact) <= SHORT_ACRONYM_CHARS and any(c.isupper() for c in compact)


@dataclass(frozen=True)
class AliasSpec:
    """One string that names an entity, and how it may be matched in text.

    ``form`` says what kind of name it is: name, alias, ticker, symbol, demonym, metonymy.
    """

    text: str
    entity_id: str
    form: str = "alias"
    case_sensitive: bool = False
    ambiguous: bool = False


@dataclass(frozen=True)
class StageDef:
    name: str
    label: str
    triggers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class SectorDef:
    name: str
    label: str
    triggers: list[str] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)  # entity ids of the elements the sector depends on


@dataclass(frozen=True)
class MetricDef:
    name: str
    label: str
    unit_kinds: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)
    share: bool = False
    description: str = ""


@dataclass(frozen=True)
class EventTypeDef:
    name: str
    label: str
    triggers: list[str] = field(default_factory=list)
    description: str = ""
