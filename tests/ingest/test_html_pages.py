"""The chosen HTML path (parse_raw: encoding repair, trafilatura behind our metadata reader,
ftfy on the extracted text, the plain-text pass) on generated news pages with their furniture.

The pages come from ``bench/make_html_pages.py`` (original prose, invented companies); each
lists strings that must and must not survive, as in trafilatura's evaluation.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monazite.ingest.parse import parse_raw
from monazite.ingest.sources import RawInput
from monazite.model import Document
from monazite.settings import Settings

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "html_reader"
EXPECTED = json.loads((PAGES / "pages.json").read_text(encoding="utf-8"))


def _read(name: str, *, url: str | None = None) -> Document:
    raw = RawInput(origin=url or name, data=(PAGES / name).read_bytes(), kind=None, url=url)
    (doc,) = parse_raw(raw, Settings(semantic_search=False))
    assert isinstance(doc, Document), doc
    return doc


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_article_kept_and_furniture_dropped(name: str) -> None:
    page = EXPECTED[name]
    doc = _read(name)
    for kept in page["must_contain"]:
        assert kept in doc.text, (page["layout"], kept)
    for dropped in page["must_not_contain"]:
        assert dropped not in doc.text, (page["layout"], dropped)
    assert "\u00ad" not in doc.text
    assert "window.dataLayer" not in doc.text and "display:flex" not in doc.text


def test_wrappers_named_widget_sidebar_or_menu_are_not_furniture() -> None:
    for name in ("p01_widget.html", "p05_sidebar.html"):  # the article sits inside them
        assert "html_main_text_trafilatura:1" in _read(name).repairs


def test_comment_articles_are_pruned_not_taken_for_the_article() -> None:
    doc = _read("p04_comments.html")
    assert "removed_html_comments:1" in doc.repairs  # the discussion section, with both comments
    assert not doc.text.startswith("Reader")


def test_soft_hyphens_do_not_stay_inside_words() -> None:
    raw = (PAGES / "p03_teasers.html").read_bytes()
    assert "\u00ad".encode() in raw
    assert "\u00ad" not in _read("p03_teasers.html").text
    assert b"&shy;" in (PAGES / "p00_wordpress.html").read_bytes()
    assert "\u00ad" not in _read("p00_wordpress.html").text


def test_utf8_page_with_stray_cp1252_bytes_is_decoded_as_utf8() -> None:
    doc = _read("p17_widget.html")
    assert doc.encoding == "utf-8+cp1252"
    assert "Gdańsk" in doc.text and "Ã" not in doc.text


@pytest.mark.parametrize(("name", "encoding"), [("p26_divsoup.html", "windows-1252"), ("p44_comments.html", "cp1252")])
def test_cp1252_pages(name: str, encoding: str) -> None:
    doc = _read(name)
    assert doc.encoding == encoding
    assert any(ch in doc.text for ch in "éõü’")


@pytest.mark.parametrize(("name", "source"), [
    ("p00_wordpress.html", "metadata"),  # article:published_time, over the later article:modified_time
    ("p02_divsoup.html", "metadata"),  # <time datetime>
    ("p04_comments.html", "text"),  # "Published ..." under the headline
])
def test_publication_date_and_where_it_came_from(name: str, source: str) -> None:
    doc = _read(name)
    assert (doc.published.iso, doc.published_source) == (EXPECTED[name]["published"], source)


def test_date_from_the_url_by_htmldate() -> None:
    page = EXPECTED["p03_teasers.html"]  # no date in the page, only in its address
    doc = _read("p03_teasers.html", url=page["url"])
    assert (doc.published.iso, doc.published_source) == (page["published"], "htmldate")


def test_ftfy_repairs_the_extracted_text_not_the_scripts() -> None:
    page = ("<html><head><title>Kestrel</title><script>var s = 'companyâ€™s';</script></head><body><article>"
            "<h1>Kestrel expands</h1><p>Kestrel Minerals said the companyâ€™s new kiln in Pori lifts oxide output "
            "to 2,400 tonnes a year, after a season of trials that engineers called long but useful.</p>"
            "<p>Buyers paid about $300 a kilogram for neodymium oxide in the quarter, the company said.</p>"
            "</article></body></html>")
    (doc,) = parse_raw(RawInput(origin="kestrel.html", data=page.encode(), kind="html"), Settings())
    assert "company’s new kiln" in doc.text and "â€" not in doc.text
    assert any(r.startswith("ftfy_") for r in doc.repairs)
    assert "var s" not in doc.text


def test_cp874_mojibake_page_is_repaired_in_front_of_extraction() -> None:
    page = ("<html><body><article><h1>Lynas ships</h1><p>Lynas said the companyโ€™s Kalgoorlie plant shipped "
            "its first mixed rare earth carbonate to Malaysia, where itโ€™s separated into NdPr oxide. The "
            "plant is designed for 10,500 tonnes a year of oxide equivalent.</p></article></body></html>")
    (doc,) = parse_raw(RawInput(origin="lynas.html", data=page.encode(), kind="html"), Settings(min_text_chars=20))
    assert "company’s Kalgoorlie plant" in doc.text and "it’s separated" in doc.text
    assert any(r.startswith("cp874_") for r in doc.repairs)
