"""Loading and validating the vocabulary files.

Stages of ``load_vocabulary``:
1. read the bundled YAML files of this package, then same-named files of ``extra_dir``
   (records with the same name replace bundled ones, new ones extend them);
2. parse every record into typed definitions, collecting problems;
3. check references across files (country, parent, element links, relations) and that
   every alias names exactly one entity unless it is marked ``ambiguous``;
4. raise one ``VocabularyError`` listing every problem, or return the ``Vocabulary``.

Loaded vocabularies are cached per (resolved directory, file stamps), so an edited file
is picked up on the next call while repeated calls cost nothing.
"""

from __future__ import annotations

import functools
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from monazite.errors import VocabularyError
from monazite.model import Entity
from monazite.vocab.defs import AliasSpec, alias_key
from monazite.vocab.parsing import (
    Problems, parse_entity, parse_event_type, parse_metric, parse_sector, parse_stage,
)
from monazite.vocab.vocabulary import Vocabulary
from monazite.vocab.yamlio import YAMLError, load_yaml

__all__ = ["BUNDLED_DIR", "load_vocabulary"]

BUNDLED_DIR = Path(__file__).resolve().parent
CACHE_SIZE = 8  # distinct vocabulary directories kept loaded at once

# file -> (top-level key, default entity kind)
_ENTITY_FILES: dict[str, tuple[str, str | None]] = {
    "elements.yaml": ("elements", "element"),
    "materials.yaml": ("materials", "material"),
    "countries.yaml": ("countries", "country"),
    "organizations.yaml": ("organizations", None),
}
_LEXICON_FILES = {
    "stages.yaml": ("stages", parse_stage),
    "sectors.yaml": ("sectors", parse_sector),
    "metrics.yaml": ("metrics", parse_metric),
    "events.yaml": ("event_types", parse_event_type),
}
_ORG_KINDS = {"company", "state_body", "agency", "research_institute", "university"}
_DISCOVERY_LISTS = ("legal_forms", "leading_noise", "generic_words")
_PLACE_KINDS = {"country", "region"}
RELATION_PREDICATES = frozenset({
    "parent_of", "joint_venture", "partner", "customer_of", "supplier_of", "regulates", "investor_in",
})


def load_vocabulary(extra_dir: str | os.PathLike[str] | None = None) -> Vocabulary:
    """The validated vocabulary: bundled files, extended/overridden by ``extra_dir``."""
    dirs = [BUNDLED_DIR]
    if extra_dir:
        extra = Path(extra_dir).expanduser().resolve()
        if not extra.is_dir():
            raise VocabularyError(f"vocabulary directory not found: {extra}")
        dirs.append(extra)
    return _load_cached(tuple(dirs), _stamp(dirs))


def _stamp(dirs: list[Path]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for d in dirs:
        for p in sorted(d.glob("*.yaml")):
            st = p.stat()
            out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


@functools.lru_cache(maxsize=CACHE_SIZE)
def _load_cached(dirs: tuple[Path, ...], stamp: tuple[tuple[str, int, int], ...]) -> Vocabulary:
    del stamp  # part of the cache key only
    return _build(dirs)


def _read(path: Path, problems: Problems) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError) as exc:
        problems.add(str(path), f"unreadable: {exc}")
        return None


def _records(dirs: tuple[Path, ...], filename: str, key: str, problems: Problems) -> list[tuple[str, Any]]:
    """Records of one file across directories; later directories replace same-named records."""
    merged: dict[str, tuple[str, Any]] = {}
    for d in dirs:
        path = d / filename
        if not path.is_file():
            continue
        data = _read(path, problems)
        if data is None:
            continue
        items = data.get(key) if isinstance(data, dict) else None
        if not isinstance(items, list):
            problems.add(str(path), f"top-level key {key!r} with a list expected")
            continue
        seen: set[str] = set()
        for i, rec in enumerate(items):
            ident = str(rec.get("id") or rec.get("name")) if isinstance(rec, dict) else f"#{i}"
            if ident in seen:
                problems.add(str(path), f"duplicate record {ident!r}")
            seen.add(ident)
            merged[ident] = (f"{path.name}#{i}", rec)
    return list(merged.values())


def _raw(dirs: tuple[Path, ...], filename: str, problems: Problems) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for d in dirs:
        path = d / filename
        if path.is_file():
            data = _read(path, problems)
            if isinstance(data, dict):
                out.update(data)
            elif data is not None:
                problems.add(str(path), "a mapping expected at top level")
    return out


