"""Tables in web pages: data tables read from the page's markup, rows and headers kept.

trafilatura keeps a table's text as lines of cells ("| NdPr oxide | 1,502 | 1,695 |") with
no headers or spans; a figure in such a line has no column to give it a period. So:

1. every ``<table>`` of the page is read into a grid (``colspan``/``rowspan`` expanded: a
   spanned cell's text sits at its top-left position, the other positions are empty), with
   its caption (``<caption>``, ``<figcaption>``, or the heading just above it) and header
   rows (``<thead>`` rows, or leading rows of ``<th>`` cells);
2. layout tables are skipped: one column or one row, a table holding another table, cells
   mostly long prose or mostly links, ``role="presentation"``;
3. ``split_tables`` keeps the data tables (figures in most body cells) whose rows the
   article text holds, which is how trafilatura says a table is part of the article and not
   a sidebar widget, and takes those rows out of the article text;
4. ``append_tables`` renders them after the cleaned article text (``tables.render_table``,
   kind "html") so each cell's offsets index the document's final text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import lxml.etree
import lxml.html

from monazite.ingest.grid import is_number_text, looks_like_data
from monazite.ingest.tables import clean_cell, render_table, shift_table
from monazite.model import Table

__all__ = ["HtmlTable", "append_tables", "html_tables", "is_data_table", "split_tables"]

MAX_SPAN = 100  # a colspan or rowspan larger than this is read as this (hostile or broken markup)
MAX_TABLE_CELLS = 20_000  # grid positions of one table; a larger one is not read
LONG_CELL_WORDS = 25  # a cell with more words than this is prose
PROSE_SHARE = 0.5  # a table whose cells are at least this share prose is layout
LINK_SHARE = 0.8  # a table whose cells are at least this share links is navigation
DATA_SHARE = 0.5  # a data table has figures in at least this share of its body cells
MATCH_SHARE = 0.5  # a table is in the article when the article text holds this share of its rows
TABLE_SEPARATOR = "\n\n"  # between the article text and a table, and between tables

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)  # lxml refuses a declared encoding in a str
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_PLACEHOLDERS = {"-", "\u2013", "\u2014", "n/a", "na", "..", "...", "*", "nil", "\u2012"}  # neither text nor figure
_SKIP_TAGS = {"script", "style", "template", "noscript"}


@dataclass
class HtmlTable:
    """One table of a page: rows of cell texts (headers first), header row count, caption."""

    rows: list[list[str]]
    header_rows: int = 1
    caption: str | None = None


def _cell_text(el: lxml.html.HtmlElement) -> str:
    parts: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS or not isinstance(node.tag, str):
            return
        if tag == "br":
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in ("p", "div", "li"):
            parts.append(" ")

    walk(el)
    return clean_cell("".join(parts))


def _span(el: lxml.html.HtmlElement, name: str) -> int:
    try:
        return max(1, min(int((el.get(name) or "1").strip() or 1), MAX_SPAN))
    except ValueError:
        return 1


def _own_rows(table: lxml.html.HtmlElement) -> list[tuple[lxml.html.HtmlElement, bool]]:
    """The table's own rows (not a nested table's), header section first, each with whether
    it lies in ``<thead>``."""
    head = [(tr, True) for tr in table.xpath("./thead/tr")]
    body = [(tr, False) for tr in table.xpath("./tr | ./tbody/tr | ./tfoot/tr")]
    return head + body


def _grid(rows: list[tuple[lxml.html.HtmlElement, bool]]) -> tuple[list[list[str]], list[list[bool]]] | None:
    """Cell texts by grid position, spans expanded, and which positions hold a ``<th>``; None
    when the grid would hold more than ``MAX_TABLE_CELLS`` positions: every position a span
    covers counts when the span is placed (rows below included, even rows without cells),
    and the padded grid (rows by its widest row) is held to the same bound."""
    texts: list[list[str]] = []
    is_th: list[list[bool]] = []
    taken: dict[tuple[int, int], bool] = {}  # positions filled by a span from above
    positions = 0  # positions filled so far or promised to a span from above
    width = 0
    for r, (tr, _) in enumerate(rows):
        row_texts: list[str] = []
        row_th: list[bool] = []
        c = 0
        for cell in tr.xpath("./td | ./th"):
            while (r, c) in taken:
                row_texts.append("")
                row_th.append(taken.pop((r, c)))
                c += 1
            colspan, rowspan = _span(cell, "colspan"), _span(cell, "rowspan")
            down = min(rowspan, len(rows) - r)
            positions += colspan * down
            if positions > MAX_TABLE_CELLS or (r + 1) * max(width, c + colspan) > MAX_TABLE_CELLS:
                return None
            header = cell.tag.lower() == "th"
            for k in range(colspan):
                row_texts.append(_cell_text(cell) if k == 0 else "")
                row_th.append(header)
                for below in range(1, down):
                    taken[(r + below, c + k)] = header
            c += colspan
        while (r, c) in taken:
            row_texts.append("")
            row_th.append(taken.pop((r, c)))
            c += 1
        width = max(width, c)
        if (r + 1) * width > MAX_TABLE_CELLS:
            return None
        texts.append(row_texts)
        is_th.append(row_th)
    return [r + [""] * (width - len(r)) for r in texts], [t + [False] * (width - len(t)) for t in is_th]


def _caption(table: lxml.html.HtmlElement) -> str | None:
    """``<caption>``, a ``<figcaption>`` of the figure holding the table, or a heading just
    above the table (or above the block wrapping it)."""
    caption = table.find("caption")
    if caption is not None and _cell_text(caption):
        return _cell_text(caption)
    node = table
    for _ in range(2):  # the table itself, then a wrapper it is the first child of
        parent = node.getparent()
        if parent is not None and parent.tag == "figure":
            figcaption = parent.find("figcaption")
            if figcaption is not None and _cell_text(figcaption):
                return _cell_text(figcaption)
        before = node.getprevious()
        while before is not None and not isinstance(before.tag, str):
            before = before.getprevious()
        if before is not None and before.tag.lower() in _HEADINGS and _cell_text(before):
            return _cell_text(before)
        if before is not None or parent is None or parent.tag in ("body", "html"):
            return None
        node = parent
    return None


def _is_layout(table: lxml.html.HtmlElement, rows: list[list[str]]) -> bool:
    if (table.get("role") or "").lower() in ("presentation", "none") or table.xpath(".//table"):
        return True
    if len(rows) < 2 or max(sum(1 for t in r if t) for r in rows) < 2:
        return True
    cells = [t for r in rows for t in r if t]
    if sum(len(t.split()) > LONG_CELL_WORDS for t in cells) >= PROSE_SHARE * len(cells):
        return True
    links = sum(1 for el in table.xpath(".//td | .//th")
                if _cell_text(el) and _cell_text(el) == clean_cell(" ".join(a.text_content() for a in el.iter("a"))))
    return links >= LINK_SHARE * len(cells)


def _header_rows(rows: list[tuple[lxml.html.HtmlElement, bool]], texts: list[list[str]],
                 is_th: list[list[bool]]) -> int:
    count = 0
    for (_, in_head), ths, row in zip(rows, is_th, texts, strict=True):
        filled = [th for th, t in zip(ths, row, strict=True) if t]
        if in_head or (filled and all(filled)):
            count += 1
        else:
            break
    if count == 0 and len(texts) > 1 and not looks_like_data(texts[0]):
        count = 1
    return min(count, len(texts) - 1)


def html_tables(html: str | lxml.html.HtmlElement) -> list[HtmlTable]:
    """The page's tables that are not layout, in page order."""
    if isinstance(html, str):
        try:
            root = lxml.html.document_fromstring(_XML_DECL.sub("", html, count=1))
        except (lxml.etree.ParserError, ValueError):
            return []
    else:
        root = html
    found: list[HtmlTable] = []
    for table in root.iter("table"):
        rows = _own_rows(table)
        grid = _grid(rows)
        if grid is None:
            continue
        texts, is_th = grid
        keep = [i for i, r in enumerate(texts) if any(r)]
        rows, texts, is_th = [rows[i] for i in keep], [texts[i] for i in keep], [is_th[i] for i in keep]
        if _is_layout(table, texts):
            continue
        found.append(HtmlTable(rows=texts, header_rows=_header_rows(rows, texts, is_th), caption=_caption(table)))
    return found


