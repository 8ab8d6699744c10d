from __future__ import annotations

import pytest

from monazite.ingest.markdown import markdown_title, strip_markdown
from monazite.ingest.metadata import (
    clean_publisher_name, clean_url, date_from_text, detect_language, host_of, masthead_names, parse_date_value,
    publisher_from_text, title_from_text, url_from_text,
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


@pytest.mark.parametrize(("url", "host"), [
    ("https://www.mining.com/acme-first-oxide/", "mining.com"),
    ("https://m.reuters.co.uk/markets", "reuters.co.uk"),
    ("http://amp.example-news.com/path?x=1", "example-news.com"),
    ("https://WWW.Example-News.com.:443/a", "example-news.com"),
    ("https://uk.reuters.com/x", "uk.reuters.com"),  # only www., m. and amp. are the same site
    ("https://www.com/", "www.com"),  # never stripped down to a bare top-level domain
    ("http://127.0.0.1/x", None), ("http://localhost/x", None), ("https://[::1]/", None),
    ("ftp://example.org/file", None), ("https://example.org:99999/", None), ("not a url", None), (None, None),
])
def test_host_of(url, host) -> None:
    assert host_of(url) == host


def test_url_from_a_source_line_is_checked() -> None:
    assert url_from_text("Headline\nSource: https://www.example-news.com/path\n\nBody.") == \
        "https://www.example-news.com/path"
    assert url_from_text("Headline\nRead more at: https://example-news.com/a/(b).\nBody.") == \
        "https://example-news.com/a/(b)"
    assert url_from_text("Headline\nSource: https://127.0.0.1/admin\nBody.") is None
    assert url_from_text("Headline\nSource: https://exa\u202emple.com/x\nBody.") is None
    assert url_from_text("Headline\nSource: https://example.com/" + "a" * 3000 + "\nBody.") is None
    assert url_from_text("Headline\nBody.\n" * 5 + "Source: https://example.com/late") is None
    assert clean_url(" https://example-news.com/x ") == "https://example-news.com/x"
    assert clean_url("javascript:alert(1)") is None


@pytest.mark.parametrize(("value", "name"), [
    ("Reuters", "Reuters"),
    ("  Lanthanide   Ledger \u2014 ", "Lanthanide Ledger"),
    ("<b>Cerium&nbsp;Courier</b><script>alert('x')</script>", "Cerium Courier"),
    ("&lt;script&gt;alert(1)&lt;/script&gt;Terbium Times", "Terbium Times"),  # escaped markup too
    ("<img src=x onerror=alert(1)>Metal Wire", "Metal Wire"),
    ("@MiningWeekly", "MiningWeekly"),  # a twitter:site handle
    ("www.Example-News.com", "example-news.com"),
    ("People's Daily", "People's Daily"),
    ("Source: https://www.example-news.com/path", None),
    ("https://www.social.example/page", None),
    ("www.example-news.com/path", None),  # a path
    ("News/Markets", None),
    ("{{ site.name }}", None),
    ("javascript:alert(1)", None),
    ("<script>alert(1)</script>", None),
    ("<script", None),
    ("2025", None),
    ("", None), (None, None),
    ("A" * 101, None),
    ("<script>x</script>" + "Rare Earth Wire " * 640, None),  # 10 KB: refused before any cleaning
])
def test_clean_publisher_name(value, name) -> None:
    assert clean_publisher_name(value) == name


def test_control_and_invisible_characters_leave_names() -> None:
    assert clean_publisher_name("Metal\u200b Wire\x07") == "Metal Wire"
    assert clean_publisher_name("Metal\nWire") == "Metal Wire"


def test_masthead_names_for_matching_known_publishers() -> None:
    assert masthead_names("Headline\nBy Jane Roe, Mining Weekly\nBody text.")[0] == "Mining Weekly"
    assert "MINING.COM" in masthead_names("Headline\nMINING.COM | Markets\nBody text.")
    assert masthead_names("Headline\nBy Reuters Staff\nBody text.")[0] == "Reuters"
    dateline = "BEIJING (Reuters) - China said on Monday it would issue more export licences for rare earth magnets."
    assert "Reuters" in masthead_names("Headline\n" + dateline)
    assert "Reuters" not in masthead_names("Reuters\nBody text.")  # the title line is never a masthead
    assert masthead_names("Headline\nSource: https://www.reuters.com/x\nBody.") == ["Body."]
