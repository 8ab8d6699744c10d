"""The home page's context on a real SQLite store: dated export-control measures, prices per
material and market, latest events by publication; and the page rendering them escaped."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from monazite.analyze.market.controls import dated_controls
from monazite.deliver.web import create_app
from monazite.deliver.web.app import WebState
from monazite.deliver.web.home import CONTROL_ROWS, control_rows, home_context, price_rows
from monazite.settings import Settings
from monazite.store.engine import open_store
from tests.fixtures.analytics.kb import add_document, event, fact, sync_vocab, write

LICENSING = "In April 2025 China imposed export licensing on dysprosium and terbium <b>now</b>."
MENTION = "Analysts said export controls weigh on magnet makers."
TARGET = "The plan sets a 2030 goal for 40% of processing in Europe."
FLOOR = "The price floor guarantees MP Materials $110 per kg for NdPr oxide."
SMM = "Dysprosium oxide traded at 1.69 million yuan per tonne, according to Shanghai Metals Market."
BASKET = "The average selling price across Lynas's product basket was A$50.6 per kg."


@pytest.fixture
def client(sqlite_url: str) -> Iterator[TestClient]:
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        sync_vocab(conn, ["china", "dysprosium", "terbium", "ndpr-oxide", "dysprosium-oxide", "mp-materials",
                          "lynas-rare-earths", "europe"])
        lic = add_document(conn, LICENSING, published="2025-05-02", title="Licensing")
        write(conn, lic, events=[event(lic, LICENSING, "export licensing", "export_control", actors=["china"],
                                       materials=["dysprosium", "terbium"], date="2025-04", confidence=0.9)])
        men = add_document(conn, MENTION, published="2025-09-01", title="Mention")
        write(conn, men, events=[event(men, MENTION, "export controls", "export_control", actors=["china"],
                                       confidence=0.95)])
        tgt = add_document(conn, TARGET, published="2025-01-10", title="Target")
        write(conn, tgt, events=[event(tgt, TARGET, "plan", "policy", actors=["europe"], date="2030",
                                       confidence=0.8)])
        flo = add_document(conn, FLOOR, published="2025-10-02", title="Floor")
        write(conn, flo, facts=[fact(flo, FLOOR, "$110 per kg", "mp-materials", "price", 110.0, "USD/kg",
                                     material="ndpr-oxide", period="2025-10", confidence=0.8)])
        smm = add_document(conn, SMM, published="2025-04-11", title="SMM")
        write(conn, smm, facts=[fact(smm, SMM, "1.69 million yuan per tonne", "dysprosium-oxide", "price",
                                     1_690_000.0, "CNY/t", period="2025-04", confidence=0.9)])
        bas = add_document(conn, BASKET, published="2025-08-28", title="Basket")
        write(conn, bas, facts=[fact(bas, BASKET, "A$50.6 per kg", "lynas-rare-earths", "price", 50.6, "AUD/kg",
                                     period="2024", confidence=0.9)])
    engine.dispose()
    app = create_app(Settings(db=sqlite_url, semantic_search=False))
    with TestClient(app) as c:
        yield c


@pytest.fixture
def state(client: TestClient) -> WebState:
    return client.app.state.monazite


def test_control_rows_are_dated_measures_newest_first(state: WebState) -> None:
    card = control_rows(state)
    rows = card["rows"]
    assert 0 < len(rows) <= CONTROL_ROWS and card["note"] is None
    assert all(r["date"] and r["measure"] and r["imposed_by"] and r["source"] for r in rows)
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    no18 = next(r for r in rows if r["date"] == "2025-04-04")
    assert no18["origin"] == "reference" and no18["source"]["dataset"] == "export-controls"
    assert [r["quote"] for r in no18["reports"]] == [LICENSING]
    assert MENTION not in str(card)  # undated: a sentence about controls, not a measure
    total = len(dated_controls(state.engine, state.settings))
    assert card["older"] == total - len(rows) and len(rows) == min(total, CONTROL_ROWS)  # older ones are counted


def test_price_rows_group_by_material_and_market(state: WebState) -> None:
    rows = price_rows(state)
    assert [(r["material_name"], r["market"], r["value"], r["unit"]) for r in rows] == [
        ("NdPr oxide", "price floor", 110.0, "USD/kg"),
        ("Dysprosium oxide", "China domestic (SMM)", 1_690_000.0, "CNY/t"),
    ]
    assert not any(r["material"] in ("mp-materials", "lynas-rare-earths") for r in rows)


def test_latest_events_follow_publication_not_a_target_year(state: WebState) -> None:
    events = home_context(state)["events"]
    assert [e["quote"] for e in events] == [MENTION, LICENSING, TARGET]  # 2030 is a goal, not news


def test_home_page_escapes_what_it_quotes(client: TestClient) -> None:
    html = client.get("/").text
    assert "&lt;b&gt;now&lt;/b&gt;" in html and "<b>now</b>" not in html
    assert "Announcement No. 18" in html
    prices = html.split('id="prices"')[1].split('id="controls"')[0]
    assert re.findall(r'class="price-material">([^<]*)<', prices) == ["NdPr oxide", "Dysprosium oxide"]
    assert "Lynas" not in prices  # its basket price names no material
