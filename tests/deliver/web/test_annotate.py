"""The document text is escaped piece by piece; only monazite's own <mark> tags are markup."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from monazite.deliver.web.annotate import Annotation, annotate


def _strip(html: str) -> str:
    return re.sub(r"</?mark[^>]*>", "", html)


def test_nested_and_crossing_spans_stay_well_formed() -> None:
    text = "Hello <b>World</b> and 24.5% of exports"
    html = str(annotate(text, [Annotation(0, 17, "event", "e1", "event"), Annotation(6, 12, "mention", "m1", 'a"<b'),
                               Annotation(10, 25, "fact", "f1", "fact")]))
    assert html.count("<mark") == html.count("</mark>")
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert 'title="a&#34;&lt;b"' in html
    assert html.count('data-ann="f1"') == 3  # split where it crosses the mention and the event


def test_out_of_range_spans_are_ignored() -> None:
    html = str(annotate("abc", [Annotation(2, 9, "fact", "x", ""), Annotation(2, 2, "fact", "y", "")]))
    assert html == "abc"


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=6))
def test_any_text_and_spans_round_trip(text: str, spans: list[tuple[int, int]]) -> None:
    anns = [Annotation(a, b, "fact", f"r{i}", "<x>") for i, (a, b) in enumerate(spans)]
    html = str(annotate(text, anns))
    assert html.count("<mark") == html.count("</mark>")
    assert "<" not in _strip(html)
    import html as html_lib

    assert html_lib.unescape(_strip(html)) == text
