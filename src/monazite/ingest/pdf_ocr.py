"""Text of a scanned PDF page, read by Debian's ``tesseract`` binary.

The page is rendered by PDFium (turned as it is displayed) to a grey PNG and handed to
``tesseract`` on standard input; no shell, a time limit per page. Tesseract separates
paragraphs by blank lines; the lines of each are joined like a text page's.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import pypdfium2

from monazite.ingest.pdf_layout import join_lines

__all__ = ["OCR_DPI", "OcrFailed", "ocr_available", "ocr_page"]

OCR_DPI = 300  # tesseract reads body text best at 300 dpi
OCR_LANGUAGE = "eng"


class OcrFailed(Exception):
    """Tesseract could not read the page (timed out, crashed); the reason is the message."""


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


def ocr_page(page: pypdfium2.PdfPage, *, timeout: float) -> list[str]:
    """The page's paragraphs as tesseract reads them."""
    picture = page.render(scale=OCR_DPI / 72, grayscale=True).to_pil()
    png = io.BytesIO()
    picture.save(png, format="PNG")
    executable = shutil.which("tesseract")
    if executable is None:
        raise OcrFailed("tesseract is not installed")
    try:
        done = subprocess.run([executable, "stdin", "stdout", "-l", OCR_LANGUAGE, "--dpi", str(OCR_DPI)],
                              input=png.getvalue(), capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise OcrFailed(f"tesseract took over {timeout:g} s (setting ocr_timeout)") from exc
    except OSError as exc:
        raise OcrFailed(f"tesseract could not run: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrFailed(f"tesseract failed ({done.returncode}): {message[-1] if message else 'no message'}")
    text = done.stdout.decode("utf-8", "replace").replace("\f", "")
    paragraphs: list[str] = []
    for chunk in text.split("\n\n"):
        joined = join_lines(chunk.split("\n"))
        if joined.strip():
            paragraphs.append(joined.strip())
    return paragraphs
