"""Every dashboard page over the sample corpus, in real headless Chromium at a desktop width
(1400 px) and a phone width (390 px): nothing wider than the window, no heading, number or year
broken inside a word, and on the home page dated export controls with their provenance and
prices keyed by material. Screenshots go to test-artifacts/layout_*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from tests.deliver.web.chromium import ARTIFACTS, TIMEOUT_MS, launch

pytestmark = pytest.mark.browser

WIDTHS = (1400, 390)
PAGES = {
    "home": "/",
    "documents": "/documents",
    "document": "/documents/{document_id}",
    "entities": "/entities",
    "dossier": "/entities/china-northern-rare-earth",
    "claims": "/claims",
    "market": "/market?stage=refining",
    "scenario": "/scenarios?run=true&year=2024&country=china&stage=refining&element=dysprosium&element=terbium",
    "reference": "/reference",
    "dataset": "/reference/export-controls",
    "search": "/search?q=terbium",
    "review": "/review",
}
FULL_PAGE_MAX_PX = 12_000  # taller pages (the claims list) are shot at window height
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# Elements whose words must never be split across lines: headings, table headers, figures.
BROKEN_WORDS_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('h1, h2, h3, th, td.num')) {
    if (!el.getClientRects().length) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[^\\s\\-\\u2013\\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) out.push(el.tagName + ': ' + m[0]);
      }
    }
  }
  return out;
}"""
OVERFLOW_JS = """() => ({scroll: document.documentElement.scrollWidth, window: window.innerWidth,
  wide: [...document.querySelectorAll('body *')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > window.innerWidth + 1 && !el.closest('.table-scroll');
  }).slice(0, 5).map(el => el.tagName + '.' + el.className)})"""
# A home-page table header is at least as wide as its longest word in its own font.
NARROW_HEADERS_JS = """() => {
  const ctx = document.createElement('canvas').getContext('2d');
  const out = [];
  for (const th of document.querySelectorAll('#indicators th, #prices th')) {
    const cs = getComputedStyle(th);
    ctx.font = cs.font;
    const inner = th.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    for (const word of th.textContent.split(/\\s+/).filter(Boolean)) {
      if (ctx.measureText(word).width > inner + 1) out.push(word + ' ' + inner);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launch() as b:
        yield b


@pytest.fixture(scope="module")
def document_id(sample_server: str) -> str:
    """The sample document with the most figures."""
    docs = httpx.get(sample_server + "/api/v1/documents", params={"limit": 100}).json()["items"]
    counts = {d["id"]: httpx.get(sample_server + "/api/v1/facts", params={"document_id": d["id"], "limit": 1}
                                 ).json()["total"] for d in docs}
    return max(counts, key=counts.get)


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page(request: pytest.FixtureRequest, browser) -> Iterator[object]:  # noqa: ANN001
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.width = request.param
    yield pg
    context.close()


def _shoot(page, name: str) -> None:  # noqa: ANN001
    full = page.evaluate("document.documentElement.scrollHeight") <= FULL_PAGE_MAX_PX
    page.screenshot(path=str(ARTIFACTS / f"layout_{name}_{page.width}.png"), full_page=full)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_the_window_and_keeps_words_whole(page, sample_server: str, document_id: str,  # noqa: ANN001
                                                     name: str) -> None:
    response = page.goto(sample_server + PAGES[name].format(document_id=document_id))
    assert response.status == 200, name
    _shoot(page, name)
    size = page.evaluate(OVERFLOW_JS)
    assert size["scroll"] <= size["window"] + 1, size
    assert size["wide"] == [], size
    assert page.evaluate(BROKEN_WORDS_JS) == []


def test_home_tables_keep_headers_whole(page, sample_server: str) -> None:  # noqa: ANN001
    page.goto(sample_server + "/")
    assert page.locator("#indicators th").count() == 3 and page.locator("#prices th").count() >= 2
    assert page.evaluate(NARROW_HEADERS_JS) == []
    years = page.locator("#indicators tr.share-row td:nth-child(3)").all_inner_texts()
    assert years and all(re.fullmatch(r"\d{4}", y.strip()) for y in years)


def test_export_controls_are_dated_measures_with_provenance(page, sample_server: str) -> None:  # noqa: ANN001
    page.goto(sample_server + "/")
    rows = page.locator("#controls li.measure")
    assert rows.count() >= 3
    dates = []
    for row in rows.all():
        date = row.locator(".measure-date").inner_text().strip()
        assert DATE.match(date), date
        dates.append(date)
        assert row.locator(".measure-text").inner_text().strip()
        assert row.locator(".measure-by").inner_text().strip()
        prov = row.locator(".measure-prov a").first.get_attribute("href")
        if row.get_attribute("data-origin") == "reference":
            assert prov.startswith("/reference/") and row.locator(".measure-prov a[href^='http']").count() == 1
        else:
            assert re.fullmatch(r"/documents/doc_\w+#rec-event_\w+", prov), prov
    assert dates == sorted(dates, reverse=True)
    # The April 2025 licensing of seven heavy rare earths is there, from the reference list, with the news reporting it.
    no18 = rows.filter(has_text="Announcement No. 18")
    assert no18.locator(".measure-date").inner_text() == "2025-04-04"
    assert no18.locator(".measure-prov a[href^='/documents/']").count() >= 1
    # A sentence that only mentions controls ("After China's export controls this spring...") is not a measure.
    assert "no carmaker wants" not in page.locator("#controls").inner_text()


def test_prices_are_keyed_by_material_never_by_company(page, sample_server: str) -> None:  # noqa: ANN001
    page.goto(sample_server + "/")
    groups = page.locator("#prices tbody.price-group")
    assert groups.count() >= 2
    companies = httpx.get(sample_server + "/api/v1/entities", params={"kind": "company", "limit": 500}).json()
    company_names = {e["name"] for e in companies["items"]} | {e["id"] for e in companies["items"]}
    materials = []
    for group in groups.all():
        material = group.get_attribute("data-material")
        kind = httpx.get(f"{sample_server}/api/v1/entities/{material}").json()["kind"]
        assert kind in ("material", "element"), (material, kind)
        name = group.locator("th.price-material").inner_text().strip()
        assert name not in company_names
        materials.append(material)
        for row in group.locator("tr.price-row").all():
            price = row.locator("td.price").inner_text()
            assert re.search(r"\d (USD|CNY|EUR|AUD)/(kg|t)\b", price), price
            assert row.locator("a.cite").get_attribute("href").startswith("/documents/doc_")
    assert len(materials) == len(set(materials))  # one group per material
    assert "NdPr oxide" in page.locator("#prices th.price-material").all_inner_texts()
    text = page.locator("#prices").inner_text()
    assert "mp-materials" not in text and "lynas" not in text.lower()
