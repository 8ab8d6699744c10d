"""Many word-led regexes over one text, at the cost of about one.

Python's regex engine tries a pattern at every position of the text, so 30 trigger patterns
("began ... production", "secured ... loan") cost 30 scans. Most such patterns start with a
word boundary and one of a few literal words. ``PatternSet`` reads each pattern's possible
leading literals from its parse tree, finds the positions where any of them starts a word
with one shared scan, and runs the patterns only there (``Pattern.match`` at each position,
in order, skipping what a previous match covered): exactly the matches ``finditer`` gives,
since every match must start at such a position. Patterns without a literal lead are
scanned whole, as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

from monazite.extract.context import literal_alternation

__all__ = ["PatternSet", "literal_leads"]

MIN_LEAD = 2  # a lead shorter than this ("a") gates almost nothing: scan that pattern whole


def literal_leads(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Literal strings one of which starts every match of ``pattern`` (which must begin with
    ``\\b``), as written in the pattern; None when there is no such set."""
    try:
        items = list(_sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # a pattern the parser of this Python version reads differently
        return None
    if not items or items[0] != (_c.AT, _c.AT_BOUNDARY):
        return None
    leads = _leads(items[1:])
    if not leads or any(len(lead) < MIN_LEAD for lead in leads):
        return None
    return frozenset(leads)


def _leads(items: Sequence[tuple]) -> set[str]:
    """Prefixes that every match of the op sequence ``items`` starts with: literal characters
    up to the first op that is not one, branches and groups followed into."""
    text = ""
    for op, av in items:
        if op is _c.LITERAL:
            char = chr(av)
            if not (char.isascii() and char.isalnum()):
                break  # stop at spaces and punctuation: the lead stays a plain word start
            text += char
            continue
        if op is _c.SUBPATTERN:
            return {text + s for s in _leads(list(av[-1]))}
        if op is _c.BRANCH:
            return {text + s for alt in av[1] for s in _leads(list(alt))}
        break
    return {text}


class PatternSet:
    """Named patterns matched over a text with one shared scan for their literal leads."""

    def __init__(self, patterns: Sequence[tuple[str, re.Pattern[str]]]) -> None:
        self.patterns = list(patterns)
        self.by_lead: dict[str, list[int]] = {}  # lead, lower case -> the patterns it may start
        self.gated: list[int] = []
        for i, (_, pattern) in enumerate(self.patterns):
            found = literal_leads(pattern)
            if found is not None:
                self.gated.append(i)
                for lead in found:
                    self.by_lead.setdefault(lead.lower(), []).append(i)
        # Zero-width, so every position where some lead starts a word is visited, overlapping
        # ones included; IGNORECASE, so whatever a pattern's lead matches, this matches too. The
        # group holds the longest lead there; the others found there are its prefixes.
        self.scan = (re.compile(rf"\b(?=({literal_alternation(self.by_lead)}))", re.IGNORECASE)
                     if self.by_lead else None)

    def _at(self, lead: str) -> list[int]:
        """The gated patterns that may match where ``lead`` (the scan's longest) was found."""
        if not lead.isascii():  # a character that case-folds onto an ASCII letter: try them all
            return self.gated
        lead = lead.lower()
        found = {i for k in range(MIN_LEAD, len(lead) + 1) for i in self.by_lead.get(lead[:k], ())}
        return sorted(found)

    def finditer(self, text: str) -> Iterator[tuple[str, re.Match[str]]]:
        """(name, match) for every pattern, each pattern's matches as its ``finditer`` gives
        them; patterns in their given order, matches in text order."""
        found: dict[int, list[re.Match[str]]] = {i: [] for i in self.gated}
        if self.scan is not None:
            ends = dict.fromkeys(self.gated, 0)
            for gate in self.scan.finditer(text):
                position = gate.start()
                for i in self._at(gate.group(1)):
                    if position < ends[i]:
                        continue  # inside this pattern's previous match: finditer goes on after it
                    m = self.patterns[i][1].match(text, position)
                    if m is not None and m.end() > position:
                        found[i].append(m)
                        ends[i] = m.end()
        for i, (name, pattern) in enumerate(self.patterns):
            matches = found[i] if i in found else pattern.finditer(text)
            for m in matches:
                yield name, m
