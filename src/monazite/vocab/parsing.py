"""Turning the raw YAML records into typed definitions, collecting every problem.

Parsing never stops at the first bad record: an analyst editing a file wants the whole
list of what is wrong, each message naming the file and the record.
"""

from __future__ import annotations

import re
from typing import Any

from monazite.model import Entity, slugify
from monazite.vocab.defs import AliasSpec, EventTypeDef, MetricDef, SectorDef, StageDef, is_short_acronym

__all__ = [
    "ENTITY_KINDS", "Problems", "UNIT_KINDS", "parse_entity", "parse_event_type", "parse_metric",
    "parse_sector", "parse_stage",
]

ENTITY_KINDS = frozenset({
    "company", "state_body", "agency", "research_institute", "university",
    "country", "region", "element", "material", "person",
})
UNIT_KINDS = frozenset({"percent", "multiple", "mass", "mass_rate", "currency", "price", "count", "duration"})
# Forms matched only with their exact case: "Polish" is a demonym, "polish" a verb; "Turkey".
_EXACT_CASE_FORMS = frozenset({"ticker", "symbol", "demonym", "metonymy"})
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
# Keys an entity record may carry besides those copied into ``Entity.attributes``.
_ENTITY_KEYS = {"name", "id", "kind", "aliases", "tickers", "country", "parent", "attributes",
                "demonyms", "capitals", "case_sensitive"}


class Problems(list[str]):
    """Validation messages gathered while loading; raised together at the end."""

    def add(self, where: str, message: str) -> None:
        self.append(f"{where}: {message}")


def _alias_specs(raw: Any, entity_id: str, form: str, where: str, problems: Problems,
                 exact_case: bool = False) -> list[AliasSpec]:
    specs: list[AliasSpec] = []
    if raw is None:
        return specs
    if not isinstance(raw, list):
        problems.add(where, f"{form} list expected, got {type(raw).__name__}")
        return specs
    for item in raw:
        opts: dict[str, Any] = {}
        if isinstance(item, dict):
            opts = dict(item)
            text = opts.pop("text", None)
        else:
            text = item
        if not isinstance(text, (str, int)) or not str(text).strip():
            problems.add(where, f"empty or non-text {form}: {item!r}")
            continue
        text = str(text).strip()
        item_form = "metonymy" if opts.pop("metonymy", False) else opts.pop("form", form)
        sensitive = opts.pop("case_sensitive", None)
        if sensitive is None:
            sensitive = exact_case or item_form in _EXACT_CASE_FORMS or is_short_acronym(text)
        ambiguous = bool(opts.pop("ambiguous", False))
        if opts:
            problems.add(where, f"unknown option(s) {sorted(opts)} on {form} {text!r}")
        specs.append(AliasSpec(text, entity_id, item_form, bool(sensitive), ambiguous))
    return specs


def parse_entity(rec: Any, default_kind: str | None, where: str,
                 problems: Problems) -> tuple[Entity, list[AliasSpec]] | None:
    """One entity record -> Entity plus every alias it may be matched by."""
    if not isinstance(rec, dict) or not isinstance(rec.get("name"), str) or not rec["name"].strip():
        problems.add(where, f"entity record without a name: {rec!r}")
        return None
    name = rec["name"].strip()
    where = f"{where} [{name}]"
    kind = rec.get("kind", default_kind)
    if kind not in ENTITY_KINDS:
        problems.add(where, f"unknown kind {kind!r}")
        return None
    ent_id = str(rec.get("id") or slugify(name))
    attributes = dict(rec.get("attributes") or {})
    for key, value in rec.items():
        if key not in _ENTITY_KEYS:
            attributes[key] = value
    exact = bool(rec.get("case_sensitive", False))
    specs = [AliasSpec(name, ent_id, "name", exact or is_short_acronym(name))]
    specs += _alias_specs(rec.get("aliases"), ent_id, "alias", where, problems, exact)
    specs += _alias_specs(rec.get("demonyms"), ent_id, "demonym", where, problems)
    specs += _alias_specs(rec.get("capitals"), ent_id, "metonymy", where, problems)
    tickers = _alias_specs(rec.get("tickers"), ent_id, "ticker", where, problems)
    specs += tickers
    if kind == "element" and attributes.get("symbol") and attributes.get("match_symbol", True):
        specs.append(AliasSpec(str(attributes["symbol"]), ent_id, "symbol", True))
    metonyms = sorted({s.text for s in specs if s.form == "metonymy"})
    if metonyms:
        attributes["metonymy"] = metonyms
    entity = Entity(
        id=ent_id, name=name, kind=kind,
        aliases=[s.text for s in specs if s.form not in ("name", "ticker")],
        tickers=[s.text for s in tickers],
        country=rec.get("country"), parent=rec.get("parent"), reviewed=True, attributes=attributes,
    )
    return entity, specs


def _name_label_triggers(rec: Any, where: str, problems: Problems) -> tuple[str, str, list[str]] | None:
    if not isinstance(rec, dict):
        problems.add(where, f"record expected, got {rec!r}")
        return None
    name = rec.get("name")
    if not isinstance(name, str) or not _SNAKE.match(name):
        problems.add(where, f"name must be snake_case: {name!r}")
        return None
    triggers = rec.get("triggers")
    if not isinstance(triggers, list) or not triggers or not all(isinstance(t, str) and t.strip() for t in triggers):
        problems.add(f"{where} [{name}]", "triggers must be a non-empty list of strings")
        return None
    return name, str(rec.get("label") or name.replace("_", " ").capitalize()), [t.strip() for t in triggers]


def parse_stage(rec: Any, where: str, problems: Problems) -> StageDef | None:
    base = _name_label_triggers(rec, where, problems)
    return StageDef(*base) if base else None


def parse_sector(rec: Any, where: str, problems: Problems) -> SectorDef | None:
    base = _name_label_triggers(rec, where, problems)
    if not base:
        return None
    return SectorDef(*base, elements=[str(e) for e in rec.get("elements") or []])


def parse_metric(rec: Any, where: str, problems: Problems) -> MetricDef | None:
    base = _name_label_triggers(rec, where, problems)
    if not base:
        return None
    kinds = rec.get("unit_kinds") or []
    bad = [k for k in kinds if k not in UNIT_KINDS]
    if not kinds or bad:
        problems.add(f"{where} [{base[0]}]", f"unit_kinds must be a non-empty subset of {sorted(UNIT_KINDS)}")
        return None
    name, label, triggers = base
    return MetricDef(name, label, unit_kinds=list(kinds), triggers=triggers, share=bool(rec.get("share", False)),
                     description=str(rec.get("description") or ""))


def parse_event_type(rec: Any, where: str, problems: Problems) -> EventTypeDef | None:
    base = _name_label_triggers(rec, where, problems)
    return EventTypeDef(*base, description=str(rec.get("description") or "")) if base else None
