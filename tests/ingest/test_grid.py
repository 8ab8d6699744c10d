"""A grid's caption and header rows, as an analyst reads a sheet."""

from __future__ import annotations

from monazite.ingest.grid import is_period_text, shape_grid


def test_title_and_two_header_rows_by_blanks() -> None:
    table = shape_grid([["Exports (t)", "", ""], ["", "", ""], ["Country", "2023", ""], ["", "H1", "H2"],
                        ["China", "1,000", "1,100"]])
    assert table is not None
    assert table.caption == "Exports (t)" and table.header_rows == 2
    assert table.rows == [["Country", "2023", ""], ["", "H1", "H2"], ["China", "1,000", "1,100"]]


def test_second_row_of_figures_is_data() -> None:
    table = shape_grid([["Product", "2023", ""], ["NdPr", "1,000", "1,100"], ["Dy", "5", "6"]])
    assert table is not None and table.header_rows == 1 and table.caption is None


def test_merged_first_header_row_marks_two_headers() -> None:
    rows = [["Product", "Output", "Sales"], ["", "t", "US$m"], ["NdPr", "10", "20"]]
    assert shape_grid(rows).header_rows == 1  # no blank above a label: one header row
    assert shape_grid(rows, merged_rows=frozenset({0})).header_rows == 2


def test_headerless_data_and_single_column() -> None:
    assert shape_grid([["China", "69.2"], ["Myanmar", "11.1"]]).header_rows == 0
    single = shape_grid([["Notes"], ["First"], ["Second"]])
    assert single.caption is None and single.header_rows == 1 and len(single.rows) == 3
    assert shape_grid([["", ""], [""]]) is None


def test_periods() -> None:
    assert all(map(is_period_text, ["2024", "FY2024", "FY 2023-24", "Q3 2024", "H1", "2025e"]))
    assert not any(map(is_period_text, ["1,234", "12.5", "NdPr"]))
