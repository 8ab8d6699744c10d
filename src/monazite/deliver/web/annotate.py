"""The document page's text with every extracted record marked where it was found.

The text is untrusted: it is cut at annotation boundaries and each piece is escaped on
its own; only the ``<mark>`` tags written here are markup. Annotations may nest (a
figure inside an event's sentence) or cross; crossing ones are closed and re-opened so
the output is always well-formed HTML.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["Annotation", "annotate", "annotations_for"]

KIND_ORDER = {"event": 0, "mention": 1, "fact": 2}  # outermost first when two start together


@dataclass(frozen=True)
class Annotation:
    start: int
    end: int
    kind: str  # event, mention, fact
    record_id: str  # the id of the record's entry in the page's record list
    label: str  # the native tooltip: readable without JavaScript


def annotations_for(doc: dict) -> list[Annotation]:
    out = []
    for m in doc["mentions"]:
        out.append(Annotation(m["start"], m["end"], "mention", f"m{m['id']}",
                              f"{m['entity_name'] or m['entity_id']} ({m['kind']}), chars {m['start']}-{m['end']}"))
    for f in doc["facts"]:
        out.append(Annotation(f["start"], f["end"], "fact", f["id"],
                              f"{f['metric']}: {f['value_text']} [{f['subject']}], chars {f['start']}-{f['end']}"
                              + _where(f)))
    for e in doc["events"]:
        out.append(Annotation(e["start"], e["end"], "event", e["id"],
                              f"event {e['type']}, chars {e['start']}-{e['end']}" + _where(e)))
    return out


def _where(record: dict) -> str:
    """', page 14' and ', cell 1:2:3' when the record has them (paginated documents, table figures)."""
    page, cell = record.get("page"), record.get("cell")
    return (f", page {page}" if page else "") + (f", cell {cell}" if cell else "")


def _open(a: Annotation) -> str:
    return (f'<mark class="ann ann-{escape(a.kind)}" data-ann="{escape(a.record_id)}" tabindex="0" '
            f'title="{escape(a.label)}">')


def annotate(text: str, annotations: list[Annotation]) -> Markup:
    """Escaped ``text`` with each valid annotation wrapped in a ``<mark>``."""
    valid = [a for a in annotations if 0 <= a.start < a.end <= len(text)]
    starting: dict[int, list[Annotation]] = defaultdict(list)
    for a in valid:
        starting[a.start].append(a)
    bounds = sorted({0, len(text), *(a.start for a in valid), *(a.end for a in valid)})
    out: list[str] = []
    stack: list[Annotation] = []
    pos = 0
    for b in bounds:
        if b > pos:
            out.append(str(escape(text[pos:b])))
            pos = b
        ending = [a for a in stack if a.end == b]
        if ending:
            reopen = []
            while any(a.end == b for a in stack):
                a = stack.pop()
                out.append("</mark>")
                if a.end != b:
                    reopen.append(a)
            for a in reversed(reopen):
                out.append(_open(a))
                stack.append(a)
        for a in sorted(starting.get(b, []), key=lambda a: (-a.end, KIND_ORDER.get(a.kind, 9))):
            out.append(_open(a))
            stack.append(a)
    out.extend("</mark>" for _ in stack)
    return Markup("".join(out))
