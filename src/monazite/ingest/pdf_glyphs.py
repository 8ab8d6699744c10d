"""The glyphs of a PDF page, through PDFium (pypdfium2), in the page's upright frame.

PDFium reports each character's box and baseline in the file's own coordinates (y up, before
the page's /Rotate). ``Frame`` turns them into what a reader sees: the page as displayed
(turned clockwise by /Rotate, as pdfplumber's coordinates are), then turned again by the
text's own direction when most of its text runs up or down (a page whose content was drawn
sideways), so reading always runs left to right, top to bottom.
"""

from __future__ import annotations

import ctypes
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pypdfium2
import pypdfium2.raw as pdfium_c

from monazite.ingest.pdf_layout import Char

__all__ = ["Frame", "PageGlyphs", "page_glyphs"]

PDFIUM_LINE_END_HYPHEN = 2  # PDFium reports a hyphen at the end of a line as U+0002


@dataclass(frozen=True)
class Frame:
    """A page's mapping from file coordinates (y up) to the upright top-down reading frame."""

    x0: float  # the media box
    y0: float
    width: float
    height: float
    rotation: int  # /Rotate, degrees clockwise
    text_turns: int  # further quarter turns clockwise making the text upright

    def _turn(self, x: float, y: float, turns: int, width: float, height: float) -> tuple[float, float, float, float]:
        for _ in range(turns % 4):
            x, y, width, height = y, width - x, height, width
        return x, y, width, height

    def displayed(self, x: float, y: float) -> tuple[float, float]:
        """File point -> the displayed page (y up), as pdfminer and pdfplumber place it."""
        dx, dy, _, _ = self._turn(x - self.x0, y - self.y0, self.rotation // 90, self.width, self.height)
        return dx, dy

    def displayed_size(self) -> tuple[float, float]:
        _, _, w, h = self._turn(0, 0, self.rotation // 90, self.width, self.height)
        return w, h

    def reading_size(self) -> tuple[float, float]:
        """Width and height of the page in the reading frame."""
        w, h = self.displayed_size()
        return (h, w) if self.text_turns % 2 else (w, h)

    def from_displayed(self, x: float, y: float) -> tuple[float, float]:
        """A displayed point (y up) -> the reading frame (top-down)."""
        w, h = self.displayed_size()
        fx, fy, _, fh = self._turn(x, y, self.text_turns, w, h)
        return fx, fh - fy

    def point(self, x: float, y: float) -> tuple[float, float]:
        """File point -> reading frame (x right, y down from the top)."""
        return self.from_displayed(*self.displayed(x, y))

    def box(self, left: float, bottom: float, right: float, top: float, *, displayed: bool = False
            ) -> tuple[float, float, float, float]:
        """A box (file or, with ``displayed``, displayed coordinates) as (x0, top, x1, bottom) in the frame."""
        convert = self.from_displayed if displayed else self.point
        corners = [convert(x, y) for x in (left, right) for y in (bottom, top)]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        return min(xs), min(ys), max(xs), max(ys)


OFF_PAGE_TOLERANCE = 2.0  # points: a glyph whose centre lies further outside the page box is not shown


@dataclass
class PageGlyphs:
    frame: Frame
    chars: list[Char]
    images: int  # image objects on the page
    paths: int  # path objects (rules, boxes): a table may be drawn here
    off_page: int = 0  # characters drawn outside the page box (invisible), left out


def _count_objects(page: pypdfium2.PdfPage) -> tuple[int, int]:
    images = paths = 0
    raw = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        kind = pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i))
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            paths += 1
    return images, paths


