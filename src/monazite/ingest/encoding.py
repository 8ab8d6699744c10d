"""Turning raw bytes into text, or refusing them with a reason an analyst can act on.

Order matters: a byte-order mark is the strongest evidence, then strict UTF-8 (the web's
default, and a strict decode of non-UTF-8 bytes almost always fails), then UTF-8 with a
few stray bytes (a page declared UTF-8, or full of valid UTF-8 sequences, into which an
editor pasted some Windows-1252 text: each stray byte is read as cp1252 and the rest stays
UTF-8, instead of the whole page becoming cp1250 mojibake), then BOM-less UTF-16
recognised by its NUL pattern, and only then charset-normalizer's statistical guess. Binary files are refused before any guess, because every byte string decodes as
*something* in a single-byte code page.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from monazite.errors import UnsupportedInput

__all__ = ["BINARY_SIGNATURES", "MIXED_UTF8", "decode_bytes", "detect_encoding"]

SNIFF_BYTES = 8192  # how much of the input the binary and UTF-16 checks look at
MAX_CONTROL_RATIO = 0.05  # share of C0 control bytes (not tab/newline) above which input is binary
UTF16_NUL_RATIO = 0.3  # share of NULs at odd (or even) offsets that marks BOM-less UTF-16 text
MAX_CHAOS = 0.25  # charset-normalizer "mess" above which a guessed decoding is refused
MAX_WESTERN_HIGH_LETTERS = 0.25  # accented letters above this share of all letters: not Western text
CHAOS_TIE = 0.05  # guesses this close to the best are ties, broken in favour of common encodings
MAX_CONTROL_CHARS_DECODED = 0.02  # share of control characters tolerated in decoded text
DECLARED_UTF8_STRAY_SHARE = 0.8  # a page declared UTF-8 is UTF-8 with stray bytes up to this share of its high bytes
MAX_STRAY_BYTE_SHARE = 0.5  # undeclared input is UTF-8 with stray bytes while stray bytes stay below this share of
# all non-ASCII sequences (valid UTF-8 sequences are the rest); cp1252 text has almost no valid UTF-8 sequences
MIXED_UTF8 = "utf-8+cp1252"  # the encoding reported for UTF-8 text with stray cp1252 bytes

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of formats people drop into an article folder by mistake.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP/Office"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)

# News text is overwhelmingly in these; on short inputs charset-normalizer may otherwise
# pick an exotic code page (hp_roman8, mac_cyrillic) that decodes the bytes equally well.
COMMON_ENCODINGS: tuple[str, ...] = (
    "cp1252", "windows-1252", "iso8859_1", "latin_1", "iso8859_15", "cp1251", "koi8_r", "gb18030", "gb2312",
    "big5", "shift_jis",
    "euc_jp", "euc_kr", "cp949", "cp874", "tis_620", "cp1250", "iso8859_2",
)

WESTERN_PUNCTUATION = frozenset(
    "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u20ac\u2022\u2122"  # ‘ ’ “ ” – — … € • ™
    "\u00a0\u00a9\u00ae\u00b0\u00a3\u00a5\u00b7\u00ab\u00bb\u00bd\u00bc\u00be\u00b2\u00b3\u00b5\u00a7"  # NBSP © ® ° £ ¥ · « » ½ ¼ ¾ ² ³ µ §
)

_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\r\x0c\x0b\x1b")


def _bom(raw: bytes) -> tuple[str, int] | None:
    for bom, name in BOMS:
        if raw.startswith(bom):
            return name, len(bom)
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) / len(odd) > UTF16_NUL_RATIO and even.count(0) / len(even) < 0.05:
        return "utf-16-le"
    if even.count(0) / len(even) > UTF16_NUL_RATIO and odd.count(0) / len(odd) < 0.05:
        return "utf-16-be"
    return None


def _refuse_binary(raw: bytes, origin: str) -> None:
    for magic, label in BINARY_SIGNATURES:
        if raw.startswith(magic):
            raise UnsupportedInput(origin, f"binary file ({label}), not text")
    sample = raw[:SNIFF_BYTES]
    if b"\x00" in sample:
        raise UnsupportedInput(origin, "binary file (contains NUL bytes), not text")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls / len(sample) > MAX_CONTROL_RATIO:
        raise UnsupportedInput(origin, "binary file (too many control bytes), not text")


def _stray_as_cp1252(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each byte that is not part of a valid UTF-8 sequence read as cp1252."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    byte = err.object[err.start:err.start + 1]
    return byte.decode("cp1252", "replace"), err.start + 1


codecs.register_error("monazite-stray-cp1252", _stray_as_cp1252)

_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def _utf8_with_stray_bytes(raw: bytes, declared: str | None) -> bool:
    """UTF-8 text with a few bytes that are not UTF-8: valid UTF-8 sequences outnumber the stray
    bytes. A page declared UTF-8 gets more room (half its high bytes may be stray), but a page in
    another code page that merely claims UTF-8 (a cp1251 page is nearly all stray bytes) does not
    pass, and falls to detection."""
    valid = len(_UTF8_SEQUENCE.findall(raw))
    stray = len(_HIGH_BYTE.findall(_UTF8_SEQUENCE.sub(b"", raw)))
    if valid == 0:
        return False
    limit = DECLARED_UTF8_STRAY_SHARE if declared and codecs.lookup(declared).name == "utf-8" else MAX_STRAY_BYTE_SHARE
    return stray / (valid + stray) < limit


def detect_encoding(raw: bytes, origin: str = "<bytes>", declared: str | None = None) -> str:
    """The encoding ``raw`` is written in; raises ``UnsupportedInput`` for binary or undecodable input.

    ``declared`` (an HTML ``<meta charset>`` or XML declaration) is trusted after UTF-8 and
    before any statistical guess.
    """
    if not raw:
        raise UnsupportedInput(origin, "empty file")
    bom = _bom(raw)
    if bom:
        return bom[0]
    utf16 = _utf16_without_bom(raw[:SNIFF_BYTES])
    if utf16:
        return utf16
    _refuse_binary(raw, origin)
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        if _utf8_with_stray_bytes(raw, declared):
            return MIXED_UTF8
    except LookupError:
        declared = None  # an unknown declared charset is no evidence
    if declared:
        try:
            raw.decode(declared)
            return declared
        except (LookupError, UnicodeDecodeError):
            pass
    if _looks_western(raw):
        return "cp1252"
    matches = list(from_bytes(raw))
    if not matches or matches[0].chaos > MAX_CHAOS:
        raise UnsupportedInput(origin, "undecodable bytes: not UTF-8 and no plausible text encoding")
    best = matches[0]
    for match in matches:
        if match.chaos > best.chaos + CHAOS_TIE:
            continue
        for name in match.could_be_from_charset:
            if name in COMMON_ENCODINGS:
                return name
    return best.encoding


def _looks_western(raw: bytes) -> bool:
    """Windows-1252 text: accented letters and smart punctuation sprinkled through ASCII words.

    Text in a Cyrillic or Greek single-byte code page also decodes under cp1252, but there
    whole words are high bytes, so the share of non-ASCII letters gives it away.
    """
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    high = [ch for ch in text if ord(ch) > 0x7F]
    high_letters = sum(1 for ch in high if ch.isalpha())
    plausible = sum(1 for ch in high if ch.isalpha() or ch in WESTERN_PUNCTUATION)
    return high_letters / len(letters) < MAX_WESTERN_HIGH_LETTERS and plausible == len(high)


_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL_CHARS.findall(text)) / len(text)


def decode_bytes(raw: bytes, origin: str = "<bytes>", declared: str | None = None) -> tuple[str, str]:
    """Decode ``raw`` to text; returns ``(text, encoding)``."""
    encoding = detect_encoding(raw, origin, declared)
    try:
        text = raw.decode("utf-8", "monazite-stray-cp1252") if encoding == MIXED_UTF8 else raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise UnsupportedInput(origin, f"undecodable bytes as {encoding}: {exc}") from exc
    if encoding.startswith("utf-16") or encoding.startswith("utf-32"):
        if "\x00" in text or _control_share(text) > MAX_CONTROL_CHARS_DECODED:
            raise UnsupportedInput(origin, "binary file (control characters after decoding), not text")
    elif _control_share(text) > MAX_CONTROL_CHARS_DECODED:
        raise UnsupportedInput(origin, f"undecodable bytes: decoding as {encoding} yields control characters")
    if not text.strip():
        raise UnsupportedInput(origin, "empty file (only whitespace)")
    return text.lstrip("\ufeff"), encoding
