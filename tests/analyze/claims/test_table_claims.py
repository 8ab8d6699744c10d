"""A figure a report states in its prose and again in a table is one claim from one source:
two statements of one document never corroborate each other."""

from __future__ import annotations

import pytest

from monazite.analyze.claims.agreement import load_metric_info
from monazite.analyze.claims.build import claims_from_store
from monazite.analyze.claims.identity import instrument_of, load_identity_rules
from monazite.extract.document import extract_document
from monazite.ingest.disclosure import detect_disclosure, disclosure_source
from monazite.ingest.tables import render_table, shift_table
from monazite.model import Document, Page, PartialDate, Source, document_id, sha256_hex
from monazite.settings import Settings
from monazite.store.documents import insert_document
from monazite.store.engine import open_store
from monazite.store.entities import upsert_entities
from monazite.store.extractions import write_extraction
from monazite.vocab import load_vocabulary

REPORT_HEAD = "Lynas Rare Earths Limited (ASX: LYC)\nAnnual Report 2024\n"
PROSE = "Lynas produced 10,500 tonnes of NdPr oxide in 2024, a record for the company.\n"
# the extractor reads no material here: the figure's scope comes from the table's row
PROSE_UNSCOPED = "NdPr oxide production at Lynas reached 10,500 tonnes in 2024, a record for the company.\n"
PRODUCTION = [["Product", "2023", "2024"], ["NdPr oxide (t)", "9,200", "10,500"], ["Dysprosium oxide (kg)", "1,200", "1,480"]]
NEWS = ("Lynas output hits record\nSYDNEY - Lynas Rare Earths produced 10,500 tonnes of NdPr oxide in 2024, "
        "according to figures reviewed by analysts at the bank.\n")


def _report(prose: str = PROSE) -> Document:
    table_text, table = render_table(PRODUCTION, index=1, kind="pdf", caption="Production by product",
                                     row_pages=[2, 2, 2])
    head = REPORT_HEAD + prose
    text = head + table_text + "\nOutlook follows.\n"
    disclosure = detect_disclosure(text)
    assert disclosure is not None
    return Document(id=document_id(text), origin="report.pdf", text=text, raw_sha256=sha256_hex(text),
                    published=PartialDate(2025, 2, 20), tables=[shift_table(table, len(head))],
                    pages=[Page(1, 0, len(head)), Page(2, len(head), len(text))],
                    disclosure=disclosure, source=disclosure_source(disclosure, None))


def _store(url: str, *docs: Document):
    vocab = load_vocabulary()
    engine = open_store(url)
    with engine.begin() as conn:
        upsert_entities(conn, vocab.entities.values(), origin="vocab")
        for doc in docs:
            insert_document(conn, doc)
            write_extraction(conn, extract_document(doc, vocab))
    return engine


def _ndpr_2024(engine):
    with engine.connect() as conn:
        claims = claims_from_store(conn, Settings(), load_metric_info())
    return [c for c in claims if (c.subject, c.metric, c.period, c.material) ==
            ("lynas-rare-earths", "production", "2024", "ndpr-oxide")]


@pytest.mark.parametrize("prose", [PROSE, PROSE_UNSCOPED])
def test_prose_and_table_of_one_report_are_one_claim_from_one_source(sqlite_url: str, prose: str) -> None:
    report = _report(prose)
    assert report.source == Source("Lynas Rare Earths", "company", "https://lynasrareearths.com")
    [claim] = _ndpr_2024(_store(sqlite_url, report))
    assert len(claim.facts) == 2 and claim.documents == [report.id]
    assert claim.independent_sources == 1 and claim.sources == ["Lynas Rare Earths"]
    assert claim.status == "company-only" and claim.value == 10500.0
    table_fact = next(f for f in claim.facts if f.cell is not None)
    assert (table_fact.cell, table_fact.page) == ("1:1:2", 2)
    prose_fact = next(f for f in claim.facts if f.cell is None)
    assert prose_fact.page == 1 and prose_fact.to_dict()["cell"] is None


def test_an_independent_story_of_the_same_figure_makes_two_sources_not_three(sqlite_url: str) -> None:
    news = Document(id=document_id(NEWS), origin="https://www.reuters.com/lynas", text=NEWS,
                    raw_sha256=sha256_hex(NEWS), published=PartialDate(2025, 2, 21),
                    source=Source("Reuters", "independent", "https://reuters.com"))
    [claim] = _ndpr_2024(_store(sqlite_url, _report(), news))
    assert len(claim.facts) == 3 and len(claim.documents) == 2
    assert claim.independent_sources == 2 and claim.status == "corroborated"
    assert sorted(claim.sources) == ["Lynas Rare Earths", "Reuters"]


def test_a_table_figure_s_instrument_is_read_from_its_labels() -> None:
    rules = load_identity_rules()
    row = "Government loan facility (US$m) | 150 | 200"  # the row line: the figure's "sentence"
    fact = {"quote": "Funding received \u2014 Government loan facility (US$m), FY2024: 150", "cell": "1:2:1",
            "start": 1000 + row.index("150"), "end": 1000 + row.index("150") + 3, "sentence_start": 1000,
            "sentence_end": 1000 + len(row)}
    assert instrument_of(fact, rules) == "loan"