def is_data_table(table: HtmlTable) -> bool:
    """Whether most body cells (after the header rows and the row-label column) are figures."""
    body = [t for r in table.rows[table.header_rows:] for t in r[1:] if t and t.lower() not in _PLACEHOLDERS]
    return bool(body) and sum(map(is_number_text, body)) >= DATA_SHARE * len(body)


def _key(text: str) -> str:
    """A line or row compared with whitespace and cell bars ignored."""
    return "".join(text.replace("|", " ").split())


def _row_key(row: Sequence[str]) -> str:
    return _key(" ".join(t for t in row if t))


def split_tables(html: str, body: str) -> tuple[str, list[HtmlTable]]:
    """The data tables of the page whose rows the article text ``body`` holds, and the body
    without those rows (and without a ``<caption>`` line trafilatura printed as a row), so
    no figure is in the text twice."""
    if "<table" not in html.lower():
        return body, []
    tables = [t for t in html_tables(html) if is_data_table(t)]
    if not tables:
        return body, []
    lines = body.split("\n")
    line_keys = [_key(line) for line in lines]
    present = set(line_keys)
    kept: list[HtmlTable] = []
    drop: set[str] = set()
    caption_rows: set[str] = set()
    for table in tables:
        keys = [k for k in map(_row_key, table.rows) if k]
        if keys and sum(k in present for k in keys) >= MATCH_SHARE * len(keys):
            kept.append(table)
            drop.update(keys)
            if table.caption:
                caption_rows.add(_key(table.caption))
    if not kept:
        return body, []
    out = [line for line, key in zip(lines, line_keys, strict=True)
           if not (key in drop or (key in caption_rows and line.lstrip().startswith("|")))]
    return "\n".join(out), kept


def append_tables(text: str, tables: Sequence[HtmlTable], *, first_index: int = 1) -> tuple[str, list[Table]]:
    """``text`` followed by each table rendered (kind "html"), and the tables placed at their
    offsets in the returned text, numbered from ``first_index``."""
    placed: list[Table] = []
    for i, table in enumerate(tables):
        rendered, rendered_table = render_table(table.rows, index=first_index + i, kind="html",
                                                header_rows=table.header_rows, caption=table.caption)
        if not rendered:
            continue
        offset = len(text) + (len(TABLE_SEPARATOR) if text else 0)
        text = f"{text}{TABLE_SEPARATOR}{rendered}" if text else rendered
        placed.append(shift_table(rendered_table, offset))
    return text, placed
