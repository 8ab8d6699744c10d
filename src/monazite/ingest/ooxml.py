"""Office Open XML packages (docx, xlsx): a zip checked before any reader opens it.

A truncated download or a file renamed to .docx fails here with a reason an analyst can act
on ("broken docx: not a zip archive (truncated or not an Office file)") instead of a library
traceback, and a package that would inflate far past the file size limit (a zip bomb) is
refused before it is inflated.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

import lxml.etree

from monazite.errors import UnsupportedInput

__all__ = ["BROKEN_PACKAGE", "GENERATOR_NAMES", "MAX_INFLATION", "check_package", "package_kind"]

MAX_INFLATION = 20  # a package may hold at most this many times max_file_bytes once unzipped
# core "authors" (creator) that are libraries, not people: a file they wrote has no author
GENERATOR_NAMES = frozenset({"openpyxl", "python-docx", "xlsxwriter"})
# what zipfile and the XML parsers raise on a damaged package, whatever library reads it: an
# entry flagged encrypted gives RuntimeError, an unknown compression NotImplementedError
BROKEN_PACKAGE: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, RuntimeError, NotImplementedError, KeyError, ValueError,
    TypeError, IndexError, AttributeError, EOFError, OSError, ExpatError, ParseError, lxml.etree.Error)
_COMPRESSIONS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}  # what zipfile inflates

_MAIN_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def check_package(data: bytes, origin: str, kind: str, max_file_bytes: int) -> None:
    """Raise ``UnsupportedInput("broken <kind>: ...")`` unless ``data`` is a readable zip
    holding the part a ``kind`` file must have, of a sane unzipped size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsupportedInput(origin, f"broken {kind}: not a zip archive, truncated or not an Office file "
                                       f"({exc})") from exc
    main = _MAIN_PARTS.get(kind)
    if main and main not in names:
        if kind == "docx" and "xl/workbook.xml" in names or kind == "xlsx" and "word/document.xml" in names:
            other = "xlsx" if kind == "docx" else "docx"
            raise UnsupportedInput(origin, f"broken {kind}: the file is a {other} package under a .{kind} name")
        raise UnsupportedInput(origin, f"broken {kind}: no {main} in the package")
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsupportedInput(origin, f"broken {kind}: the part {info.filename} is encrypted (a password-"
                                           "protected Office file is an encrypted container, not a zip)")
        if info.compress_type not in _COMPRESSIONS:
            raise UnsupportedInput(origin, f"broken {kind}: the part {info.filename} uses compression method "
                                           f"{info.compress_type}, which no reader here inflates")
    unzipped = sum(info.file_size for info in infos)
    if unzipped > MAX_INFLATION * max_file_bytes:
        raise UnsupportedInput(origin, f"oversized {kind}: {unzipped} bytes once unzipped, more than "
                                       f"{MAX_INFLATION} times the file size limit (setting max_file_bytes)")


def package_kind(data: bytes) -> str | None:
    """"docx" or "xlsx" for bytes that are such a package (a download whose name and
    Content-Type say nothing), else None."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    return next((kind for kind, part in _MAIN_PARTS.items() if part in names), None)
