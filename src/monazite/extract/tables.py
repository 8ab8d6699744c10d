"""Figures in tables as facts: each numeric cell bound to a subject, metric, period and unit
read from its row, its column's headers and the table's caption.

A table says in its headers what prose says around a number. For the cell at (row, column):

- the **period** comes from the column's headers ("2024", "FY2024", "Q3 2024", "3Q24",
  "H1 2025") or, in a table turned on its side, from the row's label; a forecast ("2025e",
  "Guidance") is never read as a reported figure;
- the **unit** from the cell itself ("12.5%"), a unit column, the row's label ("NdPr oxide
  (t)"), the column's header, the header over the row labels or the caption ("US$
  million"), read by the quantity parser (``table_cells``) so a table knows exactly the
  spellings prose knows;
- the **metric** from the metric triggers of ``vocab/metrics.yaml`` in the row label, the
  column header, a section row above, then the caption, whose unit kind fits the unit;
- the **subject** from an organization (or, for a metric a country may hold, a country)
  named in the row label or column header, then in the caption, then the disclosure's
  issuer (``Document.disclosure``); with none of these there is no fact;
- the **material** from an element or material named in the labels or the caption.

Precision first: a cell whose row or column names a place that cannot be the subject (a
segment, a site: "China" in a company's revenue table, "Mt Weld") is left out, as is a
label naming two holders, and a row or column naming a holder in a table whose caption
names another or says it is "by destination", "by customer"... (the row is where the
figure went, not whose it is); a figure from a row whose label says nothing monazite can
read keeps a confidence under the confirmation threshold. A totals row keeps the subject
and names only the material its own label names. A percentage-change column becomes the
growth metric of its row's metric only when the change's period is clear.

Each fact's span is the cell, its "sentence" the row's line, its quote the caption, row
label and column header an analyst reads the figure by, and ``cell`` says
"table:row:column" (1-based table, 0-based row and column).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from monazite.extract.context import ORG_KINDS, PLACE_KINDS, THING_KINDS, DocContext, phrase_key
from monazite.extract.facts import fact_rules, unit_kind
from monazite.extract.table_cells import (
    BRACKETS,
    CellValue,
    TablePeriod,
    TableRules,
    Unit,
    basis_of,
    memo_reading,
    read_cell,
    read_period,
    table_rules,
    unit_in,
    unit_probe,
    years_in,
)
from monazite.ingest.disclosure import issuer_names
from monazite.model import Document, Fact, Mention, Table, TableCell
from monazite.vocab import Vocabulary, alias_key

__all__ = ["TABLE_EXTRACTOR", "issuer_entity", "table_facts"]

TABLE_EXTRACTOR = "tables.v1"
QUOTE_MAX_CHARS = 220  # the context an analyst reads a table figure by is kept short
LABEL_MAX_CHARS = 90  # a row label or header is cut here inside the quote
CAPTION_LOOKBACK_CHARS = 100  # a table without a caption takes the heading-like line just above it
NUMERIC_SHARE = 0.5  # a column whose body cells are mostly numbers holds values, not labels
COUNTRY_KINDS = frozenset({"country"})
# How far a table figure is trusted: every part explicit is high; each guessed part lowers it.
CONFIDENCE_EXPLICIT = 0.95
FACTOR_SUBJECT_CAPTION = 0.97  # the caption names the holder, not the row
FACTOR_SUBJECT_ISSUER = 0.93  # the holder is the disclosure's issuer: its own tables are about itself
FACTOR_METRIC_CAPTION = 0.98
FACTOR_NO_PERIOD = 0.75  # the headers give no period
FACTOR_FISCAL_SPLIT = 0.95  # "2023/24" read as the year it ends in
FACTOR_CHANGE = 0.85  # a growth figure from a change column, its period taken from the table
FACTOR_UNREAD_LABEL = 0.4  # the row says nothing monazite reads: a candidate, not a confirmed fact
FACTOR_UNIT_CAPTION = 0.97
@dataclass
class _Label:
    """A row label, a column header or the caption: its text and the cells it comes from."""

    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    explained: bool | None = None  # whether monazite reads what it says (``_explained``), once known
    _mentions: list[Mention] | None = None

    def mentions(self, ctx: DocContext) -> list[Mention]:
        if self._mentions is None:
            self._mentions = [m for start, end in self.spans for m in ctx.mentions_in(start, end)]
        return self._mentions


@dataclass
class _Grid:
    table: Table
    cells: dict[tuple[int, int], TableCell]
    header_rows: int
    label_cols: list[int]
    unit_col: int | None

    def text(self, row: int, col: int) -> str:
        cell = self.cells.get((row, col))
        return cell.text if cell is not None else ""


def _grid(table: Table, vocab: Vocabulary, rules: TableRules) -> _Grid:
    cells = {(c.row, c.col): c for c in table.cells}
    header_rows = max(0, min(table.header_rows, table.n_rows))
    label_cols: list[int] = []
    for col in range(table.n_cols):
        texts = [cells[(r, col)].text for r in range(header_rows, table.n_rows)
                 if (r, col) in cells and cells[(r, col)].text.strip()]
        numeric = sum(1 for t in texts if read_cell(t, vocab, rules) is not None)
        if texts and numeric / len(texts) >= NUMERIC_SHARE:
            break
        label_cols.append(col)
    unit_col = next((c for c in label_cols[1:] if any(
        rules.unit_header.fullmatch(cells[(r, c)].text.strip()) for r in range(header_rows) if (r, c) in cells)),
        None)
    return _Grid(table, cells, header_rows, label_cols, unit_col)


def _column_label(grid: _Grid, col: int) -> _Label:
    """The column's headers, top to bottom; an empty cell of an upper header row takes the
    header to its left (a merged group header: "Production" over "2023" and "2024")."""
    label = _Label("")
    parts = []
    for row in range(grid.header_rows):
        c = col
        cell = grid.cells.get((row, c))
        while row < grid.header_rows - 1 and c > 0 and (cell is None or not cell.text.strip()):
            c -= 1
            cell = grid.cells.get((row, c))
            if c in grid.label_cols:
                cell = None
                break
        if cell is not None and cell.text.strip():
            parts.append(cell.text.strip())
            label.spans.append((cell.start, cell.end))
    label.text = " ".join(parts)
    return label


def _row_label(grid: _Grid, row: int) -> _Label:
    label = _Label("")
    parts = []
    for col in grid.label_cols:
        if col == grid.unit_col:
            continue
        cell = grid.cells.get((row, col))
        if cell is not None and cell.text.strip():
            parts.append(cell.text.strip())
            label.spans.append((cell.start, cell.end))
    label.text = " ".join(parts)
    return label


def _stub_label(grid: _Grid) -> _Label:
    """The headers over the row labels: often the table's metric or unit ("Revenue (A$m)")."""
    label = _Label("")
    parts = []
    for row in range(grid.header_rows):
        for col in grid.label_cols:
            cell = grid.cells.get((row, col))
            if col != grid.unit_col and cell is not None and cell.text.strip():
                parts.append(cell.text.strip())
                label.spans.append((cell.start, cell.end))
    label.text = " ".join(parts)
    return label


