"""The vocabulary as data: entities, aliases and trigger lexicons in YAML, validated on load.

An analyst extends monazite by editing these files (or same-named files in a directory
passed as ``extra_dir``); nothing of it is hard-coded in Python.
"""

from monazite.vocab.defs import AliasSpec, EventTypeDef, MetricDef, SectorDef, StageDef, alias_key
from monazite.vocab.loader import BUNDLED_DIR, load_vocabulary
from monazite.vocab.vocabulary import KIND_PRIORITY, Vocabulary

__all__ = [
    "BUNDLED_DIR", "KIND_PRIORITY", "AliasSpec", "EventTypeDef", "MetricDef", "SectorDef", "StageDef",
    "Vocabulary", "alias_key", "load_vocabulary",
]
