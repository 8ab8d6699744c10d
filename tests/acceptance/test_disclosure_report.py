"""Issue 14 acceptance: a generated annual report (reportlab) with a production table by year
and product, ingested through the real pipeline, yields a fact for each cell with page and
cell provenance, and the figure its prose states again in the table is one claim from one
source, the company's own word."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from monazite.analyze.claims.agreement import load_metric_info
from monazite.analyze.claims.build import claims_from_store
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.engine import open_store
from tests.ingest.pdf_factory import PRODUCTION_HEADER, PRODUCTION_ROWS
from tests.pipeline.report_store import ingested_report

SPLIT_AFTER = 3  # the table's first three products on page 1, the rest on page 2
ISSUER = "arafura-rare-earths"


@pytest.fixture(scope="module")
def report_db(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return ingested_report(tmp_path_factory.mktemp("annual"), split_after=SPLIT_AFTER)


def test_every_cell_of_the_production_table_is_a_fact_with_page_and_cell(report_db: Settings) -> None:
    engine = open_store(report_db.db)
    with engine.connect() as conn:
        doc = conn.execute(sa.select(t.documents)).mappings().one()
        facts = [dict(r) for r in conn.execute(sa.select(t.facts).where(t.facts.c.extractor == "tables.v1"))
                 .mappings()]
    by_cell = {f["cell"]: f for f in facts}
    expected = {f"1:{r}:{c}" for r in range(1, len(PRODUCTION_ROWS) + 1) for c in range(1, len(PRODUCTION_HEADER))}
    assert set(by_cell) == expected
    for r, row in enumerate(PRODUCTION_ROWS, start=1):
        for c, year in enumerate(PRODUCTION_HEADER[1:], start=1):
            fact = by_cell[f"1:{r}:{c}"]
            assert doc["text"][fact["start"]:fact["end"]] == row[c] == fact["value_text"]
            assert (fact["subject"], fact["metric"], fact["unit"], fact["period"]) == (ISSUER, "production", "t", year)
            assert fact["value"] == float(row[c].replace(",", ""))
            assert fact["page"] == (1 if r <= SPLIT_AFTER else 2)
            assert fact["confidence"] >= report_db.fact_confidence_threshold
    assert by_cell["1:1:3"]["material"] == "ndpr-oxide" and by_cell["1:2:1"]["material"] == "dysprosium-oxide"
    assert doc["page_count"] == 3 and doc["disclosure"]["filing_type"] == "annual_report"


def test_the_figure_in_prose_and_in_the_table_is_one_claim_from_one_source(report_db: Settings) -> None:
    engine = open_store(report_db.db)
    with engine.connect() as conn:
        claims = claims_from_store(conn, report_db, load_metric_info())
    [claim] = [c for c in claims if (c.subject, c.metric, c.period, c.value) == (ISSUER, "production", "2024", 6100.0)]
    assert len(claim.facts) == 2 and len(claim.documents) == 1
    assert {(f.cell, f.page) for f in claim.facts} == {(None, 1), ("1:1:3", 1)}
    assert claim.independent_sources == 1 and claim.sources == ["Arafura Rare Earths"]
    assert claim.status == "company-only" and claim.material == "ndpr-oxide"
    assert all(f.source_kind == "company" for f in claim.facts)

