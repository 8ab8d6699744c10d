"""Reading a table's parts: periods of headers, units of labels, numbers of cells."""

from __future__ import annotations

import pytest

from monazite.extract.table_cells import read_cell, read_period, table_rules, unit_in, unit_probe
from monazite.vocab import load_vocabulary


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


@pytest.mark.parametrize(("header", "iso", "estimate"), [
    ("2023", "2023", False), ("FY2024", "2024", False), ("FY24", "2024", False), ("Q3 2024", "2024-Q3", False),
    ("3Q24", "2024-Q3", False), ("Q4 FY24", "2024-Q4", False), ("H1 2025", "2025-H1", False),
    ("1H25", "2025-H1", False), ("September quarter 2024", "2024-Q3", False), ("Dec 2024 quarter", "2024-Q4", False),
    ("first half 2024", "2024-H1", False), ("2023/24", "2024", False), ("Year ended 31 December 2024", "2024", False),
    ("2024 (t)", "2024", False), ("2024e", "2024", True), ("2025F", "2025", True), ("Guidance FY25", "2025", True),
    ("Jan 2024", "2024-01", False), ("Sep 2024 (t)", "2024-09", False), ("30 June 2024", "2024-06-30", False),
    ("2024-06-30", "2024-06-30", False),
])
def test_periods_of_headers(vocab, header: str, iso: str, estimate: bool) -> None:
    period = read_period(header, vocab)
    assert period is not None and (period.iso, period.estimate) == (iso, estimate)


@pytest.mark.parametrize("header", ["Change", "NdPr oxide (t)", "2024 vs 2023", "", "Product"])
def test_headers_naming_no_single_period(vocab, header: str) -> None:
    assert read_period(header, vocab) is None


@pytest.mark.parametrize(("phrase", "unit", "factor", "basis"), [
    ("t", "t", 1.0, None), ("tonnes REO", "t", 1.0, "REO"), ("kt", "t", 1000.0, None), ("kg", "t", 0.001, None),
    ("'000 t", "t", 1000.0, None), ("tpa", "t/yr", 1.0, None), ("%", "%", 1.0, None),
    ("US$ million", "USD", 1e6, None), ("A$m", "AUD", 1e6, None), ("RMB million", "CNY", 1e6, None),
    ("US$/kg", "USD/kg", 1.0, None),
])
def test_units_are_read_by_the_quantity_parser(vocab, phrase: str, unit: str, factor: float, basis) -> None:
    found = unit_probe(phrase, vocab)
    assert found is not None and (found.unit, found.factor, found.basis) == (unit, factor, basis)


@pytest.mark.parametrize("phrase", ["oxide", "NdPr", "2024", "Product", ""])
def test_words_that_are_no_unit(vocab, phrase: str) -> None:
    assert unit_probe(phrase, vocab) is None


def test_units_in_labels_bracketed_first_a_counted_noun_only_when_bracketed(vocab) -> None:
    assert unit_in("Revenue (A$m)", vocab, loose=True).unit == "AUD"
    assert unit_in("Sales volume, t", vocab, loose=True).unit == "t"
    assert unit_in("Production tonnes", vocab, loose=True).unit == "t"
    assert unit_in("Production tonnes", vocab, loose=False) is None
    assert unit_in("Employees", vocab, loose=True) is None
    assert unit_in("Staff (employees)", vocab, loose=True).unit == "employees"


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("1,480", 1480.0, None), ("1 200", 1200.0, None), ("(12.5)", -12.5, None), ("-3.2", -3.2, None),
    ("\u22123.2", -3.2, None), ("12.5%", 12.5, "%"), ("1,480\u00b9", 1480.0, None), ("1,480*", 1480.0, None),
    ("US$25/kg", 25.0, "USD/kg"),
])
def test_cells_holding_a_number(vocab, text: str, value: float, unit) -> None:
    cell = read_cell(text, vocab, table_rules(vocab))
    assert cell is not None and cell.value == value and (cell.unit.unit if cell.unit else None) == unit
    assert not cell.estimate


@pytest.mark.parametrize("text", ["", "n/a", "-", "\u2014", "nil", "x", "Lynas", "2024"])
def test_cells_holding_no_figure(vocab, text: str) -> None:
    assert read_cell(text, vocab, table_rules(vocab)) is None


def test_an_estimated_cell_is_marked(vocab) -> None:
    cell = read_cell("1,480e", vocab, table_rules(vocab))
    assert cell is not None and cell.estimate and cell.value == 1480.0


def test_table_readings_keep_no_old_vocabulary_alive() -> None:
    """The readings are cached per vocabulary (``vocab.memo``), not in module caches keyed on
    it: a vocabulary reloaded after an edit lets the old one go."""
    import dataclasses
    import gc
    import weakref

    from monazite.extract.document import extract_document
    from monazite.ingest.tables import render_table, shift_table
    from monazite.model import Disclosure, Document, document_id

    old = dataclasses.replace(load_vocabulary(), _by_exact={}, _by_key={}, _memo={})  # a fresh copy, as a reload gives
    gone = weakref.ref(old)
    rendered, table = render_table([["Product", "FY2024"], ["NdPr oxide production (t)", "10,500"]], index=1,
                                   kind="docx", caption="Production (t)")
    text = "Lynas Rare Earths Limited annual report.\n" + rendered
    doc = Document(id=document_id(text), origin="r.docx", text=text, raw_sha256="0",
                   tables=[shift_table(table, len(text) - len(rendered))],
                   disclosure=Disclosure(issuer="Lynas Rare Earths Limited", filing_type="annual_report"))
    assert any(f.cell for f in extract_document(doc, old).facts)
    assert read_period("FY2024", old) is not None and unit_probe("US$ million", old) is not None
    assert unit_in("Revenue (A$m)", old, loose=False) is not None
    del old, doc
    gc.collect()
    assert gone() is None
