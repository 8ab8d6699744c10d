"""Text of a scanned PDF page, read by Debian's ``tesseract`` binary.

The page is rendered by PDFium (turned as it is displayed) to a grey PNG and handed to
``tesseract`` on standard input; no shell, a time limit per page. The picture is 300 dpi up
to ``OCR_MAX_PIXELS`` (a page's size is the file's to choose: 200 inches square would be 3.6
gigapixels), and a page that cannot be rendered is that page's failure, not the file's.
Tesseract separates paragraphs by blank lines; the lines of each are joined like a text
page's.
"""

from __future__ import annotations

import io
import math
import shutil
import subprocess

import pypdfium2

from monazite.ingest.pdf_layout import join_lines

__all__ = ["OCR_DPI", "OCR_MAX_PIXELS", "OcrFailed", "ocr_available", "ocr_page", "render_scale"]

OCR_DPI = 300  # tesseract reads body text best at 300 dpi
OCR_MAX_PIXELS = 16_000_000  # an A3 page at ~290 dpi; A4 and Letter at 300 dpi are ~8.7 million
OCR_LANGUAGE = "eng"


class OcrFailed(Exception):
    """Tesseract could not read the page (timed out, crashed); the reason is the message."""


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


def render_scale(width: float, height: float) -> float:
    """Pixels per point for a page of ``width`` by ``height`` points: 300 dpi, less when that
    picture would hold more than ``OCR_MAX_PIXELS``."""
    area = max(width, 1.0) * max(height, 1.0)
    return min(OCR_DPI / 72, math.sqrt(OCR_MAX_PIXELS / area))


def ocr_page(page: pypdfium2.PdfPage, *, timeout: float) -> list[str]:
    """The page's paragraphs as tesseract reads them."""
    scale = render_scale(*page.get_size())
    try:
        picture = page.render(scale=scale, grayscale=True).to_pil()
        png = io.BytesIO()
        picture.save(png, format="PNG")
    except Exception as exc:  # noqa: BLE001 - PDFium or Pillow on one malformed page: that page is unread
        raise OcrFailed(f"the page could not be rendered ({type(exc).__name__}: {exc})") from exc
    executable = shutil.which("tesseract")
    if executable is None:
        raise OcrFailed("tesseract is not installed")
    dpi = max(1, round(scale * 72))
    try:
        done = subprocess.run([executable, "stdin", "stdout", "-l", OCR_LANGUAGE, "--dpi", str(dpi)],
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
