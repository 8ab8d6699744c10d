"""Mojibake repair: undo UTF-8 text that was decoded as Thai Windows-874 somewhere upstream.

Two forms occur in the wild (and in the seed articles):

* the **full** form, where each UTF-8 byte became one cp874 character: ``’`` (E2 80 99)
  reads ``โ€™``, ``—`` reads ``โ€”``, NBSP (C2 A0) reads ``ย\\xa0``. Bytes cp874 leaves
  undefined were decoded with Windows' best-fit (cp1252) glyphs, or dropped (0x9D, so
  ``”`` reads ``โ€`` alone);
* the **lossy** form, where every byte in 0x80-0xA0 was dropped, so a lone ``โ`` (E2)
  stands for an apostrophe, a dash or a quote and a lone ``ย`` (C2) for a NBSP. Context
  decides: ``itโs`` is ``it’s``, ``annuallyโup`` is ``annually—up``, ``the โ1234
  program.โ`` is ``the “1234 program.”``.

ftfy repairs neither form, so this runs first and ftfy after it (with ``uncurl_quotes``
off: the curly quotes we restore are the author's). Nothing is touched unless the text
shows the signature: Thai characters that are noise in an otherwise Latin text. Genuine
Thai text, and Thai words quoted in English text, decode to nothing sensible and are left
alone (a run is replaced only when all of it decodes to Latin-script characters).

``repair_text`` does both. An HTML page takes them apart: ``repair_encoding`` (cp874) on the
raw page, in front of the extraction, and ``fix_mojibake`` (ftfy) on the extracted text
only, never over scripts and markup.
"""

from __future__ import annotations

import re
from collections import Counter

import ftfy
import ftfy.badness

__all__ = ["MOJIBAKE_REVERSE", "fix_mojibake", "has_thai_mojibake", "repair_encoding", "repair_text"]

THAI_BLOCK = (0x0E00, 0x0E7F)
MAX_THAI_LETTER_SHARE = 0.30  # above this share of letters, Thai characters are the text, not noise
MAX_STRAY_THAI_RUN = 2  # leftover Thai runs this short in a Latin text are debris, removed

# Windows best-fit glyphs for bytes 0x80-0x9F that Python's cp874 leaves undefined.
_CP874_BEST_FIT_CODEC = "cp1252"


def _reverse_table() -> dict[str, int]:
    """Character -> the byte it came from, built from Python's own codecs."""
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        one = bytes([byte])
        for codec in ("cp874", _CP874_BEST_FIT_CODEC):
            try:
                ch = one.decode(codec)
            except UnicodeDecodeError:
                continue
            table.setdefault(ch, byte)
            break
    return table


MOJIBAKE_REVERSE: dict[str, int] = _reverse_table()

_RUN = re.compile("[" + re.escape("".join(sorted(MOJIBAKE_REVERSE))) + "]+")
_THAI = re.compile(r"[\u0e00-\u0e7f]+")
_LATIN_LETTER = re.compile(r"[A-Za-z]")

# The lossy one-character form: what a lone U+0E42 was, decided from its neighbours.
_CONTRACTION = re.compile(r"(?:s|t|ll|re|ve|d|m)\b", re.IGNORECASE)
_LOST_THIRD_BYTE = "\u201d"  # E2 80 9D: 0x9D is undefined in cp874 and cp1252, so ” loses it
_LOST_NBSP = "\u00a0"  # C2 A0 with its A0 dropped
_CLOSING_PUNCT = ".,!?;:"


# What ftfy can act on: UTF-8 misread as Latin-1/cp1252 always leaves a character in
# U+0080-U+00FF (the lead byte reads Â..ô), as Cyrillic or Greek code pages leaves
# letters of those scripts; plus control characters, HTML entities, ligatures, full-width
# forms, surrogates and U+FFFD. Text with none of these (ASCII with curly quotes and
# dashes, CJK...) has nothing for ftfy to fix, and skipping it halves the cost of a document.
# Characters ftfy always has work to do on (controls, C1, Greek/Cyrillic mojibake, ligatures,
# fullwidth forms, surrogates, replacement char) and HTML entities: ftfy runs on these texts.
_FTFY_SUSPECT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u0370-\u04ff\ufb00-\ufb4f\uff00-\uffef\ud800-\udfff\ufffd]"
    "|&(?:#\\d+|#x[0-9a-fA-F]+|\\w+);")
# Latin-1 letters and punctuation are normal in clean text (é, õ, NBSP). UTF-8 misread as
# Latin-1/cp1252 starts each sequence with a lead byte read as Â, Ã, Ä, Å (accented Latin),
# Î, Ï, Ð, Ñ (Greek, Cyrillic) or â (punctuation, € and most symbols): only a text with one of
# these pays for ftfy's badness check (a regex pass over the whole text), and ftfy runs when
# that check sees mojibake.
_MOJIBAKE_LEAD = re.compile("[\xc2-\xc5\xce-\xd1\xe2]")


def _ftfy_may_help(text: str) -> bool:
    if _FTFY_SUSPECT.search(text):
        return True
    return bool(_MOJIBAKE_LEAD.search(text)) and ftfy.badness.is_bad(text)


