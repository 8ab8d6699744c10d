from __future__ import annotations

import pytest

from monazite.ingest.publishers import load_publishers, resolve_source


def test_registry_names_and_domains() -> None:
    reg = load_publishers()
    assert reg.by_publisher("xinhua news agency").kind == "company"
    assert reg.by_url("https://www.usgs.gov/centers/nmic").kind == "government"
    assert reg.by_url("https://efts.sec.gov/x").kind == "filing"
    assert reg.by_url("https://unknown.example/x") is None


def test_company_media_statement_sets_company_kind() -> None:
    text = "Lead.\nDisclaimer: This news originates from Chinese state-owned company media disclosures."
    src = resolve_source(text, name="Rare Earth Exchanges")
    assert src.kind == "company" and src.name == "Chinese state-owned company media via Rare Earth Exchanges"
    relay = resolve_source("According to company disclosures in Baogang Daily, exports rose.")
    assert (relay.name, relay.kind) == ("Baogang Daily", "company")


def test_independent_publisher_otherwise() -> None:
    src = resolve_source("Rare earth prices rose.", name="Rare Earth Exchanges")
    assert (src.name, src.kind) == ("Rare Earth Exchanges", "independent")
    assert resolve_source("text", name="Some Blog").kind == "unknown"
    assert resolve_source("text") is None


def test_a_source_url_header_line_names_the_publisher_by_its_host(tmp_path) -> None:
    from monazite.ingest import read_documents
    from monazite.settings import Settings

    body = ("Acme ships first oxide\nSource: https://www.mining.com/acme-first-oxide/\n\n"
            "Acme Rare Earths said on Tuesday it produced its first dysprosium oxide at its new plant.\n")
    path = tmp_path / "story.txt"
    path.write_text(body, encoding="utf-8")
    (doc,) = read_documents([str(path)], Settings())
    assert doc.source is not None and doc.source.name == "Mining.com"
    unknown = body.replace("www.mining.com", "news.example.org")
    path.write_text(unknown, encoding="utf-8")
    (doc,) = read_documents([str(path)], Settings())
    assert doc.source.name == "news.example.org" and not doc.source.name.startswith("Source")


def _read(path):
    from monazite.ingest import read_documents
    from monazite.settings import Settings

    (doc,) = read_documents([str(path)], Settings())
    return doc


def test_a_source_url_line_is_the_documents_origin(tmp_path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Acme ships first oxide\nSource: https://www.example-news.com/path\n\n"
                    "Acme Rare Earths said on Tuesday it produced its first dysprosium oxide at its new plant.\n",
                    encoding="utf-8")
    doc = _read(path)
    assert doc.origin == "https://www.example-news.com/path"
    assert (doc.source.name, doc.source.kind, doc.source.url) == ("example-news.com", "unknown",
                                                                  "https://example-news.com")
    path.write_text("Acme ships first oxide\nSource: https://127.0.0.1/admin\n\n"
                    "Acme Rare Earths said on Tuesday it produced its first dysprosium oxide at its new plant.\n",
                    encoding="utf-8")
    doc = _read(path)
    assert doc.origin == str(path) and doc.source is None  # no address, no publisher: never the line itself


def test_publisher_order_of_trust() -> None:
    text = "Headline\nBy Jane Roe, Bloomberg News\n\nBody text about rare earths."
    # 1. site metadata beats the URL's domain and the masthead
    assert resolve_source(text, site_name="Lanthanide Ledger", url="https://www.reuters.com/x").name == \
        "Lanthanide Ledger"
    # 2. a known publisher by domain beats the masthead
    assert resolve_source(text, url="https://www.reuters.com/x").name == "Reuters"
    # 3. a masthead naming a known publisher beats an unknown host
    assert (resolve_source(text, url="https://www.example-news.com/x").name,
            resolve_source(text, url="https://www.example-news.com/x").kind) == ("Bloomberg", "independent")
    # 4. the host, when the masthead names no known publisher
    unknown = "Headline\nBy Jane Roe, Refinery Metals Gazette\n\nBody text."
    assert resolve_source(unknown, url="https://www.example-news.com/x").name == "example-news.com"
    # 5. an unknown masthead only when there is no URL at all
    assert resolve_source(unknown, url="/home/me/story.txt").name == "Refinery Metals Gazette"