def _build(dirs: tuple[Path, ...]) -> Vocabulary:
    problems = Problems()
    entities: dict[str, Entity] = {}
    specs: list[AliasSpec] = []
    for filename, (key, default_kind) in _ENTITY_FILES.items():
        for where, rec in _records(dirs, filename, key, problems):
            parsed = parse_entity(rec, default_kind, where, problems)
            if parsed is None:
                continue
            entity, entity_specs = parsed
            if entity.id in entities:
                problems.add(where, f"entity id {entity.id!r} defined twice")
                continue
            entities[entity.id] = entity
            specs += entity_specs
    lexicons: dict[str, dict[str, Any]] = {}
    for filename, (key, parser) in _LEXICON_FILES.items():
        lexicons[key] = {}
        for where, rec in _records(dirs, filename, key, problems):
            parsed = parser(rec, where, problems)
            if parsed is not None:
                lexicons[key][parsed.name] = parsed
    _check_references(entities, lexicons["sectors"], problems)
    _check_aliases(entities, specs, problems)
    relations, relation_sources = _relations(dirs, entities, problems)
    units = _raw(dirs, "units.yaml", problems)
    sources = _raw(dirs, "sources.yaml", problems)
    discovery = _raw(dirs, "discovery.yaml", problems)
    tables = _raw(dirs, "tables.yaml", problems)
    _check_discovery(discovery, problems)
    if problems:
        raise VocabularyError("invalid vocabulary:\n  " + "\n  ".join(problems))
    return Vocabulary(
        entities=entities, stages=lexicons["stages"], sectors=lexicons["sectors"],
        metrics=lexicons["metrics"], event_types=lexicons["event_types"], units=units,
        relations=relations, alias_specs=specs, sources=sources, relation_sources=relation_sources,
        discovery=discovery, tables=tables, directories=dirs,
    )


def _check_references(entities: dict[str, Entity], sectors: dict[str, Any], problems: Problems) -> None:
    for e in entities.values():
        if e.country is not None:
            target = entities.get(e.country)
            if target is None or target.kind not in _PLACE_KINDS:
                problems.add(e.id, f"country {e.country!r} is not a country or region id")
        if e.parent is not None and e.parent not in entities:
            problems.add(e.id, f"parent {e.parent!r} is not an entity id")
        for el in e.attributes.get("elements", []) if e.kind == "material" else []:
            if getattr(entities.get(el), "kind", None) != "element":
                problems.add(e.id, f"element {el!r} is not an element id")
    for s in sectors.values():
        for el in s.elements:
            if el not in entities:
                problems.add(f"sectors [{s.name}]", f"element {el!r} is not an entity id")


def _check_discovery(discovery: dict[str, Any], problems: Problems) -> None:
    for key in ("suffix_kinds", "key_first"):
        table = discovery.get(key)
        if not isinstance(table, dict) or not table:
            problems.add("discovery.yaml", f"{key!r} must be a non-empty mapping of word -> kind")
            continue
        for word, kind in table.items():
            if kind not in _ORG_KINDS:
                problems.add("discovery.yaml", f"{key} {word!r}: {kind!r} is not an organization kind")
    for key in _DISCOVERY_LISTS:
        items = discovery.get(key)
        bad = [w for w in items if not isinstance(w, str) or not w] if isinstance(items, list) else [items]
        if bad:
            problems.add("discovery.yaml", f"{key!r} must be a list of words; not words: {bad!r} "
                         "(quote YAML words such as 'On' or 'No')")


def _check_aliases(entities: dict[str, Entity], specs: list[AliasSpec], problems: Problems) -> None:
    """Two entities may share an alias key only when both spellings are exact-case and differ
    ('EU' and 'Eu'), or when the alias is marked ambiguous."""
    by_key: dict[str, list[AliasSpec]] = defaultdict(list)
    for s in specs:
        key = alias_key(s.text)
        if not key:
            problems.add(s.entity_id, f"alias {s.text!r} has no letters or digits")
            continue
        by_key[key].append(s)
    for key, group in by_key.items():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.entity_id == b.entity_id or a.ambiguous or b.ambiguous:
                    continue
                if a.case_sensitive and b.case_sensitive and a.text != b.text:
                    continue
                problems.add(a.entity_id, f"alias {a.text!r} also names {b.entity_id!r} "
                             "(mark it `ambiguous: true` if both are meant)")


def _relations(dirs: tuple[Path, ...], entities: dict[str, Entity],
               problems: Problems) -> tuple[list[tuple[str, str, str]], dict[tuple[str, str, str], str]]:
    out = [(e.parent, "parent_of", e.id) for e in entities.values() if e.parent]
    sources: dict[tuple[str, str, str], str] = {}
    for d in dirs:
        path = d / "relations.yaml"
        if not path.is_file():
            continue
        data = _read(path, problems)
        items = data.get("relations") if isinstance(data, dict) else None
        if not isinstance(items, list):
            problems.add(str(path), "top-level key 'relations' with a list expected")
            continue
        for i, rec in enumerate(items):
            where = f"{path.name}#{i}"
            if not isinstance(rec, dict):
                problems.add(where, "record expected")
                continue
            subj, pred, obj = rec.get("subject"), rec.get("predicate"), rec.get("object")
            if subj not in entities or obj not in entities:
                problems.add(where, f"subject/object must be entity ids: {subj!r}, {obj!r}")
                continue
            if pred not in RELATION_PREDICATES:
                problems.add(where, f"unknown predicate {pred!r}")
                continue
            if not rec.get("source"):
                problems.add(where, "every relation cites a source")
                continue
            triple = (subj, pred, obj)
            if triple not in sources:
                out.append(triple)
            sources[triple] = str(rec["source"])
    return out, sources
