"""The compact scenario syntax analysts type: ``China:Dy,Tb:refining:1.0`` and
``United States:refining:Dy:500``. Names resolve through the vocabulary, so symbols,
names and aliases all work ("Dy", "dysprosium", "US", "Burma").
"""

from __future__ import annotations

from monazite.analyze.scenarios.disruption import CapacityAddition, Restriction
from monazite.analyze.scenarios.capacity import STAGES
from monazite.errors import AnalysisError
from monazite.vocab import Vocabulary

__all__ = ["parse_addition", "parse_restriction"]

RESTRICT_SYNTAX = "COUNTRY:ELEMENTS[:STAGE][:FRACTION], e.g. China:Dy,Tb:refining:1.0"
ADD_SYNTAX = "COUNTRY:STAGE:MATERIAL:TONNES, e.g. 'United States:refining:Dy:500'"
STAGE_SYNONYMS = {"separation": "refining", "mine": "mining", "magnets": "magnet", "metals": "metal"}


def _country(text: str, vocab: Vocabulary, syntax: str) -> str:
    ent = vocab.resolve(text.strip())
    if ent is None or ent.kind != "country":
        raise AnalysisError(f"{text.strip()!r} is not a known country (expected {syntax})")
    return ent.name


def _element(text: str, vocab: Vocabulary, syntax: str) -> str:
    ent = vocab.resolve(text.strip())
    if ent is None or ent.kind != "element":
        raise AnalysisError(f"{text.strip()!r} is not a rare-earth element (expected {syntax})")
    return ent.id


def _stage(text: str, syntax: str) -> str:
    stage = STAGE_SYNONYMS.get(text.strip().lower(), text.strip().lower())
    if stage not in STAGES:
        raise AnalysisError(f"unknown stage {text.strip()!r}: use {', '.join(STAGES)} (expected {syntax})")
    return stage


def _number(text: str, what: str, syntax: str) -> float:
    try:
        return float(text.strip().replace(",", "").replace("_", ""))
    except ValueError as exc:
        raise AnalysisError(f"{what} {text.strip()!r} is not a number (expected {syntax})") from exc


def parse_restriction(text: str, vocab: Vocabulary) -> Restriction:
    parts = text.split(":")
    if not 2 <= len(parts) <= 4 or not all(p.strip() for p in parts):
        raise AnalysisError(f"cannot parse restriction {text!r}: expected {RESTRICT_SYNTAX}")
    country = _country(parts[0], vocab, RESTRICT_SYNTAX)
    elements = tuple(dict.fromkeys(_element(e, vocab, RESTRICT_SYNTAX) for e in parts[1].split(",") if e.strip()))
    stage, fraction = None, 1.0
    rest = parts[2:]
    if rest and not rest[0].strip().replace(".", "", 1).isdigit():
        stage = _stage(rest.pop(0), RESTRICT_SYNTAX)
    if rest:
        fraction = _number(rest.pop(0), "fraction", RESTRICT_SYNTAX)
    if rest:
        raise AnalysisError(f"cannot parse restriction {text!r}: expected {RESTRICT_SYNTAX}")
    if not 0 < fraction <= 1:
        raise AnalysisError(f"fraction {fraction} must be in (0, 1] (expected {RESTRICT_SYNTAX})")
    return Restriction(country, elements, stage, fraction)


def parse_addition(text: str, vocab: Vocabulary) -> CapacityAddition:
    parts = text.split(":")
    if len(parts) != 4 or not all(p.strip() for p in parts):
        raise AnalysisError(f"cannot parse capacity addition {text!r}: expected {ADD_SYNTAX}")
    tonnes = _number(parts[3], "tonnes", ADD_SYNTAX)
    if tonnes <= 0:
        raise AnalysisError(f"tonnes must be positive in {text!r} (expected {ADD_SYNTAX})")
    return CapacityAddition(_country(parts[0], vocab, ADD_SYNTAX), _stage(parts[1], ADD_SYNTAX),
                            _element(parts[2], vocab, ADD_SYNTAX), tonnes)