def _caption(table: Table, ctx: DocContext, tables: Sequence[Table] = ()) -> _Label:
    """The caption line of the table, or the heading just above a table without one (a short
    line not ending a sentence: "Production by product", "Key figures:"). A web table has no
    such line (web tables are appended after the article, so the line above is the end of the
    article or the previous table), and a line inside another table is never a caption."""
    first = min((c.start for c in table.cells), default=table.start)
    if table.caption and first > table.start:
        return _Label(table.caption, [(table.start, first - 1)])
    if table.start <= 0 or table.kind == "html":
        return _Label("")
    start, end = ctx.line_span(max(0, table.start - 1))
    while start >= 1 and start == end and start > 0:  # a blank line just above: look one further
        start, end = ctx.line_span(start - 1)
    if any(other.start <= start < other.end for other in tables if other is not table):
        return _Label("")  # the last row of the table just above
    line = ctx.text[start:end].strip()
    if line and len(line) <= CAPTION_LOOKBACK_CHARS and end <= table.start and line[-1] not in ".!?;":
        return _Label(line, [(start, end)])
    return _Label("")  # a sentence of prose above the table is not its title


def issuer_entity(doc: Document, ctx: DocContext, vocab: Vocabulary) -> str | None:
    """The entity id of the disclosure's issuer: by its name or ticker in the vocabulary,
    else a mention in the text spelled like its name (an organization discovered there)."""
    disclosure = doc.disclosure
    if disclosure is None:
        return None
    names = issuer_names(disclosure.issuer) if disclosure.issuer else []
    if disclosure.ticker:
        if disclosure.exchange:
            names.append(f"{disclosure.exchange}: {disclosure.ticker}")
        names.append(disclosure.ticker)
    for name in names:
        entity = vocab.resolve(name)
        if entity is not None and entity.kind in ORG_KINDS:
            return entity.id
    keys = {alias_key(n) for n in names}
    for m in ctx.mentions:
        if alias_key(m.text) in keys and ctx.kind(m) in ORG_KINDS:
            return m.entity_id
    return None


