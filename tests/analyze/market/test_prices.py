"""Latest prices per material and market from confirmed price facts, on a real SQLite store."""

from __future__ import annotations

import pytest

from monazite.analyze.market.prices import latest_prices, price_market
from monazite.settings import Settings
from monazite.store.engine import open_store
from monazite.store.reviews import record_review
from tests.fixtures.analytics.kb import add_document, fact, sync_vocab, write

FLOOR = "The Pentagon's price floor guarantees MP Materials $110 per kg for its NdPr oxide."
BENCH_NEW = "At the time the Chinese benchmark for NdPr oxide stood at about $60 per kg."
BENCH_OLD = "In 2024 the Chinese benchmark for NdPr oxide averaged $55 per kg."
BASKET = "The average selling price across Lynas's product basket was A$50.6 per kg."
DOUBTFUL = "Traders mentioned $999 per kg for NdPr oxide."


@pytest.mark.parametrize("sentence, figure, market", [
    ("European prices for NdPr remain above those in China but below the $110 per kg floor the U.S. pays.",
     "$110 per kg", "price floor"),
    ("According to the U.S. Geological Survey, the annual average price of neodymium oxide was $56 per kg in 2024.",
     "$56 per kg", "USGS annual average"),
    ("Domestic prices of PrNd oxide stabilised at around 440,000 yuan per tonne, according to Shanghai Metals Market.",
     "440,000 yuan per tonne", "China domestic (SMM)"),
    ("MP's realized price for NdPr oxide averaged $51 per kilogram in 2024, down from $70 per kilogram in 2023, "
     "reflecting the weak Chinese market.", "$70 per kilogram", "producer realized"),
    ("Dysprosium oxide prices rose to more than $1,400 per kg the following year.", "$1,400 per kg", None),
])
def test_market_is_what_the_sentence_says_nearest_the_figure(sentence: str, figure: str, market: str | None) -> None:
    start = sentence.index(figure)
    assert price_market(sentence, start, start + len(figure)) == market


def test_latest_price_per_material_and_market_never_keyed_by_a_company(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        sync_vocab(conn, ["ndpr-oxide", "mp-materials", "lynas-rare-earths"])
        rows = []
        for body, published, make in (
            (FLOOR, "2025-10-02", lambda d: fact(d, FLOOR, "$110 per kg", "mp-materials", "price", 110.0, "USD/kg",
                                                 material="ndpr-oxide", period="2025-10", confidence=0.8)),
            (BENCH_NEW, "2025-07-10", lambda d: fact(d, BENCH_NEW, "$60 per kg", "ndpr-oxide", "price", 60.0,
                                                     "USD/kg", qualifier="about", confidence=0.7)),
            (BENCH_OLD, "2025-01-15", lambda d: fact(d, BENCH_OLD, "$55 per kg", "ndpr-oxide", "price", 55.0,
                                                     "USD/kg", period="2024", confidence=0.7)),
            (BASKET, "2025-08-28", lambda d: fact(d, BASKET, "A$50.6 per kg", "lynas-rare-earths", "price", 50.6,
                                                  "AUD/kg", period="2024", confidence=0.9)),
            (DOUBTFUL, "2025-11-01", lambda d: fact(d, DOUBTFUL, "$999 per kg", "ndpr-oxide", "price", 999.0,
                                                    "USD/kg", period="2025-11", confidence=0.2)),
        ):
            doc = add_document(conn, body, published=published, title=body[:20])
            write(conn, doc, facts=[make(doc)])
            rows.append(doc)
    with engine.connect() as conn:
        points = latest_prices(conn, Settings(db=sqlite_url))

    assert {(p.material, p.market) for p in points} == {("ndpr-oxide", "price floor"), ("ndpr-oxide", "China")}
    assert all(p.material_name == "NdPr oxide" for p in points)  # MP Materials and Lynas are never keys
    assert 999.0 not in {p.value for p in points}  # an unconfirmed candidate is not a price
    floor, china = points  # newest first
    assert (floor.value, floor.unit, floor.period, floor.document_id) == (110.0, "USD/kg", "2025-10", rows[0])
    assert FLOOR[floor.start:floor.end] == "$110 per kg" and floor.quote == FLOOR
    # an undated figure is as of its publication (July 2025), newer than the 2024 average
    assert (china.value, china.qualifier, china.period, china.published, china.observations) == \
        (60.0, "about", None, "2025-07-10", 2)
    with engine.connect() as conn:
        assert latest_prices(conn, Settings(db=sqlite_url), limit=1) == [floor]


def test_analysts_decisions_overrule_confidence(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        sync_vocab(conn, ["ndpr-oxide", "mp-materials"])
        floor_doc = add_document(conn, FLOOR, published="2025-10-02")
        floor = fact(floor_doc, FLOOR, "$110 per kg", "mp-materials", "price", 110.0, "USD/kg",
                     material="ndpr-oxide", period="2025-10", confidence=0.9)
        doubtful_doc = add_document(conn, DOUBTFUL, published="2025-11-01")
        doubtful = fact(doubtful_doc, DOUBTFUL, "$999 per kg", "ndpr-oxide", "price", 999.0, "USD/kg",
                        period="2025-11", confidence=0.2)
        write(conn, floor_doc, facts=[floor])
        write(conn, doubtful_doc, facts=[doubtful])
        record_review(conn, floor.id, "reject", reviewer="ana", note="a guarantee, misread")
        record_review(conn, doubtful.id, "accept", reviewer="ana")
    with engine.connect() as conn:
        [point] = latest_prices(conn, Settings(db=sqlite_url))
    assert (point.value, point.fact_id) == (999.0, doubtful.id)
