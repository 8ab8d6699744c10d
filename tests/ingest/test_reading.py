"""The reading a paginated file's reader hands to parse: its offset invariants and their checks."""

from __future__ import annotations

import pytest

from monazite.errors import UnsupportedInput
from monazite.ingest.parse import IngestOptions, _finish_reading
from monazite.ingest.reading import ReadingBuilder, offset_problems
from monazite.ingest.sources import RawInput
from monazite.settings import Settings


def test_a_lone_surrogate_is_a_problem_and_the_reading_is_refused() -> None:
    builder = ReadingBuilder("pdf")
    builder.start_page(1)
    builder.add_text("Output rose to 5,000 tonnes at the \ud835 plant in Malaysia during 2024, the company said.")
    reading = builder.build()
    assert offset_problems(reading.text, reading.pages, reading.tables) == [
        "character 35 is not storable text ('\\ud835')"]
    with pytest.raises(UnsupportedInput) as refused:
        _finish_reading(RawInput("slip.pdf", b"%PDF-", "pdf"), reading, Settings(), IngestOptions())
    assert refused.value.reason.startswith("reader error (pdf): character 35")


def test_a_page_a_table_crossed_is_not_begun_again() -> None:
    builder = ReadingBuilder("pdf")
    builder.start_page(1)
    builder.add_text("Output by plant.")
    rows = [["Plant", "2024"], ["A", "1"], ["B", "2"], ["C", "3"]]
    builder.add_table(rows, row_pages=[1, 1, 2, 3])
    builder.start_page(2)  # the table ran over page 2 whole
    builder.start_page(3, rotation=90)
    builder.add_text("After the table.")
    reading = builder.build()
    assert offset_problems(reading.text, reading.pages, reading.tables) == []
    assert [(p.number, p.rotation) for p in reading.pages] == [(1, 0), (2, 0), (3, 90)]
    assert reading.text[reading.pages[1].start:reading.pages[1].end] == "B | 2\n"