@dataclass
class _Context:
    """What one cell is read by: its labels, most specific first."""

    row: _Label
    column: _Label
    stub: _Label  # the header over the row labels ("Product", "Revenue by region (A$m)")
    section: _Label
    caption: _Label


def _metric(ctx_labels: Sequence[tuple[str, _Label]], unit: str, vocab: Vocabulary,
            growth: bool) -> tuple[str, str] | None:
    """(metric, where) from the first label naming a metric whose unit kind fits ``unit``;
    in one label the longest trigger wins."""
    labels = tuple((where, label.text) for where, label in ctx_labels)
    return memo_reading(vocab, "metric", (labels, unit, growth), lambda: _metric_of(labels, unit, vocab, growth))


def _metric_of(labels: tuple[tuple[str, str], ...], unit: str, vocab: Vocabulary,
               growth: bool) -> tuple[str, str] | None:
    rules = fact_rules(vocab)
    kind = unit_kind(unit)
    for where, text in labels:
        best: tuple[int, int, str] | None = None
        for m in rules.metric_triggers.finditer(text):
            for rank, metric in enumerate(rules.metrics_by_trigger.get(phrase_key(m.group(0)), [])):
                if kind not in rules.unit_kinds.get(metric, ()):
                    continue
                if (metric in rules.growth_metrics) != growth and rules.growth_metrics:
                    continue
                key = (-(m.end() - m.start()), rank, metric)
                if best is None or key < best:
                    best = key
        if best is not None:
            return best[2], where
    return None


def _explained(label: _Label, ctx: DocContext, vocab: Vocabulary, rules: TableRules) -> bool:
    """Whether monazite reads what a label says: a period, a metric, an entity, a total, a
    change, a unit."""
    if label.explained is None:
        text = label.text
        bare = BRACKETS.sub(" ", text).strip()
        label.explained = (not text.strip() or read_period(text, vocab) is not None or bool(rules.total.search(text))
                           or bool(rules.change.search(text)) or bool(label.mentions(ctx))
                           or bool(fact_rules(vocab).metric_triggers.search(text))
                           or not bare or unit_probe(bare, vocab) is not None)
    return label.explained


def table_facts(doc: Document, table: Table, ctx: DocContext, vocab: Vocabulary) -> list[Fact]:
    """Facts of one table's numeric cells; offsets index ``doc.text``."""
    rules = table_rules(vocab)
    frules = fact_rules(vocab)
    grid = _grid(table, vocab, rules)
    caption = _caption(table, ctx, doc.tables)
    issuer = issuer_entity(doc, ctx, vocab)
    value_cols = [c for c in range(table.n_cols) if c not in grid.label_cols]
    columns = {c: _column_label(grid, c) for c in value_cols}
    body = range(grid.header_rows, table.n_rows)
    rows = {r: _row_label(grid, r) for r in body}
    values = {(r, c): v for r in body for c in value_cols
              if (v := read_cell(grid.text(r, c), vocab, rules)) is not None}
    stub = _stub_label(grid)
    col_periods = {c: read_period(columns[c].text, vocab) for c in value_cols}
    row_periods = {r: read_period(rows[r].text, vocab) for r in body}
    row_kinds = {r: {ctx.kind(m) for m in rows[r].mentions(ctx)} for r in body if row_periods[r] is None}
    segmented = bool(rules.segment.search(caption.text) or rules.segment.search(stub.text))
    facts: list[Fact] = []
    section = _Label("")
    for r in body:
        if not any((r, c) in values for c in value_cols):
            if rows[r].text and not any(grid.text(r, c).strip() for c in value_cols):
                section = rows[r]  # a heading row inside the table ("Production", "Revenue by product")
            continue
        for c in value_cols:
            value = values.get((r, c))
            if value is None or value.estimate:
                continue
            fact = _cell_fact(doc, table, grid, r, c, value, _Context(rows[r], columns[c], stub, section, caption),
                              col_periods, row_periods, row_kinds, issuer, segmented, ctx, vocab, rules, frules)
            if fact is not None:
                facts.append(fact)
    return facts


