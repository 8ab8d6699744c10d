"""``monazite`` command line."""

from __future__ import annotations

import importlib

from monazite.deliver.cli.app import COMMAND_MODULES, app


def _load_commands() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name)


def main() -> None:
    _load_commands()
    app()


__all__ = ["app", "main"]
