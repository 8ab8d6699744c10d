from __future__ import annotations

import pytest

from monazite.errors import UnsupportedInput
from monazite.ingest.html import declared_charset, extract_html, looks_like_html


def test_article_text_and_metadata(fixtures_dir) -> None:
    page = (fixtures_dir / "ingest" / "lynas_kalgoorlie.html").read_text(encoding="utf-8")
    article = extract_html(page, "lynas.html")
    assert article.title == "Lynas starts up its Kalgoorlie rare earths processing plant"
    assert article.published == "2024-11-05T07:30:00+08:00"
    assert article.site_name == "Mining.com"
    assert article.author == "Metals Desk staff"
    assert "Lynas Rare Earths, the largest producer of separated rare earths outside China" in article.text
    assert "company’s separation plant" in article.text
    assert "10,500 tonnes of NdPr a year" in article.text  # link text kept inline
    for furniture in ("Share on Facebook", "Home", "Subscribe", "Leave a Reply", "Recent posts",
                      "All rights reserved", "analytics", "display:flex"):
        assert furniture not in article.text
    assert any(r.startswith("removed_html_furniture:") for r in article.removed)


def test_json_ld_and_time_fallbacks() -> None:
    page = ('<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Shenghe deal",'
            '"author":[{"name":"A. Writer"}],"publisher":{"name":"Reuters"}}</script></head><body>'
            '<time datetime="2025-02-03">3 Feb</time><p>Shenghe Resources agreed to buy a stake.</p></body></html>')
    article = extract_html(page, "x")
    assert (article.title, article.author, article.site_name, article.published) == (
        "Shenghe deal", "A. Writer", "Reuters", "2025-02-03")


def test_malformed_html_does_not_crash(fixtures_dir) -> None:
    page = (fixtures_dir / "ingest" / "malformed.html").read_text(encoding="utf-8")
    article = extract_html(page, "bad.html")
    assert "Shenghe Resources holds stakes" in article.text
    assert article.title == "Broken page"


def test_empty_document_refused() -> None:
    with pytest.raises(UnsupportedInput, match="malformed HTML"):
        extract_html("", "empty.html")


def test_sniffing_helpers() -> None:
    assert looks_like_html("<!DOCTYPE html><html>")
    assert not looks_like_html("Plain text about <5% shares")
    assert declared_charset(b'<html><head><meta charset="windows-1252">') == "windows-1252"
    assert declared_charset(b"<p>none</p>") is None
