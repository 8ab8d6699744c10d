"""PDF files to a ``Reading``: text in reading order with the page of every character,
tables in place of their words, scans read by tesseract when allowed.

Libraries, chosen by measurement (``bench/bench_pdf.py``): PDFium (pypdfium2) reads the
glyphs and their positions fastest of pypdf, pdfminer.six, pdfplumber and PDFium, opens
permissions-only encrypted files and refuses password-protected ones; pdfplumber's table
finder reads ruled tables, asked only about pages that draw paths; reading order is ours
(``pdf_layout``), as none of the four reads two columns written row by row in order.

Stages of ``read_pdf``:

1. check the file is whole (a truncated PDF is refused, never read in part) and open it;
2. per page: glyphs turned upright (``/Rotate`` and sideways text), cut into line segments;
   ruled tables found (pdfplumber), then tables without a grid (``pdf_aligned_tables``),
   and their words left out of the prose; a page with pictures and no text OCR'd (setting
   ``ocr``) or kept as ``no_text_layer``;
3. running headers and footers (lines repeated at the top or foot of most pages, page
   numbers) removed;
4. per page: segments ordered by columns, grouped into paragraphs, hyphenated line ends
   joined; a table's caption is the line just above it;
5. a table at the foot of a page continued at the top of the next (same columns, header
   repeated or not) becomes one table;
6. the text built page by page (``ReadingBuilder``), with the file's title, author and date.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from monazite.errors import IngestError, UnsupportedInput
from monazite.ingest.pdf_aligned_tables import find_aligned_tables
from monazite.ingest.pdf_layout import Block, Segment, hyphenated_words, join_lines, order_segments, paragraphs
from monazite.ingest.pdf_tables import MIN_PATHS_FOR_TABLES, FoundTable, find_tables, same_columns
from monazite.ingest.reading import Reading, ReadingBuilder
from monazite.ingest.sources import RawInput
from monazite.settings import Settings

__all__ = ["read_pdf"]

EOF_WINDOW = 2048  # bytes at the end of a whole PDF that hold its %%EOF marker
MARGIN_ZONE = 0.12  # the top and bottom share of a page where running headers and footers sit
OUTER_ZONE = 0.07  # the outermost share, where a header may carry a changing number
MARGIN_LINES = 2  # lines at the top and at the foot of a page considered as header or footer
REPEATED_SHARE = 0.5  # a margin line on at least this share of the pages (and two) is running
CAPTION_GAP = 3.0  # font sizes between a caption's baseline and its table's top, at most
CAPTION_MAX_CHARS = 160
CAPTION = re.compile(r"^\s*(table|tab\.|exhibit|figure|chart|schedule)\s*[\w.-]*\s*[:.\-–—]?", re.I)
PAGE_NUMBER = re.compile(r"^\W*(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?\W*$", re.I)
_DIGITS = re.compile(r"\d+")
JUNK_TITLES = re.compile(r"^(untitled|microsoft (word|excel|powerpoint) - .*|.*\.(docx?|xlsx?|pptx?|pdf|indd|tex))$", re.I)
JUNK_AUTHORS = re.compile(r"^(anonymous|unknown|user|admin(istrator)?|author)$", re.I)
PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")


@dataclass
class _Page:
    number: int
    rotation: int
    status: str = "text"
    segments: list[Segment] = field(default_factory=list)
    tables: list[FoundTable] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)  # OCR'd pages: tesseract's paragraphs
    height: float = 0.0
    items: list[tuple[str, object]] = field(default_factory=list)  # ("text", str) | ("table", (table, caption))


def _broken(raw: RawInput, reason: str) -> UnsupportedInput:
    return UnsupportedInput(raw.origin, f"broken PDF: {reason}")


def _open(raw: RawInput) -> object:
    import pypdfium2

    data = raw.data
    if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise _broken(raw, "no %PDF- header")
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise _broken(raw, "truncated (no %%EOF marker at the end of the file)")
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if getattr(exc, "err_code", None) == 4:  # FPDF_ERR_PASSWORD
            raise UnsupportedInput(raw.origin, "encrypted PDF: needs a password") from exc
        if getattr(exc, "err_code", None) == 6:  # FPDF_ERR_SECURITY
            raise UnsupportedInput(raw.origin, "encrypted PDF: unsupported security handler") from exc
        raise _broken(raw, str(exc)) from exc


def read_pdf(raw: RawInput, settings: Settings) -> Reading:
    """The reading of one PDF; raises ``UnsupportedInput`` for an encrypted, broken or
    image-only file (never a half-read document)."""
    try:
        return _read(raw, settings)
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - the parsers raise anything on a malformed file
        raise _broken(raw, f"{type(exc).__name__}: {exc}") from exc


def _read(raw: RawInput, settings: Settings) -> Reading:
    from monazite.ingest.pdf_glyphs import page_glyphs
    from monazite.ingest.pdf_layout import segments_from_chars
    from monazite.ingest.pdf_ocr import OcrFailed, ocr_available, ocr_page

    document = _open(raw)
    notes: list[str] = []
    pages: list[_Page] = []
    plumber = None
    can_ocr = settings.ocr and ocr_available()
    unread: list[int] = []
    ocr_failures: list[str] = []
    off_page = 0
    aligned_tables = 0
    try:
        import pypdfium2.raw as pdfium_c

        if not pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(document.raw):  # type: ignore[attr-defined]
            notes.append("pdf_xref_repaired:1 (the file's object index was wrong; PDFium rebuilt it)")
        metadata = document.get_metadata_dict(skip_empty=True)  # type: ignore[attr-defined]
        for index in range(len(document)):  # type: ignore[arg-type]
            pdf_page = document[index]  # type: ignore[index]
            try:
                glyphs = page_glyphs(pdf_page)
                off_page += glyphs.off_page
                page = _Page(number=index + 1, rotation=glyphs.frame.rotation,
                             height=glyphs.frame.reading_size()[1])
                visible = [c for c in glyphs.chars if not c.text.isspace()]
                if not visible and glyphs.images:
                    if can_ocr:
                        try:
                            page.paragraphs = ocr_page(pdf_page, timeout=settings.ocr_timeout)
                            page.status = "ocr"
                        except OcrFailed as exc:
                            page.status = "no_text_layer"
                            ocr_failures.append(f"page {page.number}: {exc}")
                    else:
                        page.status = "no_text_layer"
                        unread.append(page.number)
                else:
                    if glyphs.paths >= MIN_PATHS_FOR_TABLES and visible:
                        if plumber is None:
                            import pdfplumber
                            plumber = pdfplumber.open(io.BytesIO(raw.data))
                        plumber_page = plumber.pages[index]
                        page.tables = find_tables(plumber_page, glyphs.frame)
                        plumber_page.close()  # its parsed objects are not needed again
                    page.segments = [s for s in segments_from_chars(glyphs.chars)
                                     if not any(_inside(s, t.box) for t in page.tables)]
                    aligned = find_aligned_tables(page.segments)  # tables printed without a grid
                    if aligned:
                        taken = {id(s) for t in aligned for s in t.segments}
                        page.segments = [s for s in page.segments if id(s) not in taken]
                        page.tables = sorted([*page.tables, *aligned], key=lambda t: t.box[1])
                        aligned_tables += len(aligned)
                pages.append(page)
            finally:
                pdf_page.close()
    finally:
        if plumber is not None:
            plumber.close()
        document.close()  # type: ignore[attr-defined]

    if not any(p.segments or p.tables or p.paragraphs for p in pages):
        if unread or ocr_failures:
            reason = "image-only PDF: no text layer (install tesseract-ocr or enable setting ocr)"
            if ocr_failures:
                reason = f"image-only PDF: OCR failed ({'; '.join(ocr_failures)})"
            raise UnsupportedInput(raw.origin, reason)
        raise UnsupportedInput(raw.origin, "empty PDF: no text on any page")
    removed = _remove_running_lines(pages)
    keep = hyphenated_words(s.text for p in pages for s in p.segments)
    for page in pages:
        _page_items(page, keep)
    builder = ReadingBuilder("pdf")
    tables = _build(builder, pages)
    if removed:
        notes.append(f"pdf_running_lines_removed:{removed}")
    if off_page:
        notes.append(f"pdf_off_page_chars:{off_page} (drawn outside the page box, not shown; left out)")
    if tables:
        notes.append(f"pdf_tables:{tables}")
    if aligned_tables:
        notes.append(f"pdf_aligned_tables:{aligned_tables} (tables without a ruled grid, found by their columns)")
    turned = [p.number for p in pages if p.rotation]
    if turned:
        notes.append(f"pdf_rotated_pages:{len(turned)}")
    ocr_pages = [p.number for p in pages if p.status == "ocr"]
    if ocr_pages:
        notes.append(f"pdf_ocr_pages:{len(ocr_pages)} (tesseract: pages {_numbers(ocr_pages)})")
    if unread:
        notes.append(f"pdf_no_text_layer:{len(unread)} (pictures without text on page {_numbers(unread)}; "
                     "install tesseract-ocr or enable setting ocr to read them)")
    for failure in ocr_failures:
        notes.append(f"pdf_ocr_failed:1 ({failure})")
    return builder.build(title=_title(metadata.get("Title")), author=_author(metadata.get("Author")),
                         published=_pdf_date(metadata.get("CreationDate")), repairs=notes)


def _numbers(numbers: Sequence[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (f" and {len(numbers) - 20} more" if len(numbers) > 20 else "")


def _inside(segment: Segment, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 - 1 <= segment.center_x <= x1 + 1 and top - 1 <= segment.center_y <= bottom + 1


def _title(value: str | None) -> str | None:
    title = " ".join((value or "").split())
    return None if not title or JUNK_TITLES.match(title) else title


def _author(value: str | None) -> str | None:
    author = " ".join((value or "").split())
    return None if not author or JUNK_AUTHORS.match(author) else author


def _pdf_date(value: str | None) -> str | None:
    """A PDF date ("D:20250328090000+00'00'") as ISO 8601 to the precision it gives."""
    match = PDF_DATE.match((value or "").strip())
    if not match:
        return None
    year, month, day = match.groups()
    return "-".join(part for part in (year, month, day) if part)


def _margin_candidates(page: _Page) -> list[Segment]:
    lines = sorted(page.segments, key=lambda s: s.top)
    zone = MARGIN_ZONE * page.height
    head = [s for s in lines[:MARGIN_LINES] if s.bottom <= zone]
    foot = [s for s in lines[-MARGIN_LINES:] if s.top >= page.height - zone and s not in head]
    return head + foot


def _remove_running_lines(pages: list[_Page]) -> int:
    """Drop running headers and footers: margin lines whose text (or, in the outer margin,
    whose text with its numbers masked) recurs on most pages, and page numbers."""
    text_pages = [p for p in pages if p.segments]
    exact: Counter[str] = Counter()
    masked: Counter[str] = Counter()
    for page in text_pages:
        candidates = _margin_candidates(page)
        exact.update({" ".join(s.text.lower().split()) for s in candidates})
        masked.update({_DIGITS.sub("#", " ".join(s.text.lower().split())) for s in candidates})
    needed = max(2, int(REPEATED_SHARE * len(text_pages) + 0.999))
    removed = 0
    for page in text_pages:
        outer = OUTER_ZONE * page.height
        drop = []
        for s in _margin_candidates(page):
            key = " ".join(s.text.lower().split())
            in_outer = s.bottom <= outer or s.top >= page.height - outer
            if (len(text_pages) >= 2 and exact[key] >= needed) or PAGE_NUMBER.match(s.text) \
                    or (in_outer and len(text_pages) >= 2 and masked[_DIGITS.sub("#", key)] >= needed):
                drop.append(s)
        if drop:
            page.segments = [s for s in page.segments if s not in drop]
            removed += len(drop)
    return removed


def _page_items(page: _Page, keep_hyphen: set[str]) -> None:
    """The page's paragraphs and tables in reading order, each table with its caption."""
    if page.status == "ocr":
        page.items = [("text", p) for p in page.paragraphs]
        return
    blocks = [Block(lines=[s], top=s.top, x0=s.x0, x1=s.x1, bottom=s.bottom) for s in page.segments]
    blocks += [Block(table=t, top=t.box[1], x0=t.box[0], x1=t.box[2], bottom=t.box[3]) for t in page.tables]
    ordered = order_segments(blocks)
    items: list[tuple[str, object]] = []
    run: list[Segment] = []

    def flush(table: FoundTable | None = None) -> None:
        groups = paragraphs(run)
        caption = None
        if table is not None and groups:
            last = groups[-1][-1]
            near = 0 <= table.box[1] - last.bottom <= CAPTION_GAP * max(last.size, 1.0)
            if near and len(last.text) <= CAPTION_MAX_CHARS and (CAPTION.match(last.text) or len(groups[-1]) == 1):
                caption = last.text
                groups[-1] = groups[-1][:-1]
        for group in groups:
            if group:
                items.append(("text", join_lines([s.text for s in group], keep_hyphen)))
        run.clear()
        if table is not None:
            items.append(("table", (table, caption)))

    for block in ordered:
        if block.table is not None:
            flush(block.table)  # type: ignore[arg-type]
        else:
            run.extend(block.lines)
    flush()
    page.items = items