def test_unknown_site_name_takes_the_pages_home() -> None:
    src = resolve_source("Body.", site_name="Lanthanide Ledger", url="https://m.lanthanide-ledger.example/a/b")
    assert (src.name, src.kind, src.url) == ("Lanthanide Ledger", "unknown", "https://lanthanide-ledger.example")


@pytest.mark.parametrize("url", [
    "https://www.reuters.com/markets/commodities/x", "https://uk.reuters.com/x", "https://www.reuters.co.uk/x",
    "https://m.reuters.co.uk/x",
])
def test_one_organisation_many_hosts(url: str) -> None:
    src = resolve_source("Body.", url=url)
    assert (src.name, src.kind, src.url) == ("Reuters", "independent", "https://reuters.com")


@pytest.mark.parametrize(("site_name", "name"), [
    ("REUTERS", "Reuters"), ("The Financial Times", "Financial Times"), ("@Reuters", "Reuters"),
    ("MiningWeekly", "Mining Weekly"), ("www.mining.com", "Mining.com"), ("reuters.co.uk", "Reuters"),
])
def test_site_names_resolve_to_the_registry_spelling(site_name: str, name: str) -> None:
    assert resolve_source("Body.", site_name=site_name).name == name


@pytest.mark.parametrize("bad", [
    "Source: https://www.example-news.com/path", "https://www.example-news.com/path", "news/markets",
    "<script>alert(1)</script>", "x" * 10_000,
])
def test_a_refused_name_is_never_the_publisher(bad: str) -> None:
    src = resolve_source("Body.", site_name=bad, url="https://www.example-news.com/path")
    assert src.name == "example-news.com"
    assert resolve_source("Body.", site_name=bad) is None


def test_operator_source_option() -> None:
    assert resolve_source("Body.", name="Reuters", site_name="Lanthanide Ledger").name == "Reuters"
    assert resolve_source("Body.", name="https://www.mining.com/a").name == "Mining.com"
    assert resolve_source("Body.", name="https://www.example-news.com/a").name == "example-news.com"


def test_wire_dateline_names_a_known_publisher() -> None:
    text = ("China widens licences\nBEIJING (Reuters) - China's commerce ministry said on Thursday it had "
            "approved more export licences for rare earth magnets.")
    assert resolve_source(text).name == "Reuters"


def test_company_relay_still_wins_over_the_resolved_publisher() -> None:
    text = ("Headline\n\nThis report relays information disclosed by China Northern Rare Earth in its filings.")
    src = resolve_source(text, url="https://www.example-news.com/a")
    assert (src.name, src.kind) == ("company disclosures via example-news.com", "company")
    own = resolve_source("Headline\n\nAccording to Xinhua, output rose.", url="https://www.xinhuanet.com/x")
    assert (own.name, own.kind) == ("Xinhua", "company")


@pytest.mark.parametrize(("fixture", "name", "kind"), [
    ("og_site_name.html", "Lanthanide Ledger", "unknown"),
    ("json_ld.html", "Terbium Times", "unknown"),
    ("url_only.html", "example-news.com", "unknown"),
    ("source_line.txt", "example-news.com", "unknown"),
    ("masthead.txt", "Mining Weekly", "independent"),
    ("masthead_unknown.txt", "Refinery Metals Gazette", "unknown"),
    ("hostile_site_name.html", "Cerium Courier", "unknown"),
    ("hostile_site_name_refused.html", "hostile-wire.example", "unknown"),
])
def test_fixture_publishers(fixtures_dir, fixture: str, name: str, kind: str) -> None:
    doc = _read(fixtures_dir / "ingest" / "publishers" / fixture)
    assert (doc.source.name, doc.source.kind) == (name, kind)
    assert "http" not in doc.source.name and "Source:" not in doc.source.name and "/" not in doc.source.name
