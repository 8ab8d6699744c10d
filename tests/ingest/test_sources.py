"""Reading inputs: files, folders, URLs, JSON Lines and Markdown, with per-input errors."""

from __future__ import annotations

import pytest

from monazite.errors import FetchError, IngestError, UnsupportedInput
from monazite.ingest import read_documents
from monazite.ingest.sources import iter_locations
from monazite.model import PartialDate
from monazite.settings import Settings
from tests.ingest.http_server import closed_port_url, serve

ARTICLE = ("Arafura Rare Earths is developing the Nolans project in the Northern Territory of Australia, "
           "which is planned to produce NdPr oxide from a single site that combines mine and refinery.\n")


def test_folder_listing_sorted_hidden_skipped_recursive(tmp_path) -> None:
    (tmp_path / "b.txt").write_text(ARTICLE)
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / ".hidden.txt").write_text(ARTICLE)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(ARTICLE)
    flat = [str(p) for p in iter_locations([str(tmp_path)])]
    assert [p.rsplit("/", 1)[1] for p in flat] == ["a.txt", "b.txt"]
    deep = [str(p) for p in iter_locations([str(tmp_path)], recursive=True)]
    assert [p.rsplit("/", 1)[1] for p in deep] == ["a.txt", "b.txt", "c.txt"]


def test_bad_inputs_yield_errors_and_good_ones_documents(tmp_path, fixtures_dir) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (tmp_path / "big.txt").write_text(ARTICLE * 50)
    (tmp_path / "short.txt").write_text("Too short.")
    settings = Settings(max_file_bytes=2000)
    out = list(read_documents([str(tmp_path), str(tmp_path / "missing.txt")], settings))
    errors = {e.origin.rsplit("/", 1)[-1]: e for e in out if isinstance(e, IngestError)}
    docs = [d for d in out if not isinstance(d, IngestError)]
    assert [d.origin.rsplit("/", 1)[1] for d in docs] == ["good.txt"]
    assert "oversized" in errors["big.txt"].reason
    assert "empty" in errors["empty.txt"].reason
    assert "binary" in errors["image.png"].reason
    assert "empty" in errors["short.txt"].reason
    assert "no such file" in errors["missing.txt"].reason
    assert all(isinstance(e, UnsupportedInput) for e in errors.values())


def test_cp1252_file(fixtures_dir) -> None:
    (doc,) = read_documents([str(fixtures_dir / "ingest" / "iluka_cp1252.txt")], Settings())
    assert doc.encoding == "cp1252"
    assert "Iluka Resources – the Australian" in doc.text and "“a national asset”" in doc.text
    assert "company’s largest" in doc.text and "Café" in doc.text


def test_markdown_file(fixtures_dir) -> None:
    (doc,) = read_documents([str(fixtures_dir / "ingest" / "mp_materials_mountain_pass.md")], Settings())
    assert doc.title == "MP Materials and the Mountain Pass mine"
    assert doc.content_type == "markdown"
    assert "MP Materials bought the mine" in doc.text and "](" not in doc.text and "**" not in doc.text


def test_jsonl_lines(fixtures_dir) -> None:
    out = list(read_documents([str(fixtures_dir / "ingest" / "articles.jsonl")], Settings()))
    docs = [d for d in out if not isinstance(d, IngestError)]
    errors = [e for e in out if isinstance(e, IngestError)]
    assert [d.origin for d in docs] == ["https://example.org/news/iluka-eneabba",
                                        "https://example.org/news/energy-fuels-white-mesa"]
    assert docs[0].published == PartialDate(2024, 12, 10) and docs[0].published_source == "jsonl"
    assert docs[1].published == PartialDate(2024, 6)
    assert docs[0].raw_sha256 != docs[1].raw_sha256
    assert [e.origin.rsplit(":", 1)[1] for e in errors] == ["3", "4"]
    assert "malformed JSON" in errors[0].reason and "no text" in errors[1].reason


