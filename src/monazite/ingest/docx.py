"""Word (docx) files as text with their tables in place and, when the file marks them, pages.

1. the body is walked in order (paragraphs, tables, content controls), so each table sits
   between the paragraphs it sits between in the file;
2. a paragraph's text is read from its runs: tabs and line breaks kept, deleted (tracked)
   text, field codes and text boxes left out;
3. a table is rendered by ``tables.render_table`` (kind "docx"); a merged cell's text is
   given once, at its top-left grid position; a paragraph just above it that reads as a
   caption ("Table 3: Production by product (t)", or the Caption style) is its caption;
4. pages come from explicit page breaks (a page break in a run, "page break before" on a
   paragraph, a section starting on a new page) and from where Word last rendered a page
   break when it saved the file (``w:lastRenderedPageBreak``, the pages of most real files,
   which have no explicit break; the one Word writes just after an explicit break is that
   same break, and one inside a table row starts that row's page); a page left blank between
   two breaks is an empty page; a file with neither has no pages (a generator that never
   laid the document out does not know them);
5. core properties give the title, author and creation date, unless they are a library's
   defaults (python-docx's template).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import docx
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from lxml import etree

from monazite.errors import UnsupportedInput
from monazite.ingest.ooxml import BROKEN_PACKAGE, GENERATOR_NAMES, check_package
from monazite.ingest.reading import Reading, ReadingBuilder
from monazite.ingest.sources import RawInput
from monazite.settings import Settings

__all__ = ["read_docx"]

TEMPLATE_CREATED = "2013-12-23T23:15:00"  # python-docx's default template's creation date: not the file's
NEW_PAGE_SECTIONS = {"nextPage", "oddPage", "evenPage"}  # section starts that begin a page
_CAPTION = re.compile(r"^(?i:Table|Tab\.|Exhibit|Schedule)\s+(?:\d+[A-Za-z]?|[IVXLC]+|[A-Z]\d*)(?:[.\-]\d+)*"
                      r"\s*[:.\-\u2013\u2014]?\s")

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_R, _T, _TAB, _BR, _CR, _NB_HYPHEN = qn("w:r"), qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
_SKIP = {qn("w:del"), qn("w:txbxContent"), qn("w:instrText"), qn("w:delText"), qn("w:pPr"), qn("w:rPr"),
         "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
# what python-docx raises on a damaged package (a relationship without a target gives TypeError)
_BROKEN = (OpcError, *BROKEN_PACKAGE)
PAGE_BREAK = "\f"  # marks an explicit page break inside a paragraph's text while reading it
RENDERED_BREAK = "\v"  # marks where Word last rendered a page break (neither is a character XML allows)
_BREAKS = re.compile(f"([{PAGE_BREAK}{RENDERED_BREAK}])")
_LAST_RENDERED = qn("w:lastRenderedPageBreak")


def _flag(element: etree._Element | None) -> bool:
    """An on/off property: present and not switched off."""
    return element is not None and element.get(qn("w:val"), "true").lower() not in ("0", "false", "off")


def _runs_text(element: etree._Element, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == _T:
            out.append(child.text or "")
        elif tag == _TAB:
            out.append("\t")
        elif tag == _BR:
            out.append(PAGE_BREAK if child.get(qn("w:type")) == "page" else "\n")
        elif tag == _CR:
            out.append("\n")
        elif tag == _NB_HYPHEN:
            out.append("-")
        elif tag == _LAST_RENDERED:
            out.append(RENDERED_BREAK)
        else:
            _runs_text(child, out)


def _paragraph_text(p: etree._Element) -> str:
    """The paragraph's text, page breaks as ``PAGE_BREAK`` and ``RENDERED_BREAK``; lines
    stripped of edge spaces."""
    parts: list[str] = []
    _runs_text(p, parts)
    return "\n".join(line.strip(" \t") for line in "".join(parts).split("\n")).strip("\n")


def _blocks(parent: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of the body in order, content controls opened."""
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)


