"""Rendering tables into text: every cell's span holds exactly its text."""

from monazite.ingest.tables import clean_cell, render_table, shift_table


def test_every_cell_span_holds_its_text_and_rows_are_lines():
    rows = [["Product", "2023", "2024"], ["NdPr oxide (t)", "1,200", "1,480"], ["Dysprosium", None, "12.5"]]
    text, table = render_table(rows, index=2, kind="pdf", caption="Table 3  Production by product",
                               row_pages=[14, 14, 15])
    lines = text.split("\n")
    assert lines[0] == "Table 3 Production by product"
    assert lines[1] == "Product | 2023 | 2024"
    assert table.n_rows == 3 and table.n_cols == 3 and table.pages == (14, 15)
    for cell in table.cells:
        assert text[cell.start:cell.end] == cell.text
    empty = table.cell(2, 1)
    assert empty is not None and empty.text == "" and empty.start == empty.end
    assert table.cell(2, 2).page == 15 and table.cell(0, 0).page == 14


def test_shift_moves_every_offset_and_keeps_text():
    text, table = render_table([["a", "b"], ["1", "2"]], index=1, kind="csv")
    prefix = "Intro line.\n"
    document = prefix + text + "\nAfter."
    moved = shift_table(table, len(prefix), index=4)
    assert moved.index == 4 and document[moved.start:moved.end] == text
    for cell in moved.cells:
        assert document[cell.start:cell.end] == cell.text


def test_clean_cell_keeps_one_line_and_no_separator():
    assert clean_cell("  12 |\n 400 ") == "12 / 400"
    assert clean_cell(None) == ""
    assert clean_cell(3.5) == "3.5"