def _cell_fact(doc: Document, table: Table, grid: _Grid, r: int, c: int, value: CellValue, labels: _Context,
               col_periods: Mapping[int, TablePeriod | None], row_periods: Mapping[int, TablePeriod | None],
               row_kinds: Mapping[int, set[str]], issuer: str | None, segmented: bool, ctx: DocContext,
               vocab: Vocabulary, rules: TableRules, frules: Any) -> Fact | None:
    row, column, stub, section, caption = labels.row, labels.column, labels.stub, labels.section, labels.caption
    if rules.estimate.search(row.text) or rules.estimate.search(column.text):
        return None
    confidence = CONFIDENCE_EXPLICIT
    col_period, row_period = col_periods.get(c), row_periods.get(r)
    if (col_period and col_period.estimate) or (row_period and row_period.estimate):
        return None
    change_col = bool(rules.change.search(column.text))
    change_row = bool(rules.change.search(row.text))
    change = change_col or change_row
    # The period: from the column (or, turned on its side, the row); from the caption when neither says.
    period: TablePeriod | None
    if change:
        period = _change_period(column if change_col else row,
                                [p for p in (col_periods.values() if change_col else row_periods.values()) if p])
        if period is None:
            return None
        confidence *= FACTOR_CHANGE
    else:
        if col_period is not None and row_period is not None and col_period.iso != row_period.iso:
            return None
        period = col_period or row_period or read_period(section.text, vocab) or read_period(caption.text, vocab)
        if period is not None and period.estimate:
            return None
    if period is None:
        confidence *= FACTOR_NO_PERIOD
    elif period.fiscal_split:
        confidence *= FACTOR_FISCAL_SPLIT
    # The unit: the cell's own, a unit column, the row, the column, a section row, the caption.
    unit = value.unit
    level_unit: Unit | None = None
    unit_from_caption = False
    if grid.unit_col is not None:
        level_unit = unit_probe(grid.text(r, grid.unit_col), vocab)
    for label, loose in ((row, True), (column, not change), (stub, False), (section, True), (caption, False)):
        if level_unit is not None:
            break
        if label is column and change:
            continue
        level_unit = unit_in(label.text, vocab, loose=loose)
        unit_from_caption = label is caption and level_unit is not None
    if unit_from_caption:
        confidence *= FACTOR_UNIT_CAPTION
    if change:
        if unit is None and "%" in column.text + row.text:
            unit = Unit("%", 1.0, None)
        if unit is None or unit.unit != "%" or level_unit is None:
            return None
    elif unit is None:
        unit = level_unit
    if unit is None:
        return None
    # The metric: named by the row, the column, a section row or the caption, fitting the unit.
    order = [("row", row), ("column", column), ("stub", stub), ("section", section), ("caption", caption)]
    if change:
        base = _metric([(w, lab) for w, lab in order if lab is not (column if change_col else row)],
                       level_unit.unit if level_unit else unit.unit, vocab, growth=False)
        growth_metric = frules.growth_of.get(base[0]) if base else None
        if growth_metric is None:
            return None
        metric, metric_from = growth_metric, base[1] if base else "caption"
    else:
        picked = _metric(order, unit.unit, vocab, growth=False)
        if picked is None:
            return None
        metric, metric_from = picked
    if metric_from == "caption":
        confidence *= FACTOR_METRIC_CAPTION
    # The subject and material.
    kinds = ORG_KINDS | COUNTRY_KINDS if metric in frules.country_metrics else ORG_KINDS
    total = bool(rules.total.search(row.text)) and not row_period
    subject, subject_from = None, None
    material: str | None = None
    named: set[str] = set()  # holders the row or the column names
    outer: set[str] = set()  # holders the caption, the stub or a section row names
    for where, label in order:
        mentions = label.mentions(ctx)
        holders = {m.entity_id for m in mentions if ctx.kind(m) in kinds and m.start not in ctx.adjectival}
        places = {m.entity_id for m in mentions if ctx.kind(m) in PLACE_KINDS | ORG_KINDS and ctx.kind(m) not in kinds}
        if where in ("row", "column") and places - holders:
            return None  # a segment or a site ("China" in a revenue table, "Mt Weld"): not the holder's total
        if len(holders) > 1:
            return None
        (named if where in ("row", "column") else outer).update(holders)
        if subject is None and holders:
            subject, subject_from = next(iter(holders)), where
        if material is None and not (total and where == "row" and not _things(mentions, ctx)):
            things = _things(mentions, ctx)
            if things:
                material = things[0]
    segments = segmented or bool(outer - named)
    if named and segments:
        return None  # "China's exports by destination": Japan's row is where they went, not Japan's exports
    if metric in frules.material_metrics:
        material_subject = material
        if subject is None and material_subject is not None:
            subject, subject_from = material_subject, "material"
    if total and subject_from != "row" and not segments and not outer \
            and any(kinds_ & kinds for r2, kinds_ in row_kinds.items() if r2 != r):
        return None  # the total of a table by holder: whose total it is, the table does not say
    if subject is None and issuer is not None and kinds & {"company"}:
        subject, subject_from = issuer, "issuer"
    if subject is None:
        return None
    if subject_from == "caption":
        confidence *= FACTOR_SUBJECT_CAPTION
    elif subject_from == "issuer":
        confidence *= FACTOR_SUBJECT_ISSUER
    if not (_explained(row, ctx, vocab, rules) and _explained(column, ctx, vocab, rules)):
        confidence *= FACTOR_UNREAD_LABEL
    basis = unit.basis or (level_unit.basis if level_unit else None)
    if basis is None and unit.unit in ("t", "t/yr"):
        basis = basis_of(" ".join(p for p in (row.text, column.text) if p), vocab)
    cell = grid.cells[(r, c)]
    line = ctx.line_span(cell.start)
    amount = value.value * (1.0 if value.unit is not None else unit.factor)
    if value.unit is not None and not value.scaled and level_unit is not None and level_unit.unit == value.unit.unit:
        amount = value.value * level_unit.factor  # "$3.2" in a row "Revenue (US$ million)": 3.2 million dollars
    return Fact(
        document_id=doc.id, subject=subject, metric=metric, value=_round(amount), unit=unit.unit,
        value_text=cell.text, start=cell.start, end=cell.end, sentence_start=line[0], sentence_end=line[1],
        quote=_quote(caption, section, row, column, cell.text), extractor=TABLE_EXTRACTOR, basis=basis,
        period=period.iso if period else None, material=material if material != subject else None,
        confidence=round(confidence, 3), page=cell.page if cell.page is not None else doc.page_at(cell.start),
        cell=f"{table.index}:{r}:{c}",
    )


