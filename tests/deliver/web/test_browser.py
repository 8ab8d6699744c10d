"""End to end in real headless Chromium against a real uvicorn server: home, search,
a document's highlighted fact and its provenance, the CNRE dossier's capacity table,
and a hostile article that must stay inert. Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.deliver.web.chromium import ARTIFACTS, TIMEOUT_MS, launch

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launch() as b:
        yield b


@pytest.fixture
def page(browser) -> Iterator[object]:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.console_errors = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("response", lambda r: r.status >= 400 and pg.console_errors.append(f"{r.status} {r.url}"))
    yield pg
    context.close()


def test_home_search_document_and_dossier(page, live_server: str) -> None:  # noqa: ANN001
    page.goto(live_server + "/")
    assert page.locator("#indicators td.num").count() >= 1
    assert page.locator("#latest-documents a[href^='/documents/']").count() >= 5
    page.screenshot(path=str(ARTIFACTS / "01_home.png"), full_page=True)

    page.fill("header input[name=q]", "terbium")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=terbium*")
    results = page.locator("li.hit a.hit-title")
    assert results.count() >= 2
    assert page.locator("li.hit .passage mark").first.inner_text().lower().startswith("terbium")
    page.screenshot(path=str(ARTIFACTS / "02_search_terbium.png"), full_page=True)

    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    opened = None
    for i, href in enumerate(hrefs):
        if i == 0:
            results.nth(0).click()
        else:
            page.goto(live_server + href)
        page.wait_for_url("**" + href)
        if page.locator("#doc-text mark.ann-fact").count():
            opened = href
            break
    assert opened, "no search result shows a highlighted fact"
    fact = page.locator("#doc-text mark.ann-fact").first
    fact.scroll_into_view_if_needed()
    fact.click()
    pop = page.locator("#ann-popover")
    pop.wait_for(state="visible")
    shown = pop.inner_text()
    for word in ("Document", "Offsets", "chars", "Sentence", "Extractor", opened.rsplit("/", 1)[1]):
        assert word in shown
    page.screenshot(path=str(ARTIFACTS / "03_document_fact_provenance.png"), full_page=False)

    page.goto(live_server + "/entities/china-northern-rare-earth")
    assert "China Northern Rare Earth" in page.locator("h1").inner_text()
    rows = page.locator("#capacity tbody tr")
    assert rows.count() >= 1
    caps = [rows.nth(i).locator("td.num").inner_text() for i in range(rows.count())]
    assert any(c.strip() and c.strip()[0].isdigit() or "t" in c for c in caps)
    assert page.locator("#capacity a.cite").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "04_dossier_cnre.png"), full_page=True)
    assert page.console_errors == []


def test_hostile_article_stays_inert(page, live_server: str) -> None:  # noqa: ANN001
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(live_server + "/search?q=pwned+terbium&mode=fulltext")
    link = page.locator("li.hit a.hit-title", has_text="reader")
    link.first.click()
    page.wait_for_load_state("load")
    text = page.locator("#doc-text").inner_text()
    assert "<script>window.__pwned" in text and "onerror=" in text and "javascript:" in text
    for mark in page.locator("#doc-text mark.ann").all()[:6]:
        mark.hover()
        mark.click()
        assert page.locator("#ann-popover").is_visible()
        page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#doc-text script, #doc-text img, #doc-text iframe, #doc-text svg, #doc-text a").count() == 0
    assert dialogs == []
    page.screenshot(path=str(ARTIFACTS / "05_hostile_article_inert.png"), full_page=True)


def test_document_page_reads_without_javascript(browser, live_server: str, xss_doc_id: str) -> None:  # noqa: ANN001
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(live_server + "/")
    pg.goto(live_server + f"/documents/{xss_doc_id}")
    assert pg.locator("#records .rec").count() >= 1
    assert pg.locator("#doc-text mark.ann").first.get_attribute("title")
    context.close()


@pytest.mark.parametrize("name, path, selector", [
    ("06_claims", "/claims", ".claims-group"),
    ("07_market_refining", "/market?stage=refining", "#shares tbody tr"),
    ("08_scenario", "/scenarios?run=true&year=2024&country=china&stage=refining&element=dysprosium&element=terbium",
     "#shortfall tbody tr"),
    ("09_reference", "/reference", "table tbody tr"),
])
def test_other_pages_render_with_their_charts(page, live_server: str, name: str, path: str,  # noqa: ANN001
                                              selector: str) -> None:
    page.goto(live_server + path)
    assert page.locator(selector).count() >= 1
    for img in page.locator("img.chart").all():
        img.scroll_into_view_if_needed()
        assert page.evaluate("(el) => el.complete && el.naturalWidth > 0", img.element_handle())
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert page.console_errors == []
