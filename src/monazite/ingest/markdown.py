"""Markdown to plain text, lightly: markup goes, the words stay (link text, image alt text)."""

from __future__ import annotations

import re

__all__ = ["markdown_title", "strip_markdown"]

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^```.*?$|^~~~.*?$", re.MULTILINE), ""),  # code fences (their content stays)
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # inline links -> link text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links -> link text
    (re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$", re.MULTILINE), ""),  # link definitions
    (re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE), r"\1"),  # ATX headings
    (re.compile(r"^\s{0,3}(?:=+|-{3,}|\*{3,}|_{3,})\s*$", re.MULTILINE), ""),  # setext underlines, rules
    (re.compile(r"^\s{0,3}>\s?", re.MULTILINE), ""),  # blockquotes
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # emphasis with *
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),  # emphasis with _
    (re.compile(r"`([^`]+)`"), r"\1"),  # inline code
    (re.compile(r"~~(.+?)~~"), r"\1"),  # strikethrough
)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def strip_markdown(text: str) -> str:
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    return text


def markdown_title(text: str) -> str | None:
    """The first heading, when the document has one."""
    m = _HEADING.search(text)
    return strip_markdown(m.group(1)).strip() if m else None