def _section_starts(body: etree._Element) -> list[bool]:
    """For each section after the first, in order, whether it starts on a new page (a
    section's start type is written in its own sectPr: the paragraph closing the section
    before holds the previous section's)."""
    sect_props = [p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") for p in body.iter(_P)]
    sect_props = [sp for sp in sect_props if sp is not None] + [body.find(qn("w:sectPr"))]
    starts: list[bool] = []
    for sect in sect_props[1:]:
        kind = sect.find(qn("w:type")) if sect is not None else None
        starts.append((kind.get(qn("w:val"), "nextPage") if kind is not None else "nextPage") in NEW_PAGE_SECTIONS)
    return starts


def _has_page_breaks(body: etree._Element, section_starts: list[bool]) -> bool:
    if any(section_starts):
        return True
    if any(br.get(qn("w:type")) == "page" for br in body.iter(_BR)):
        return True
    if next(body.iter(_LAST_RENDERED), None) is not None:
        return True
    return any(_flag(el) for el in body.iter(qn("w:pageBreakBefore")))


def _table_rows(table: DocxTable) -> tuple[list[list[str]], int]:
    """Cell texts by grid position (a merged cell's text once, top-left) and the number of
    header rows (rows marked to repeat as header; else one, the first)."""
    rows: list[list[str]] = []
    above: list[object] = []
    header_rows, counting = 0, True
    for row in table.rows:
        tcs = [cell._tc for cell in row.cells]
        texts = []
        for c, (tc, cell) in enumerate(zip(tcs, row.cells, strict=True)):
            merged = (c > 0 and tcs[c - 1] is tc) or (c < len(above) and above[c] is tc)
            texts.append("" if merged else " ".join(p.text for p in cell.paragraphs))
        rows.append(texts)
        above = tcs
        marked = _flag(row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")) if row._tr.trPr is not None else False
        if counting and marked:
            header_rows += 1
        else:
            counting = False
    return rows, header_rows or (1 if len(rows) > 1 else 0)


def _row_breaks(table: DocxTable) -> list[bool]:
    """For each row, whether Word rendered a page break inside it (the row starts a page)."""
    return [next(row._tr.iter(_LAST_RENDERED), None) is not None for row in table.rows]


def _is_caption(p: etree._Element, text: str) -> bool:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return bool(_CAPTION.match(text + " ")) or (style is not None and style.get(qn("w:val"), "").lower() == "caption")


class _Walker:
    """Appends paragraphs and tables to the reading, holding back a paragraph that may be
    the caption of a table coming next."""

    def __init__(self, document: docx.document.Document, section_starts: list[bool], paginated: bool) -> None:
        self.document = document
        self.section_starts = section_starts
        self.sections_closed = 0
        self.builder = ReadingBuilder("docx")
        self.page = 1 if paginated else None
        self.pending: str | None = None  # a caption-like paragraph not yet written
        self.first_heading: str | None = None
        self.page_started = False
        self.last_started = 0  # the last page number started in the builder
        self.explicit_break = False  # an explicit break with nothing after it yet: Word's rendered one is it

    def _ensure_page(self) -> None:
        """Start the current page at its first content, and any page left blank before it as
        an empty page (page numbers stay contiguous: "page 3" is the third page); a break at
        the very end starts no page."""
        if self.page is not None and not self.page_started:
            for number in range(self.last_started + 1, self.page + 1):
                self.builder.start_page(number)
            self.last_started = self.page
            self.page_started = True

    def add_text(self, text: str) -> None:
        self._ensure_page()
        self.explicit_break = False
        self.builder.add_text(text)

    def flush(self) -> None:
        if self.pending:
            self.add_text(self.pending)
        self.pending = None

    def new_page(self, *, flush: bool = True) -> None:
        """An explicit break: what follows is on the next page."""
        if flush:
            self.flush()
        if self.page is not None:
            self.page += 1
            self.page_started = False
            self.explicit_break = True

    def rendered_break(self, *, flush: bool = True) -> None:
        """Where Word last broke the page: a new page, unless it is the mark Word writes just
        after an explicit break (nothing between them) or nothing has been written yet."""
        if self.explicit_break:
            self.explicit_break = False
            return
        if self.builder.position == 0 and not self.pending:
            return
        self.new_page(flush=flush)
        self.explicit_break = False

    def paragraph(self, p: etree._Element) -> None:
        ppr = p.find(qn("w:pPr"))
        if ppr is not None and _flag(ppr.find(qn("w:pageBreakBefore"))):
            self.new_page()
        pieces = _BREAKS.split(_paragraph_text(p))  # text, break, text, break, text...
        for i, piece in enumerate(pieces):
            if piece == PAGE_BREAK:
                self.new_page()
                continue
            if piece == RENDERED_BREAK:
                self.rendered_break()
                continue
            text = piece.strip()
            if not text:
                continue
            self.flush()
            if _is_caption(p, text) and i == len(pieces) - 1:
                self.pending = text
            else:
                self.add_text(text)
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if self.first_heading is None and style is not None \
                    and style.get(qn("w:val"), "").lower() in ("title", "heading1"):
                self.first_heading = text
        if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
            starts_page = self.sections_closed < len(self.section_starts) \
                and self.section_starts[self.sections_closed]
            self.sections_closed += 1
            if starts_page:
                self.new_page()

    def table(self, tbl: etree._Element) -> None:
        table = DocxTable(tbl, self.document._body)
        rows, header_rows = _table_rows(table)
        if not any(any(r) for r in rows):
            self.flush()
            return
        breaks = _row_breaks(table)
        if breaks and breaks[0]:
            self.rendered_break(flush=False)  # the table starts a page: its caption goes with it
        caption, self.pending = self.pending, None
        pages: list[int | None] | None = None
        if self.page is not None:
            pages, page = [], self.page
            for i, starts_page in enumerate(breaks):
                page += 1 if i and starts_page else 0
                pages.append(page)
        self._ensure_page()
        self.explicit_break = False
        self.builder.add_table(rows, header_rows=header_rows, caption=caption, row_pages=pages)
        if pages and pages[-1] is not None and pages[-1] > self.page:  # rows ran onto later pages
            self.page = self.last_started = pages[-1]


def _core(document: docx.document.Document) -> dict[str, str | None]:
    """Title, author and creation date; none of them when the properties part is damaged
    (the body is still the document)."""
    try:
        return _core_properties(document)
    except (AttributeError, ValueError, TypeError, KeyError, etree.Error):
        return {"title": None, "author": None, "published": None}


def _core_properties(document: docx.document.Document) -> dict[str, str | None]:
    props = document.core_properties
    created = props.created.isoformat() if props.created else None
    if created and created.startswith(TEMPLATE_CREATED):
        created = None
    author = props.author if props.author and props.author.strip().lower() not in GENERATOR_NAMES else None
    return {"title": (props.title or "").strip() or None, "author": author, "published": created}


def read_docx(raw: RawInput, settings: Settings) -> Reading:
    """The file's text in body order, its tables (kind "docx") and, when it has explicit
    page breaks, its pages. Raises ``UnsupportedInput`` for a broken or empty file."""
    check_package(raw.data, raw.origin, "docx", settings.max_file_bytes)
    try:
        document = docx.Document(io.BytesIO(raw.data))
        body = document.element.body
        section_starts = _section_starts(body)
        walker = _Walker(document, section_starts, _has_page_breaks(body, section_starts))
        for block in _blocks(body):
            if block.tag == _TBL:
                walker.table(block)
            else:
                walker.paragraph(block)
        walker.flush()
        core = _core(document)
    except _BROKEN as exc:
        raise UnsupportedInput(raw.origin, f"broken docx: {type(exc).__name__}: {exc}") from exc
    reading = walker.builder.build(**{**core, "title": core["title"] or walker.first_heading})
    if not reading.text.strip():
        raise UnsupportedInput(raw.origin, "empty docx: no text in the document body")
    return reading