def _things(mentions: list[Mention], ctx: DocContext) -> list[str]:
    return [m.entity_id for m in mentions if ctx.kind(m) in THING_KINDS]


def _change_period(label: _Label, axis: list[TablePeriod]) -> TablePeriod | None:
    """The period a change column (or row) reports: the later year its header names ("2024 vs
    2023"), or, when it names none, the later of exactly two periods the table reports."""
    years = years_in(label.text)
    if len(years) >= 2:
        return TablePeriod(f"{years[-1]:04d}")
    if len(years) == 1:
        return TablePeriod(f"{years[0]:04d}")
    periods = sorted({p.iso for p in axis if not p.estimate})
    if len(periods) == 2:
        return TablePeriod(periods[-1])
    return None



def _round(value: float) -> float:
    return float(f"{value:.12g}")


def _cut(text: str, limit: int = LABEL_MAX_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def _quote(caption: _Label, section: _Label, row: _Label, column: _Label, value: str) -> str:
    """What an analyst reads the figure by: "Production by product — NdPr oxide (t), 2024: 10,500"."""
    head = " \u2014 ".join(_cut(p.text) for p in (caption, section) if p.text)
    where = ", ".join(_cut(p.text) for p in (row, column) if p.text)
    quote = f"{head} \u2014 {where}: {value}" if head else f"{where}: {value}" if where else value
    return _cut(quote, QUOTE_MAX_CHARS)
