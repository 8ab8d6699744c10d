"""Office Open XML packages (docx, xlsx): a zip checked before any reader opens it.

A truncated download or a file renamed to .docx fails here with a reason an analyst can act
on ("broken docx: not a zip archive (truncated or not an Office file)") instead of a library
traceback, and a package that would inflate far past the file size limit (a zip bomb) is
refused before it is inflated.
"""

from __future__ import annotations

import io
import zipfile

from monazite.errors import UnsupportedInput

__all__ = ["MAX_INFLATION", "check_package", "package_kind"]

MAX_INFLATION = 20  # a package may hold at most this many times max_file_bytes once unzipped

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
