"""Plain-text boilerplate removal for articles saved as text (copy-pasted web pages).

The article's own sentences are never edited beyond removing soft hyphens (U+00AD, a
hyphenation hint that would split "sepa\u00adration" into two tokens); only whole furniture lines, accessibility
hints such as "(opens in a new tab)", WordPress block comments and the trailing
comment form / newsletter box / "Recent ... News" sidebar are removed. Every removal is
reported as ``removed_<kind>:<count>`` so ``Document.repairs`` says what happened.
"""

from __future__ import annotations

import re
from collections import Counter

from monazite.ingest.selectors import BOILERPLATE_LINES, INLINE_NOISE, TAIL_MARKERS

__all__ = ["clean_text", "normalise_whitespace"]

TAIL_START_FRACTION = 0.5  # a tail marker only counts in the second half of the text (by characters)

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")
SOFT_HYPHEN = "\u00ad"


def normalise_whitespace(text: str) -> str:
    """One space between words, no trailing spaces, at most one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _cut_tail(lines: list[str], counts: Counter[str]) -> list[str]:
    total = sum(len(line) + 1 for line in lines)
    seen = 0
    for i, line in enumerate(lines):
        if seen >= total * TAIL_START_FRACTION:
            for kind, pattern in TAIL_MARKERS:
                if pattern.match(line.strip()):
                    counts[f"removed_{kind}"] += 1
                    return lines[:i]
        seen += len(line) + 1
    return lines


def _strip_comments(text: str) -> tuple[str, int]:
    """Remove "<!-- ... -->" comments in one pass (a regex rescans the rest of the text from
    every unclosed opening: quadratic on hostile input)."""
    out, pos, n = [], 0, 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            break
        end = text.find("-->", start + 4)
        if end < 0:
            break  # no comment closes after here: the rest is text
        out.append(text[pos:start])
        pos, n = end + 3, n + 1
    out.append(text[pos:])
    return "".join(out), n


def clean_text(text: str) -> tuple[str, list[str]]:
    """Remove furniture from an article's text; returns the text and what was removed."""
    counts: Counter[str] = Counter()
    if SOFT_HYPHEN in text:
        counts["removed_soft_hyphen"] += text.count(SOFT_HYPHEN)
        text = text.replace(SOFT_HYPHEN, "")
    text, n = _strip_comments(text)
    if n:
        counts["removed_html_comment"] += n
    for kind, pattern in INLINE_NOISE:
        text, n = pattern.subn("", text)
        if n:
            counts[f"removed_{kind}"] += n
    kept: list[str] = []
    for line in normalise_whitespace(text).split("\n"):
        for kind, pattern in BOILERPLATE_LINES:
            if pattern.match(line):
                counts[f"removed_{kind}"] += 1
                break
        else:
            kept.append(line)
    kept = _cut_tail(kept, counts)
    return normalise_whitespace("\n".join(kept)), [f"{k}:{n}" for k, n in sorted(counts.items())]
