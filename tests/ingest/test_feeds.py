from __future__ import annotations

import pytest

from monazite.errors import UnsafeInput, UnsupportedInput
from monazite.ingest import read_documents
from monazite.ingest.feeds import looks_like_feed, parse_feed
from monazite.settings import Settings
from tests.ingest.http_server import closed_port_url, serve

FULL = ("China's Ministry of Commerce added seven medium and heavy rare earth elements, including samarium, "
        "gadolinium, terbium, dysprosium, lutetium, scandium and yttrium, to its export control list in April 2025. "
        "Exporters now need a licence for each shipment, and customs data showed magnet exports falling sharply in "
        "the weeks that followed as licences were processed slowly. ") * 2
PAGE = ("<html><head><title>Neo opens Narva plant</title></head><body><article><h1>Neo opens Narva plant</h1>"
        "<p>Neo Performance Materials opened its sintered rare earth magnet plant in Narva, Estonia, in September 2025, "
        "the first of its size in Europe. The plant is designed for about 2,000 tonnes of magnets a year in its first "
        "phase, for electric vehicle and wind turbine customers.</p></article></body></html>").encode()


def rss(summary_link: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Mining.com</title>
<item><title>China expands export controls</title><link>https://www.mining.com/china-controls</link>
<pubDate>Fri, 04 Apr 2025 08:00:00 +0000</pubDate><content:encoded><![CDATA[<p>{FULL}</p>]]></content:encoded></item>
<item><title>Neo opens Narva plant</title><link>{summary_link}</link>
<pubDate>Thu, 18 Sep 2025 10:00:00 +0000</pubDate><description>Neo Performance Materials opened a magnet plant in Estonia.</description></item>
</channel></rss>""".encode()


ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>USGS news</title>
<entry><title>Mineral Commodity Summaries</title><link rel="alternate" href="https://www.usgs.gov/mcs"/>
<published>2025-01-31T00:00:00Z</published><author><name>USGS</name></author>
<content type="html">&lt;p&gt;{FULL}&lt;/p&gt;</content></entry></feed>""".encode()


def test_rss_items_follow_summary_links(tmp_path) -> None:
    with serve({"/neo": (200, "text/html; charset=utf-8", PAGE)}) as base:
        feed = tmp_path / "news.rss"
        feed.write_bytes(rss(f"{base}/neo"))
        docs = list(read_documents([str(feed)], Settings(allow_private_hosts=True)))
    assert [d.title for d in docs] == ["China expands export controls", "Neo opens Narva plant"]
    full, followed = docs
    assert full.published.iso == "2025-04-04" and full.published_source == "rss"
    assert full.source.name == "Mining.com" and full.source.kind == "independent"
    assert full.content_type == "rss-item"
    assert "first of its size in Europe" in followed.text  # the full page, not the summary
    assert followed.content_type == "html"
    assert "feed_followed_link:1" in followed.repairs


def test_unreachable_link_keeps_summary(tmp_path) -> None:
    feed = tmp_path / "news.rss"
    feed.write_bytes(rss(closed_port_url()))
    docs = list(read_documents([str(feed)], Settings(fetch_timeout=2.0, min_text_chars=20, allow_private_hosts=True)))
    assert docs[1].text == "Neo Performance Materials opened a magnet plant in Estonia."
    assert any(r.startswith("feed_link_unreachable") for r in docs[1].repairs)


def test_atom(tmp_path) -> None:
    feed = tmp_path / "usgs.atom"
    feed.write_bytes(ATOM)
    (doc,) = read_documents([str(feed)], Settings(allow_private_hosts=True))
    assert doc.origin == "https://www.usgs.gov/mcs"
    assert doc.author == "USGS" and doc.published.iso == "2025-01-31"
    assert doc.source.kind == "government"
    assert doc.text.startswith("China's Ministry of Commerce")


def test_same_item_hashes_the_same_across_fetches() -> None:
    first = parse_feed(rss("https://x.example/neo"), "a")
    second = parse_feed(rss("https://x.example/neo"), "b")
    assert [i.raw for i in first] == [i.raw for i in second]


@pytest.mark.parametrize("name", ["lanthanide_billion_laughs.xml", "external_entity.rss"])
def test_entity_expansion_and_external_entities_refused(fixtures_dir, name: str) -> None:
    raw = (fixtures_dir / "ingest" / name).read_bytes()
    assert looks_like_feed(raw)
    with pytest.raises(UnsafeInput, match="unsafe XML"):
        parse_feed(raw, name)


def test_malformed_and_foreign_xml() -> None:
    with pytest.raises(UnsupportedInput, match="malformed XML"):
        parse_feed(b"<rss><channel><item></channel>", "bad.rss")
    with pytest.raises(UnsupportedInput, match="not an RSS or Atom feed"):
        parse_feed(b"<catalog><book/></catalog>", "books.xml")


AGGREGATOR = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Oxide Observer</title><link>https://www.oxide-observer.example/</link>
<item><title>Own story</title><link>https://oxide-observer.example/2025/own-story</link>
<content:encoded><![CDATA[<p>{FULL}</p>]]></content:encoded></item>
<item><title>Wire story</title><link>https://www.reuters.com/markets/wire-story</link>
<content:encoded><![CDATA[<p>{FULL}</p>]]></content:encoded></item>
<item><title>Blog story</title><link>https://blog.example-news.com/a/b</link>
<content:encoded><![CDATA[<p>{FULL}</p>]]></content:encoded></item>
<item><title>Linkless story</title><content:encoded><![CDATA[<p>{FULL}</p>]]></content:encoded></item>
</channel></rss>""".encode()


def test_feed_title_names_the_items_on_its_own_site_only(tmp_path) -> None:
    feed = tmp_path / "observer.rss"
    feed.write_bytes(AGGREGATOR)
    docs = list(read_documents([str(feed)], Settings()))
    assert [(d.title, d.source.name) for d in docs] == [
        ("Own story", "Oxide Observer"), ("Wire story", "Reuters"), ("Blog story", "blog.example-news.com"),
        ("Linkless story", "Oxide Observer"),
    ]
    assert docs[0].source.url == "https://oxide-observer.example"
    assert parse_feed(AGGREGATOR, "x")[0].feed_link == "https://www.oxide-observer.example/"
    assert parse_feed(ATOM, "x")[0].feed_link is None


RSS1 = f"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel rdf:about="https://www.magnet-notes.example/"><title>Magnet Notes</title>
<link>https://www.magnet-notes.example/</link><description>Notes on magnets</description>
<items><rdf:Seq><rdf:li rdf:resource="https://www.magnet-notes.example/a"/>
<rdf:li rdf:resource="https://www.magnet-notes.example/b"/></rdf:Seq></items></channel>
<item rdf:about="https://www.magnet-notes.example/a"><title>Export licences slow magnet shipments</title>
<link>https://www.magnet-notes.example/a</link><dc:date>2025-05-02T09:00:00Z</dc:date><dc:creator>Ana Ruiz</dc:creator>
<content:encoded><![CDATA[<p>{FULL}</p>]]></content:encoded></item>
<item rdf:about="https://www.magnet-notes.example/b"><title>Narva plant opens</title>
<link>https://www.magnet-notes.example/b</link><dc:date>2025-09-18</dc:date>
<description>A magnet plant opened in Estonia.</description></item>
</rdf:RDF>""".encode()


def test_rss_1_0_rdf_is_read() -> None:
    full, summary = parse_feed(RSS1, "notes.rdf")
    assert (full.title, full.link, full.published, full.author) == (
        "Export licences slow magnet shipments", "https://www.magnet-notes.example/a", "2025-05-02T09:00:00Z", "Ana Ruiz")
    assert full.has_full_text and "licence for each shipment" in full.body
    assert (summary.body, summary.has_full_text) == ("A magnet plant opened in Estonia.", False)
    assert full.feed_title == "Magnet Notes" and full.feed_link == "https://www.magnet-notes.example/"
    assert b"rdf:about" in full.raw or b"about=" in full.raw  # the item's own XML, for its identity


def test_rss_1_0_items_become_documents(tmp_path) -> None:
    feed = tmp_path / "notes.rdf"
    feed.write_bytes(RSS1)
    docs = list(read_documents([str(feed)], Settings(follow_feed_links=False, min_text_chars=20)))
    assert [d.title for d in docs] == ["Export licences slow magnet shipments", "Narva plant opens"]
    assert docs[0].published.iso == "2025-05-02" and docs[0].source.name == "Magnet Notes"


def test_full_text_and_summary_only_flags() -> None:
    full, teaser = parse_feed(rss("https://x.example/neo"), "news.rss")
    assert (full.has_full_text, teaser.has_full_text) == (True, False)
    assert teaser.body == "Neo Performance Materials opened a magnet plant in Estonia."
    (entry,) = parse_feed(ATOM, "usgs.atom")
    assert entry.has_full_text and entry.body.startswith("<p>China's Ministry")
    assert (entry.author, entry.published, entry.link) == ("USGS", "2025-01-31T00:00:00Z", "https://www.usgs.gov/mcs")
    atom_summary = ATOM.replace(b'<content type="html">', b'<summary type="html">').replace(b"</content>", b"</summary>")
    atom_summary = atom_summary.replace(FULL.encode(), b"A short teaser.")
    (teaser_entry,) = parse_feed(atom_summary, "usgs.atom")
    assert not teaser_entry.has_full_text


def test_rss_091_and_permalink_guid() -> None:
    raw = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old feed</title>
<item><title>One</title><guid>https://old.example/1</guid><description>Short.</description></item></channel></rss>"""
    (item,) = parse_feed(raw, "old.rss")
    assert (item.title, item.link, item.has_full_text) == ("One", "https://old.example/1", False)


def test_feed_scripts_are_sanitised() -> None:
    raw = rss("https://x.example/neo").replace(b"<p>China", b"<script>steal()</script><p>China")
    assert "steal" not in parse_feed(raw, "news.rss")[0].body


def announcements_rss(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>ASX announcements</title><link>{base}/</link>
<item><title>Annual Report 2024</title><link>{base}/filings/annual.pdf</link>
<pubDate>Fri, 28 Mar 2025 09:00:00 +0000</pubDate><description>Annual report.</description></item>
<item><title>Quarterly update</title><link>{base}/filings/quarterly</link>
<pubDate>Mon, 28 Apr 2025 09:00:00 +0000</pubDate><description>Quarterly update.</description></item>
<item><title>Locked notice</title><link>{base}/filings/locked.pdf</link>
<pubDate>Tue, 29 Apr 2025 09:00:00 +0000</pubDate><description>A notice to the market on offtake terms.</description></item>
</channel></rss>""".encode()


def test_feed_items_linking_to_a_pdf_or_a_docx_are_read_as_those_files(tmp_path) -> None:
    from tests.ingest.office_factory import plain_docx
    from tests.ingest.pdf_factory import annual_report_pdf, encrypt_pdf

    pdf = annual_report_pdf(tmp_path / "annual.pdf")
    locked = encrypt_pdf(pdf, tmp_path / "locked.pdf", user_password="s3cret").read_bytes()
    docx = plain_docx(["Lynas quarterly update. NdPr production was 1,700 tonnes in the March quarter, and the "
                       "Kalgoorlie cracking and leaching plant ran at its nameplate rate for the whole quarter."])
    routes = {"/filings/annual.pdf": (200, "application/pdf", pdf.read_bytes()),
              "/filings/quarterly": (200, "application/octet-stream", docx),  # no telling name or type
              "/filings/locked.pdf": (200, "application/pdf", locked)}
    with serve(routes) as base:
        feed = tmp_path / "asx.rss"
        feed.write_bytes(announcements_rss(base))
        annual, quarterly, notice = read_documents([str(feed)], Settings(allow_private_hosts=True, min_text_chars=20))
    assert annual.content_type == "pdf" and annual.origin.endswith("/filings/annual.pdf")
    assert "NdPr oxide production reached 6,100 tonnes in 2024" in annual.text
    assert [p.number for p in annual.pages] == [1, 2, 3] and len(annual.tables) == 1
    assert annual.title == "Annual Report 2024" and annual.published.iso == "2025-03-28"
    assert annual.published_source == "rss" and "feed_followed_link:1" in annual.repairs
    assert quarterly.content_type == "docx" and "1,700 tonnes in the March quarter" in quarterly.text
    assert quarterly.title == "Quarterly update"
    assert notice.text == "A notice to the market on offtake terms."  # the summary, and why
    assert any(r.startswith("feed_link_unreachable:1 (encrypted PDF") for r in notice.repairs)
