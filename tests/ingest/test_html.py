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
    assert "html_main_text_trafilatura:1" in article.removed
    assert any(r.startswith("removed_html_furniture_chars:") for r in article.removed)


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


def _publishers(fixtures_dir, name: str) -> str:
    return (fixtures_dir / "ingest" / "publishers" / name).read_text(encoding="utf-8")


def test_site_name_from_og_site_name_first(fixtures_dir) -> None:
    article = extract_html(_publishers(fixtures_dir, "og_site_name.html"), "og.html")
    assert article.site_name == "Lanthanide Ledger"  # over JSON-LD publisher, meta publisher, application-name
    assert article.url == "https://www.lanthanide-ledger.example/2025/06/samarium-magnets"


def test_site_name_from_json_ld_graph_references(fixtures_dir) -> None:
    article = extract_html(_publishers(fixtures_dir, "json_ld.html"), "ld.html")
    assert article.site_name == "Terbium Times"  # publisher.name through its @id, before isPartOf and meta tags
    assert article.url == "https://www.terbium-times.example/prices/terbium-premium-widens"


def _page(head: str) -> str:
    return f"<html><head>{head}</head><body><p>Lynas shipped heavy rare earth oxides from Malaysia.</p></body></html>"


@pytest.mark.parametrize(("head", "site_name"), [
    # isPartOf: the web page is not the site; the website it is part of is
    ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "headline": "h",'
     ' "isPartOf": {"@id": "#page"}}, {"@type": "WebPage", "@id": "#page", "name": "A page title",'
     ' "isPartOf": {"@id": "#site"}}, {"@type": "WebSite", "@id": "#site", "name": "Oxide Observer"}]}</script>',
     "Oxide Observer"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "h",'
     ' "isPartOf": {"@type": "WebPage", "name": "A page title"}}</script>', None),
    ('<script type="application/ld+json">{"@type": "Article", "headline": "h", "publisher": "Magnet Monthly"}</script>',
     "Magnet Monthly"),
    ('<meta name="application-name" content="Oxide App"><meta name="publisher" content="Oxide Observer">',
     "Oxide Observer"),
    ('<meta name="twitter:site" content="@OxideObserver"><meta name="application-name" content="Oxide App">',
     "Oxide App"),
    ('<meta name="twitter:site" content="@OxideObserver">', "OxideObserver"),  # the last resort
    ('<meta property="og:site_name" content="https://www.oxide-observer.example/">'
     '<meta name="publisher" content="Oxide Observer">', "Oxide Observer"),  # a URL is no name: next candidate
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "h", "publisher": [1, 2]}</script>'
     '<script type="application/ld+json">not json</script>', None),
    ("", None),
])
def test_site_name_candidates_in_order(head: str, site_name: str | None) -> None:
    assert extract_html(_page(head), "x").site_name == site_name


def test_hostile_site_names_are_cleaned_or_refused(fixtures_dir) -> None:
    cleaned = extract_html(_publishers(fixtures_dir, "hostile_site_name.html"), "hostile.html")
    # a 10 KB og:site_name carrying a script is refused; the JSON-LD publisher's markup is stripped
    assert cleaned.site_name == "Cerium Courier"
    refused = extract_html(_publishers(fixtures_dir, "hostile_site_name_refused.html"), "hostile.html")
    assert refused.site_name is None  # every candidate is markup, a URL, a template or a path
    assert refused.url == "https://www.hostile-wire.example/2025/09/scandium-alloy-trials"
    assert "alert" not in refused.text and "Rare Earth Wire" not in refused.text


def test_page_url_must_be_an_http_address() -> None:
    page = _page('<meta property="og:url" content="javascript:alert(1)">'
                 '<link rel="canonical" href="https://www.example-news.com/story">')
    assert extract_html(page, "x").url == "https://www.example-news.com/story"
    assert extract_html(_page('<link rel="canonical" href="/relative/story">'), "x").url is None