def _build(builder: ReadingBuilder, pages: list[_Page]) -> int:
    """Put each page's items into the text; a table continued at the top of the next page
    is placed once, with the rows of both. Returns the number of tables."""
    continued: set[int] = set()  # pages whose first item continues the table before
    for i, page in enumerate(pages):
        builder.start_page(page.number, status=page.status, rotation=page.rotation)
        items = page.items[1:] if page.number in continued else page.items
        for position, (kind, value) in enumerate(items):
            if kind == "text":
                builder.add_text(str(value))
                continue
            table, caption = value  # type: ignore[misc]
            rows, row_pages = list(table.rows), [page.number] * len(table.rows)
            last_part, j = table, i
            while position == len(items) - 1 or j > i:  # the page's last item: it may run on
                following = pages[j + 1] if j + 1 < len(pages) else None
                if following is None or not following.items or following.items[0][0] != "table":
                    break
                part, _ = following.items[0][1]  # type: ignore[misc]
                if not same_columns(last_part, part):
                    break
                heading = table.header_rows
                extra = part.rows[heading:] if heading and part.rows[:heading] == table.rows[:heading] else part.rows
                rows += extra
                row_pages += [following.number] * len(extra)
                continued.add(following.number)
                if len(following.items) > 1:
                    break  # the table ends on this page
                last_part, j = part, j + 1
            builder.add_table(rows, header_rows=table.header_rows, caption=caption, row_pages=row_pages)
    return len(builder.tables)