def test_published_option_wins_and_source_option(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Title\nApr 18, 2025\n" + ARTICLE)
    (doc,) = read_documents([str(path)], Settings(), published=PartialDate(2025, 3, 5), source="Reuters")
    assert doc.published == PartialDate(2025, 3, 5) and doc.published_source == "cli"
    assert (doc.source.name, doc.source.kind) == ("Reuters", "independent")


def test_urls_fetched_and_unreachable_reported(fixtures_dir) -> None:
    page = (fixtures_dir / "ingest" / "lynas_kalgoorlie.html").read_bytes()
    with serve({"/lynas": (200, "text/html", page), "/big": (200, "text/plain", b"x" * 5000)}) as base:
        out = list(read_documents([f"{base}/lynas", f"{base}/missing", f"{base}/big", closed_port_url()],
                                  Settings(max_file_bytes=4000, fetch_timeout=2.0, allow_private_hosts=True)))
    doc, not_found, big, gone = out
    assert doc.title.startswith("Lynas starts up") and doc.content_type == "html"
    assert doc.published == PartialDate(2024, 11, 5) and doc.published_source == "metadata"
    assert isinstance(not_found, FetchError) and "404" in not_found.reason
    assert isinstance(big, UnsupportedInput) and "oversized" in big.reason
    assert isinstance(gone, FetchError) and "unreachable" in gone.reason


def test_html_meta_charset_and_utf16_text(tmp_path) -> None:
    page = ('<html><head><meta charset="windows-1251"><title>Редкоземельные металлы</title></head><body>'
            '<p>Компания «Соликамский магниевый завод» выпускает редкоземельную продукцию на Урале уже много лет.</p>'
            '</body></html>')
    (tmp_path / "ru.html").write_bytes(page.encode("cp1251"))
    (tmp_path / "utf16.txt").write_bytes(ARTICLE.encode("utf-16"))
    ru, utf16 = read_documents([str(tmp_path)], Settings())
    assert ru.encoding == "windows-1251" and ru.title == "Редкоземельные металлы" and ru.language == "ru"
    assert "Соликамский магниевый завод" in ru.text
    assert utf16.encoding == "utf-16-le" and utf16.text == ARTICLE.strip()


def test_private_and_local_hosts_are_refused_unless_allowed(fixtures_dir) -> None:
    page = (fixtures_dir / "ingest" / "lynas_kalgoorlie.html").read_bytes()
    with serve({"/lynas": (200, "text/html", page)}) as base:
        (refused,) = read_documents([f"{base}/lynas"], Settings(fetch_timeout=2.0))
        (allowed,) = read_documents([f"{base}/lynas"], Settings(fetch_timeout=2.0, allow_private_hosts=True))
    assert isinstance(refused, FetchError) and "refused" in refused.reason
    assert "allow_private_hosts" in refused.reason and "127.0.0.1" in refused.reason
    assert allowed.title.startswith("Lynas starts up")


@pytest.mark.parametrize("url", ["http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data",
                                 "http://[::1]:8000/", "http://localhost/", "http://192.168.0.1/",
                                 "ftp://example.org/file", "file:///etc/passwd"])
def test_check_host_refuses_non_public_targets(url: str) -> None:
    from monazite.ingest.web import check_host

    with pytest.raises(FetchError, match="refused"):
        check_host(url, Settings())


def test_redirects_are_followed_by_hand_and_bounded(fixtures_dir) -> None:
    page = (fixtures_dir / "ingest" / "lynas_kalgoorlie.html").read_bytes()
    routes = {"/old": (301, "text/plain", b"", {"Location": "/lynas"}), "/lynas": (200, "text/html", page),
              "/loop": (302, "text/plain", b"", {"Location": "/loop"})}
    allowed = Settings(fetch_timeout=2.0, allow_private_hosts=True)
    with serve(routes) as base:
        (doc,) = read_documents([f"{base}/old"], allowed)
        (loop,) = read_documents([f"{base}/loop"], allowed)
    assert doc.title.startswith("Lynas starts up") and doc.origin.endswith("/old")
    assert isinstance(loop, FetchError) and "redirects" in loop.reason


@pytest.mark.parametrize("url", ["http://example.org:99999/x", "http://[::ffff:127.0.0.1]/", "http://[2002:7f00:1::]/",
                                 "http://[64:ff9b::7f00:1]/"])
def test_malformed_urls_and_ipv4_inside_ipv6_are_refused(url: str) -> None:
    from monazite.ingest.web import check_host

    with pytest.raises(FetchError, match="refused"):
        check_host(url, Settings())