def page_glyphs(page: pypdfium2.PdfPage) -> PageGlyphs:
    """Every character PDFium reads on ``page`` (its line breaks left out), in the page's
    upright reading frame. Three PDFium calls per character (advance box, matrix, font
    size); the frame's mapping is applied to all of them at once. Characters outside the
    page box are left out: no viewer shows them, and the layout's costs grow with the
    area the glyphs span, which a file would otherwise choose."""
    left, bottom, right, top = page.get_mediabox()
    rotation = page.get_rotation() % 360
    textpage = page.get_textpage()
    raw = textpage.raw
    box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    codes: list[int] = []
    rows: list[tuple[float, float, float, float, float, float, float]] = []
    angles: Counter[int] = Counter()
    try:
        count = pdfium_c.FPDFText_CountChars(raw)
        units = (ctypes.c_ushort * (count + 1))()
        pdfium_c.FPDFText_GetText(raw, 0, count, units)
        low_half_taken = False
        for i in range(count):
            if low_half_taken:  # the second unit of a pair read with the first
                low_half_taken = False
                continue
            code = units[i]
            if code == 0xFFFE:  # the text's mark for a line-end hyphen
                code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if code == PDFIUM_LINE_END_HYPHEN:
                code = ord("-")  # PDFium's mark for a hyphen ending a line: the hyphen the file draws
            if 0xD800 <= code <= 0xDBFF and i + 1 < count and 0xDC00 <= units[i + 1] <= 0xDFFF:
                # a character beyond the BMP comes as two UTF-16 units, each its own PDFium
                # character: one character here, boxed by the first half
                code, low_half_taken = 0x10000 + ((code - 0xD800) << 10) + (units[i + 1] - 0xDC00), True
            if code < 32 or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF) or code > 0x10FFFF:
                continue  # a control, a lone surrogate half (a broken ToUnicode map), a non-character
            # the loose box spans the glyph's advance (a "1" is as wide as a "0"), so word gaps
            # are measured between advances, not between inked shapes
            if not pdfium_c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(box)):
                continue
            pdfium_c.FPDFText_GetMatrix(raw, i, ctypes.byref(matrix))
            codes.append(code)
            rows.append((box.left, box.bottom, box.right, box.top, matrix.e, matrix.f,
                         pdfium_c.FPDFText_GetFontSize(raw, i)))
            if code != 32:
                # the glyph's direction (counter-clockwise, in the file) less the page's clockwise
                # turn is its direction on screen; that many quarter turns back make it upright
                degrees = math.degrees(math.atan2(matrix.b, matrix.a)) - rotation
                angles[round(degrees / 90) % 4] += 1
    finally:
        textpage.close()
    quarter = angles.most_common(1)[0][0] if angles else 0
    frame = Frame(x0=left, y0=bottom, width=right - left, height=top - bottom, rotation=rotation,
                  text_turns=quarter)
    chars: list[Char] = []
    off_page = 0
    if rows:
        data = np.asarray(rows, dtype=float)
        (ax, ay), (bx, by), (cx, cy) = (frame.point(0.0, 0.0), frame.point(1.0, 0.0), frame.point(0.0, 1.0))
        linear = np.array([[bx - ax, cx - ax], [by - ay, cy - ay]])

        def place(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return linear[0, 0] * x + linear[0, 1] * y + ax, linear[1, 0] * x + linear[1, 1] * y + ay

        x_a, y_a = place(data[:, 0], data[:, 1])
        x_b, y_b = place(data[:, 2], data[:, 3])
        _, baseline = place(data[:, 4], data[:, 5])
        x0s, x1s = np.minimum(x_a, x_b), np.maximum(x_a, x_b)
        heights = np.abs(y_b - y_a)
        sizes = np.where(data[:, 6] > 0, data[:, 6], np.where(heights > 0, heights, 1.0))
        width, height = frame.reading_size()
        centre_x, centre_y = (x0s + x1s) / 2, baseline - sizes * 0.375
        shown = ((centre_x >= -OFF_PAGE_TOLERANCE) & (centre_x <= width + OFF_PAGE_TOLERANCE)
                 & (centre_y >= -OFF_PAGE_TOLERANCE) & (centre_y <= height + OFF_PAGE_TOLERANCE)
                 & np.isfinite(centre_x) & np.isfinite(centre_y) & np.isfinite(sizes))
        off_page = int((~shown & (np.asarray(codes) != 32)).sum())
        for code, x0, x1, base, size, keep in zip(codes, x0s.tolist(), x1s.tolist(), baseline.tolist(),
                                                  sizes.tolist(), shown.tolist()):
            if keep:
                chars.append(Char(text=chr(code), x0=x0, x1=x1, top=base - size * 0.75, bottom=base, size=size))
    images, paths = _count_objects(page)
    return PageGlyphs(frame=frame, chars=chars, images=images, paths=paths, off_page=off_page)
