from __future__ import annotations

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
