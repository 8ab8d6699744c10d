"""Reading the project's YAML files: with libyaml's C parser when PyYAML was built with it
(the wheels on PyPI are), else PyYAML's pure-Python one. Same documents either way; the C
parser reads the vocabulary about ten times faster, which every ingest, worker start and
CLI command that loads the vocabulary pays."""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["YAMLError", "load_yaml"]

YAMLError = yaml.YAMLError
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str | bytes) -> Any:
    """``yaml.safe_load``, through the C parser where there is one."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, C or Python
