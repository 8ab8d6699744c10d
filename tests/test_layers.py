"""Data flows one way: model, vocab -> ingest -> extract -> store -> analyze -> pipeline -> deliver.

A module may import only from its own stage, from stages before it, and from the shared
modules. The check reads import statements with ``ast`` so it needs nothing imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "monazite"
ORDER = ["ingest", "extract", "store", "analyze", "pipeline", "deliver"]
SHARED = {"model", "vocab", "settings", "errors", "data", "__init__"}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "monazite" or len(parts) < 2:
        return None
    return parts[1]


def _violations() -> list[str]:
    bad = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        own = rel.parts[0] if len(rel.parts) > 1 else rel.stem
        if own not in ORDER:
            allowed: set[str] = {"model", "vocab", "settings", "errors"} if own in {"model", "vocab"} else SHARED
            if own == "__init__":
                continue  # the package root lazily exposes the public API
        else:
            allowed = SHARED | set(ORDER[: ORDER.index(own) + 1])
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                stage = _stage(name)
                if stage is not None and stage not in allowed:
                    bad.append(f"{rel}: imports {name}")
    return bad


def test_imports_flow_one_way() -> None:
    assert _violations() == []
