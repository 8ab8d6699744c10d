"""Reading order from glyph positions: columns found by gutters, bounded by the page."""

from __future__ import annotations

from monazite.ingest.pdf_layout import Block, Segment, order_segments


def _line(text: str, x0: float, x1: float, y: float) -> Block:
    segment = Segment(text=text, x0=x0, x1=x1, top=y - 8, bottom=y, size=10.0)
    return Block(lines=[segment], top=segment.top, x0=x0, x1=x1, bottom=y)


def test_two_columns_are_read_left_then_right() -> None:
    blocks = [_line(f"{side}{n}", x0, x0 + 220, 100 + 12 * n) for n in range(5)
              for side, x0 in (("L", 56), ("R", 300))]
    assert [b.lines[0].text for b in order_segments(blocks)] == [*(f"L{n}" for n in range(5)),
                                                                *(f"R{n}" for n in range(5))]


def test_a_span_wider_than_any_page_is_read_top_down_without_a_column_search() -> None:
    blocks = [_line(f"line {n}", 56, 500, 100 + 12 * n) for n in range(6)]
    blocks.append(_line("far", 1e12, 1e12 + 50, 400))  # a coordinate a hostile file chose
    assert [b.lines[0].text for b in order_segments(blocks)] == [*(f"line {n}" for n in range(6)), "far"]
