from __future__ import annotations

import pytest

from monazite.ingest.markdown import markdown_title, strip_markdown
from monazite.ingest.metadata import (
    date_from_text, detect_language, parse_date_value, publisher_from_text, title_from_text,
)
from monazite.model import PartialDate


@pytest.mark.parametrize("text", [
    "Headline\n\nApr 18, 2025\n\nBody", "Headline\n18 April 2025\nBody", "Headline\n2025-04-18\nBody",
    "Headline\nPublished: April 18th, 2025\nBody",
])
def test_dateline_near_top(text: str) -> None:
    assert date_from_text(text) == PartialDate(2025, 4, 18)


def test_body_dates_are_not_publication_dates() -> None:
    text = "Headline\nOn April 15, 2025, President Donald J. Trump signed an Executive Order invoking Section 232."
    assert date_from_text(text) is None
    late = "\n".join(["line"] * 10 + ["Apr 18, 2025"])
    assert date_from_text(late) is None


@pytest.mark.parametrize("value, expected", [
    ("2025-04-18T10:00:00Z", "2025-04-18"), ("Fri, 18 Apr 2025 09:00:00 +0000", "2025-04-18"),
    ("2024-06", "2024-06"), ("September 3, 2024", "2024-09-03"), ("nonsense", None), (None, None),
])
def test_parse_date_value(value, expected) -> None:
    parsed = parse_date_value(value)
    assert (parsed.iso if parsed else None) == expected


def test_title_skips_generic_headings() -> None:
    assert title_from_text("Highlights\n- China’s exports rose\nBody") == "China’s exports rose"
    long = "word " * 100
    assert title_from_text(long).endswith("…") and len(title_from_text(long)) <= 161


def test_language() -> None:
    assert detect_language("The company said that the plant is on track and the output of oxide rose.") == "en"
    assert detect_language("包钢集团稀土出口创历史新高") == "zh"


def test_markdown() -> None:
    md = "# MP Materials\n\n*Mountain* **Pass** [site](https://x.y) ![pit](p.jpg) `code`\n\n---\n> quoted"
    assert markdown_title(md) == "MP Materials"
    assert strip_markdown(md).split() == ["MP", "Materials", "Mountain", "Pass", "site", "pit", "code", "quoted"]


@pytest.mark.parametrize(
    ("text", "publisher"),
    [
        ("Headline here\n\nPublished: 2025-03-29\nBy Wen Li, Asia Metals Desk\n\nBody text.", "Asia Metals Desk"),
        ("Headline here\nStrategic Metals Observer | Companies\n\nBody.", "Strategic Metals Observer"),
        ("Headline\nPacific Resources Review \u2014 Perth\nBody.", "Pacific Resources Review"),
        ("Headline\nChina lifted its quotas | and prices rose sharply in the weeks after the announcement.\n", None),
        ("Headline\n\nBaotou, China \u2014 Baogang Group, China's largest producer, announced gains in revenue "
         "and profits during a meeting on April 16.", None),
    ],
)
def test_publisher_from_byline(text: str, publisher: str | None) -> None:
    assert publisher_from_text(text) == publisher
