"""PDFs made on the spot for tests and benchmarks (reportlab draws them, pypdf encrypts and
rotates them), so every PDF a test reads is one we wrote and know the text of.

``PdfMaker`` draws pages line by line at chosen places (so a test controls columns,
hyphenation at line ends, running headers and footers, ruled tables); the functions below it
build the files the PDF tests and the issue-14 helpers share: a two-column page, a report
whose production table runs onto the next page, an encrypted copy, a rotated copy, an
image-only page, a long report for the benchmark.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

__all__ = [
    "PAGE_HEIGHT", "PAGE_WIDTH", "PdfMaker", "annual_report_pdf", "encrypt_pdf", "image_only_pdf", "long_report_pdf",
    "remapped_text_pdf", "rotate_pdf", "two_column_pdf", "wrap",
]

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 56.0
FONT = "Helvetica"
BOLD = "Helvetica-Bold"
LEADING = 1.35  # line height as a multiple of the font size


def wrap(text: str, width: float, size: float = 10.0, font: str = FONT) -> list[str]:
    """``text`` broken into lines no wider than ``width`` points."""
    return simpleSplit(text, font, size, width)


class PdfMaker:
    """A reportlab canvas with a cursor: paragraphs, headings, ruled tables, running
    headers and footers, page by page."""

    def __init__(self, *, title: str | None = None, author: str | None = None,
                 created: dt.datetime | None = None, header: str | None = None, footer: str | None = None) -> None:
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=A4, invariant=1)
        if title:
            self.canvas.setTitle(title)
        if author:
            self.canvas.setAuthor(author)
        if created:
            self.canvas.setDateFormatter(lambda *_: created.strftime("D:%Y%m%d%H%M%S+00'00'"))
        self.header, self.footer = header, footer  # footer may hold {page}
        self.page_number = 0
        self.y = 0.0
        self._open = False

    def new_page(self) -> PdfMaker:
        if self._open:
            self.canvas.showPage()
        self.page_number += 1
        self._open = True
        if self.header:
            self.canvas.setFont(FONT, 8)
            self.canvas.drawString(MARGIN, PAGE_HEIGHT - 30, self.header)
        if self.footer:
            self.canvas.setFont(FONT, 8)
            self.canvas.drawCentredString(PAGE_WIDTH / 2, 28, self.footer.format(page=self.page_number))
        self.y = PAGE_HEIGHT - MARGIN - 10
        return self

    def line(self, text: str, *, x: float = MARGIN, size: float = 10.0, font: str = FONT) -> PdfMaker:
        self.canvas.setFont(font, size)
        self.canvas.drawString(x, self.y, text)
        self.y -= size * LEADING
        return self

    def lines(self, lines: Sequence[str], *, x: float = MARGIN, size: float = 10.0) -> PdfMaker:
        for text in lines:
            self.line(text, x=x, size=size)
        return self

    def heading(self, text: str, size: float = 14.0) -> PdfMaker:
        self.y -= size * 0.4
        self.line(text, size=size, font=BOLD)
        self.y -= size * 0.3
        return self

    def paragraph(self, text: str, *, x: float = MARGIN, width: float = PAGE_WIDTH - 2 * MARGIN,
                  size: float = 10.0) -> PdfMaker:
        """A wrapped paragraph followed by a blank half line (the gap that ends a paragraph)."""
        self.lines(wrap(text, width, size), x=x, size=size)
        self.y -= size * 0.8
        return self

    def columns(self, left: Sequence[str], right: Sequence[str], *, size: float = 10.0, gutter: float = 24.0) -> PdfMaker:
        """Two columns of paragraphs side by side from the cursor down; the cursor ends under
        the longer one."""
        width = (PAGE_WIDTH - 2 * MARGIN - gutter) / 2
        top = self.y
        placed: list[list[tuple[float, float, str]]] = []  # per column: (x, y, line)
        for x, paragraphs in ((MARGIN, left), (MARGIN + width + gutter, right)):
            y, column = top, []
            for text in paragraphs:
                for line in wrap(text, width, size):
                    column.append((x, y, line))
                    y -= size * LEADING
                y -= size * 0.8
            placed.append(column)
        # drawn row by row across both columns, as many producers write them: a reader that
        # follows the content stream interleaves the columns
        self.canvas.setFont(FONT, size)
        for row in range(max(len(c) for c in placed)):
            for column in placed:
                if row < len(column):
                    x, y, line = column[row]
                    self.canvas.drawString(x, y, line)
        self.y = min(column[-1][1] for column in placed if column) - size * (LEADING + 0.8)
        return self

    def table(self, rows: Sequence[Sequence[str]], *, widths: Sequence[float] | None = None, size: float = 9.0,
              x: float = MARGIN) -> PdfMaker:
        """A table with a ruled grid (the lines pdfplumber's table finder looks for)."""
        widths = list(widths or [(PAGE_WIDTH - 2 * MARGIN) / max(len(rows[0]), 1)] * len(rows[0]))
        height = size * 2.0
        self.canvas.setLineWidth(0.5)
        top = self.y + size * 1.3
        for r, row in enumerate(rows):
            row_top = top - r * height
            left = x
            for c, text in enumerate(row):
                self.canvas.rect(left, row_top - height, widths[c], height, stroke=1, fill=0)
                self.canvas.setFont(BOLD if r == 0 else FONT, size)
                self.canvas.drawString(left + 4, row_top - height + size * 0.7, text)
                left += widths[c]
        self.y = top - len(rows) * height - size * 1.8
        return self

    def aligned_table(self, rows: Sequence[Sequence[str]], *, right_edges: Sequence[float], rules: str = "none",
                      size: float = 9.0, x: float = MARGIN, leading: float = 1.7,
                      header_rows: int = 1) -> PdfMaker:
        """A table without a ruled grid, as most reports print them: the first column's labels
        left-aligned at ``x``, every other column right-aligned at its ``right_edges`` entry.
        ``rules``: "none", or "horizontal" (a rule above and below the header rows and under
        the last row, the usual annual-report style; no vertical lines)."""
        step = size * leading
        self.canvas.setLineWidth(0.5)
        width = right_edges[-1] - x
        if rules == "horizontal":
            self.canvas.line(x, self.y + size * 1.2, x + width + 4, self.y + size * 1.2)
        for r, row in enumerate(rows):
            font = BOLD if r < header_rows else FONT
            self.canvas.setFont(font, size)
            for c, text in enumerate(row):
                if not text:
                    continue
                if c == 0:
                    self.canvas.drawString(x, self.y, text)
                else:
                    self.canvas.drawRightString(right_edges[c - 1], self.y, text)
            if rules == "horizontal" and (r == header_rows - 1 or r == len(rows) - 1):
                self.canvas.line(x, self.y - size * 0.55, x + width + 4, self.y - size * 0.55)
            self.y -= step
        self.y -= size * 1.2
        return self

    def space(self, points: float) -> PdfMaker:
        self.y -= points
        return self

    def image(self, png: bytes) -> PdfMaker:
        """A full-page picture (a scanned page: no text layer)."""
        self.canvas.drawImage(ImageReader(io.BytesIO(png)), 0, 0, width=PAGE_WIDTH, height=PAGE_HEIGHT)
        return self

    def bytes(self) -> bytes:
        if self._open:
            self.canvas.showPage()
            self._open = False
        self.canvas.save()
        return self.buffer.getvalue()

    def save(self, path: Path) -> Path:
        path.write_bytes(self.bytes())
        return path


LEFT_COLUMN = [
    "Left column opens the page. Lynas processed rare-earth concentrate at Kalgoorlie throughout the quarter.",
    "Left column closes with the cracking and leaching plant running at its nameplate rate.",
]
RIGHT_COLUMN = [
    "Right column begins after the left one. Separation at Kuantan produced NdPr oxide for magnet makers.",
    "Right column ends the page with the heavy rare-earth circuit still in commissioning.",
]


def two_column_pdf(path: Path) -> Path:
    """One page: a full-width title, two columns of two paragraphs each, a full-width closing line."""
    maker = PdfMaker().new_page()
    maker.heading("Quarterly activities report")
    maker.columns(LEFT_COLUMN, RIGHT_COLUMN)
    maker.paragraph("This closing line spans the full width of the page below both columns of the report.")
    return maker.save(path)


PRODUCTION_HEADER = ["Product", "2022", "2023", "2024"]
PRODUCTION_ROWS = [
    ["NdPr oxide", "5,200", "5,700", "6,100"],
    ["Dysprosium oxide", "38", "45", "52"],
    ["Terbium oxide", "11", "13", "15"],
    ["Lanthanum carbonate", "9,800", "10,400", "11,200"],
    ["Cerium carbonate", "14,100", "15,000", "15,900"],
    ["Samarium oxide", "220", "240", "260"],
]


def annual_report_pdf(path: Path, *, split_after: int | None = 3, repeat_header: bool = True,
                      rows: Sequence[Sequence[str]] = PRODUCTION_ROWS) -> Path:
    """A three-page annual report with a running header and page-number footer; its
    production table (caption "Table 2: Production by product (tonnes)") starts at the foot
    of page 1 and, with ``split_after``, continues on page 2 (its header repeated or not)."""
    maker = PdfMaker(title="Annual Report 2024", author="Arafura Rare Earths Ltd",
                     created=dt.datetime(2025, 3, 28, 9, 0, tzinfo=dt.timezone.utc),
                     header="Arafura Rare Earths Ltd - Annual Report 2024", footer="Page {page}")
    maker.new_page().heading("Annual Report 2024")
    maker.paragraph("Arafura Rare Earths Ltd (ASX: ARU) presents its annual report for the year ended 30 June 2024. "
                    "NdPr oxide production reached 6,100 tonnes in 2024, up from 5,700 tonnes in 2023.")
    maker.paragraph("The Nolans project in the Northern Territory remains on schedule for first production, and the "
                    "company signed offtake agreements with magnet makers in Korea and Germany.")
    maker.y = 300.0  # the table starts low on the page, so it runs over when split
    maker.line("Table 2: Production by product (tonnes)", font=BOLD)
    maker.space(4)
    first = [PRODUCTION_HEADER, *rows[:split_after]] if split_after is not None else [PRODUCTION_HEADER, *rows]
    maker.table(first, widths=[180, 100, 100, 100])
    if split_after is not None:
        maker.new_page()
        rest = [list(r) for r in rows[split_after:]]
        maker.table([PRODUCTION_HEADER, *rest] if repeat_header else rest, widths=[180, 100, 100, 100])
    else:
        maker.new_page()
    maker.paragraph("Production of separated products rose in every line as the cracking plant ran at a higher "
                    "rate, and the company expects further growth of output in the next financial year.")
    maker.new_page().heading("Outlook")
    maker.paragraph("The board expects the Nolans project to reach a final investment decision during the next "
                    "financial year, subject to the completion of its debt funding.")
    return maker.save(path)


def long_report_pdf(path: Path, pages: int, *, two_columns: bool = False, table_every: int = 10) -> Path:
    """A report of ``pages`` pages of prose (one or two columns), with a ruled table every
    ``table_every`` pages: the benchmark's corpus."""
    maker = PdfMaker(title="Long report", header="Rare Earths Review - Long report", footer="Page {page}")
    sentence = ("In {year} the separation plant produced {value} tonnes of NdPr oxide, and exports of magnet "
                "alloy rose as refiners in {place} added capacity for heavy rare-earth processing.")
    places = ["Malaysia", "Vietnam", "Estonia", "Texas", "Western Australia", "Jiangxi"]
    for n in range(1, pages + 1):
        maker.new_page().heading(f"Section {n}")
        paragraphs = [" ".join(sentence.format(year=2000 + (n + k) % 25, value=1000 + 37 * n + k,
                                               place=places[(n + k) % len(places)]) for k in range(3))
                      for _ in range(4)]
        if two_columns:
            maker.columns(paragraphs[:2], paragraphs[2:], size=9)
        else:
            for text in paragraphs[:3]:
                maker.paragraph(text)
        if table_every and n % table_every == 0:
            maker.line(f"Table {n // table_every}: Output by plant (tonnes)", font=BOLD)
            maker.space(4)
            maker.table([["Plant", "2023", "2024"], ["Kuantan", str(5000 + n), str(5200 + n)],
                         ["Mount Weld", str(9000 + n), str(9400 + n)]], widths=[200, 120, 120])
    return maker.save(path)


def encrypt_pdf(source: Path, target: Path, *, user_password: str, algorithm: str = "AES-128") -> Path:
    """``source`` encrypted with pypdf; an empty ``user_password`` gives a permissions-only
    file anyone may open."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def rotate_pdf(source: Path, target: Path, *, page_index: int = 0, degrees: int = 90) -> Path:
    """``source`` with one page turned by /Rotate (the content stream unchanged)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.pages[page_index].rotate(degrees)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


def landscape_page_pdf(path: Path, lines: Sequence[str]) -> Path:
    """A landscape page stored the way many generators do it: a portrait page with
    /Rotate 90 whose content is drawn turned, so it reads upright on screen."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setPageRotation(90)
    canvas.saveState()
    # the viewer turns the page a quarter clockwise: the file's bottom-left corner shows at the
    # top left, and text drawn upwards reads left to right
    canvas.rotate(90)
    canvas.setFont(FONT, 11)
    y = -MARGIN - 11
    for text in lines:
        canvas.drawString(MARGIN, y, text)
        y -= 11 * LEADING
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    path.write_bytes(buffer.getvalue())
    return path


def image_only_pdf(path: Path, paragraphs: Sequence[str], *, text_pages_before: int = 0,
                   page_scale: float = 1.0) -> Path:
    """A scan: ``paragraphs`` drawn as text, rendered to a 200 dpi picture with pypdfium2 and
    placed as the only content of a page (no text layer), after ``text_pages_before`` pages
    of ordinary text. ``page_scale`` enlarges the scanned page and its picture (14400 points,
    200 inches, is the largest page PDF allows)."""
    import pypdfium2

    source = PdfMaker().new_page()
    source.y -= 40
    for text in paragraphs:
        source.paragraph(text, size=12)
    document = pypdfium2.PdfDocument(source.bytes())
    picture = document[0].render(scale=200 / 72).to_pil().convert("L")
    png = io.BytesIO()
    picture.save(png, format="PNG")
    document.close()
    maker = PdfMaker()
    for n in range(text_pages_before):
        maker.new_page().paragraph(f"Page {n + 1} has an ordinary text layer about rare-earth separation capacity "
                                   "in Malaysia and the outlook for NdPr oxide prices.")
    maker.new_page()
    if page_scale != 1.0:
        maker.canvas.setPageSize((PAGE_WIDTH * page_scale, PAGE_HEIGHT * page_scale))
    maker.canvas.drawImage(ImageReader(io.BytesIO(png.getvalue())), 0, 0, width=PAGE_WIDTH * page_scale,
                           height=PAGE_HEIGHT * page_scale)
    return maker.save(path)


def line_width(text: str, size: float = 10.0) -> float:
    return stringWidth(text, FONT, size)


def remapped_text_pdf(path: Path, lines: Sequence[str], mapping: dict[str, str]) -> Path:
    """``lines`` drawn in an embedded TrueType font (reportlab's Vera) whose ToUnicode map then
    says that each ASCII key of ``mapping`` stands for its value, written as UTF-16 code units
    (surrogates allowed alone): how a PDF gives text beyond the BMP (math letters, emoji,
    rare CJK), which reportlab cannot write itself, or a broken map with a lone surrogate."""
    import os
    import re

    import reportlab
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("Vera", os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setFont("Vera", 11)
    y = PAGE_HEIGHT - MARGIN - 11
    for text in lines:
        canvas.drawString(MARGIN, y, text)
        y -= 11 * LEADING
    canvas.showPage()
    canvas.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buffer.getvalue())))
    units = {f"{ord(key):04X}": value.encode("utf-16-be", "surrogatepass").hex().upper()
             for key, value in mapping.items()}
    for font in writer.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        if "/ToUnicode" not in font:
            continue
        stream = font["/ToUnicode"].get_object()
        cmap = stream.get_data().decode("latin-1")
        cmap = re.sub(r"(<[0-9A-F]{2}> )<([0-9A-F]{4})>",
                      lambda m: f"{m.group(1)}<{units.get(m.group(2), m.group(2))}>", cmap)
        stream.set_data(cmap.encode("latin-1"))
    with path.open("wb") as handle:
        writer.write(handle)
    return path