def _expected_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    return 0


def _lone_e2(prev: str, rest: str) -> tuple[str, str]:
    """The lossy form of E2 80 xx: apostrophe, dash or quote, from the characters around it."""
    nxt = rest[:1]
    if prev.isalpha() and _CONTRACTION.match(rest):
        return "\u2019", "apostrophe"
    if prev in _CLOSING_PUNCT and (not nxt or nxt.isspace()):
        return "\u201d", "quote"
    if (not prev or prev.isspace() or prev in "([") and nxt and not nxt.isspace():
        return "\u201c", "quote"
    if prev.isalpha() and (not nxt or nxt.isspace() or nxt in _CLOSING_PUNCT + ")"):
        return ("\u2019", "apostrophe") if prev in "sS" else ("\u201d", "quote")
    if prev.isdigit() and nxt.isdigit():
        return "\u2013", "dash"
    return "\u2014", "dash"


def _allowed(ch: str) -> bool:
    """Characters a repaired run may produce: Latin script, general punctuation, currency, letterlike."""
    cp = ord(ch)
    return cp < 0x0370 or 0x2000 <= cp <= 0x214F


def _decode_run(text: str, start: int, end: int, counts: Counter[str]) -> str | None:
    """Decode one run of mojibake characters, or None when it is not mojibake."""
    out: list[str] = []
    local: Counter[str] = Counter()
    i = start
    while i < end:
        lead = MOJIBAKE_REVERSE[text[i]]
        need = _expected_length(lead)
        if need == 0:
            return None
        seq = [lead]
        j = i + 1
        while j < end and len(seq) < need and 0x80 <= MOJIBAKE_REVERSE[text[j]] <= 0xBF:
            seq.append(MOJIBAKE_REVERSE[text[j]])
            j += 1
        if len(seq) == need:
            try:
                out.append(bytes(seq).decode("utf-8"))
            except UnicodeDecodeError:
                return None
            local["cp874_utf8"] += 1
        elif seq == [0xE2, 0x80]:
            out.append(_LOST_THIRD_BYTE)
            local["cp874_lost_byte"] += 1
        elif seq == [0xE2]:
            prev = out[-1] if out else (text[i - 1] if i > 0 else "")
            ch, kind = _lone_e2(prev, text[j:j + 4])
            out.append(ch)
            local[f"cp874_lossy_{kind}"] += 1
        elif seq == [0xC2]:
            out.append(_LOST_NBSP)
            local["cp874_lossy_nbsp"] += 1
        else:
            return None
        i = j
    result = "".join(out)
    if not all(_allowed(ch) for ch in result):
        return None
    counts.update(local)
    return result


def has_thai_mojibake(text: str) -> bool:
    """True when Thai characters appear as noise in an otherwise Latin-script text."""
    if text.isascii() or not _THAI.search(text):
        return False
    thai = sum(len(m) for m in _THAI.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    return latin > 0 and thai / (thai + latin) <= MAX_THAI_LETTER_SHARE


def _repair_cp874(text: str, counts: Counter[str]) -> str:
    pieces: list[str] = []
    last = 0
    for m in _RUN.finditer(text):
        if not _THAI.search(m.group()):
            continue  # genuine curly quotes, dashes, NBSPs: nothing to undo
        fixed = _decode_run(text, m.start(), m.end(), counts)
        if fixed is not None:
            pieces.append(text[last:m.start()])
            pieces.append(fixed)
            last = m.end()
    pieces.append(text[last:])
    text = "".join(pieces)

    def drop_stray(m: re.Match[str]) -> str:
        if len(m.group()) <= MAX_STRAY_THAI_RUN:
            counts["cp874_stray_removed"] += 1
            return ""
        return m.group()

    return _THAI.sub(drop_stray, text)


def _as_list(counts: Counter[str]) -> list[str]:
    return [f"{kind}:{n}" for kind, n in sorted(counts.items())]


def repair_encoding(text: str) -> tuple[str, list[str]]:
    """Undo UTF-8 read as cp874 (which ftfy cannot); returns the text and the repairs made."""
    counts: Counter[str] = Counter()
    if has_thai_mojibake(text):
        text = _repair_cp874(text, counts)
    return text, _as_list(counts)


def fix_mojibake(text: str) -> tuple[str, list[str]]:
    """ftfy's repairs (mojibake, entities, control characters), run only when it may help."""
    counts: Counter[str] = Counter()
    fixed = ftfy.fix_text(text, uncurl_quotes=False) if _ftfy_may_help(text) else text
    if fixed != text:
        fixed, explanation = ftfy.fix_and_explain(text, uncurl_quotes=False)
        steps = [step[1] if isinstance(step, tuple) else str(step) for step in (explanation or [])]
        for step in steps or ["fix_text"]:
            counts[f"ftfy_{step}"] += 1
        text = fixed
    return text, _as_list(counts)


def repair_text(text: str) -> tuple[str, list[str]]:
    """Repair mojibake (cp874, then ftfy); returns the text and the repairs made, as ``kind:count`` strings."""
    text, first = repair_encoding(text)
    text, second = fix_mojibake(text)
    return text, first + second
