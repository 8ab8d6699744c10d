"""The loaded vocabulary: entities with their aliases, and the trigger lexicons.

A ``Vocabulary`` is built once per set of files (see ``loader``) and then only read.
Extractors that need an expensive index over it (the mention automaton) keep it in
``memo`` so the index lives and dies with the vocabulary, never in a module global.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from monazite.model import Entity
from monazite.vocab.defs import AliasSpec, EventTypeDef, MetricDef, SectorDef, StageDef, alias_key

__all__ = ["KIND_PRIORITY", "Vocabulary"]

# When an alias marked ambiguous names several entities, the earlier kind wins:
# "Georgia" the country over a region, an organization over a material of the same name.
KIND_PRIORITY: tuple[str, ...] = (
    "company", "state_body", "agency", "research_institute", "university",
    "country", "region", "element", "material", "person",
)

T = TypeVar("T")

_POSSESSIVES = ("'s", "\u2019s", "'", "\u2019")


@dataclass(eq=False)  # identity equality and hashing: a vocabulary is a read-only snapshot
class Vocabulary:
    entities: dict[str, Entity]
    stages: dict[str, StageDef]
    sectors: dict[str, SectorDef]
    metrics: dict[str, MetricDef]
    event_types: dict[str, EventTypeDef]
    units: dict[str, Any]
    relations: list[tuple[str, str, str]]
    alias_specs: list[AliasSpec]
    sources: dict[str, Any] = field(default_factory=dict)
    relation_sources: dict[tuple[str, str, str], str] = field(default_factory=dict)
    discovery: dict[str, Any] = field(default_factory=dict)  # lexicon for unknown organizations
    tables: dict[str, Any] = field(default_factory=dict)  # how table headers and cells are read (tables.yaml)
    directories: tuple[Path, ...] = ()
    _by_exact: dict[str, list[AliasSpec]] = field(default_factory=dict, repr=False)
    _by_key: dict[str, list[AliasSpec]] = field(default_factory=dict, repr=False)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for spec in self.alias_specs:
            self._by_key.setdefault(alias_key(spec.text), []).append(spec)
            if spec.case_sensitive:
                self._by_exact.setdefault(" ".join(spec.text.split()), []).append(spec)

    def resolve(self, alias: str) -> Entity | None:
        """The entity a name, alias or ticker stands for, or None.

        Exact-case aliases ('EU', 'Eu') are tried first, then the case- and
        punctuation-insensitive key; a leading "the" and a trailing possessive are
        dropped as a last resort.
        """
        text = " ".join(alias.split())
        if not text:
            return None
        if text in self.entities:
            return self.entities[text]
        spec = self._pick(self._by_exact.get(text, []))
        if spec is None:
            candidates = self._by_key.get(alias_key(text), [])
            loose = [s for s in candidates if not s.case_sensitive]
            spec = self._pick(loose or candidates)
        if spec is None:
            if text[:4].lower() == "the ":
                return self.resolve(text[4:])  # "the U.S.", "the Pentagon"
            for suffix in _POSSESSIVES:
                if text.endswith(suffix) and len(text) > len(suffix):
                    return self.resolve(text[: -len(suffix)])
            return None
        return self.entities[spec.entity_id]

    def _pick(self, specs: list[AliasSpec]) -> AliasSpec | None:
        if not specs:
            return None
        return min(specs, key=lambda s: self.kind_rank(self.entities[s.entity_id].kind))

    @staticmethod
    def kind_rank(kind: str) -> int:
        return KIND_PRIORITY.index(kind) if kind in KIND_PRIORITY else len(KIND_PRIORITY)

    def by_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == kind]

    def dump(self) -> dict[str, Any]:
        """Everything loaded, as plain JSON-ready data: what an analyst reviews after an edit."""
        return {
            "entities": [asdict(e) for e in self.entities.values()],
            "aliases": [asdict(s) for s in self.alias_specs],
            "stages": [asdict(s) for s in self.stages.values()],
            "sectors": [asdict(s) for s in self.sectors.values()],
            "metrics": [asdict(m) for m in self.metrics.values()],
            "event_types": [asdict(e) for e in self.event_types.values()],
            "relations": [{"subject": s, "predicate": p, "object": o,
                           "source": self.relation_sources.get((s, p, o))} for s, p, o in self.relations],
            "units": self.units,
            "directories": [str(d) for d in self.directories],
        }

    def memo(self, key: str, factory: Callable[[], T]) -> T:
        """Build ``factory()`` once per vocabulary (e.g. a matcher) and keep it here."""
        if key not in self._memo:
            self._memo[key] = factory()
        return self._memo[key]
