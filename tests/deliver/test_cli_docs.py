"""Every CLI command is documented in the README's tour (habit: documented or it fails)."""

from __future__ import annotations

from pathlib import Path

import typer.main

from monazite.deliver.cli import _load_commands, app

README = Path(__file__).resolve().parents[2] / "README.md"


def _command_names() -> list[str]:
    _load_commands()
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_every_command_is_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    names = _command_names()
    assert {"ingest", "extract", "claims", "dossier", "shares", "scenario", "serve", "search"} <= set(names)
    missing = [n for n in names if f"monazite {n}" not in readme]
    assert missing == [], f"commands missing from README: {missing}"
