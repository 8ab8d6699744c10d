"""monazite: open rare-earth supply-chain intelligence.

Nothing heavy happens at import: the knowledge-base API is loaded lazily so that
``import monazite`` stays cheap for the CLI and for worker processes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["KnowledgeBase", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from monazite.analyze.knowledge import KnowledgeBase


def __getattr__(name: str) -> Any:
    if name == "KnowledgeBase":
        from monazite.analyze.knowledge import KnowledgeBase

        return KnowledgeBase
    raise AttributeError(name)
