"""Export-control timeline (reference + extracted events) and the element x sector x country matrix."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from monazite.analyze.market.exposure import export_control_timeline, exposure_matrix
from monazite.errors import AnalysisError
from monazite.store.engine import open_store
from monazite.vocab.defs import SectorDef
from tests.fixtures.analytics.kb import add_document, event, sync_vocab, text, write


def _sectors(fixtures_dir: Path) -> dict[str, SectorDef]:
    data = yaml.safe_load((fixtures_dir / "analytics" / "sectors.yaml").read_text())
    return {s["name"]: SectorDef(**s) for s in data["sectors"]}


def test_reference_timeline_is_dated_classified_and_sourced() -> None:
    entries = export_control_timeline()
    dates = [e.date for e in entries if e.date]
    assert dates == sorted(dates)
    no18 = next(e for e in entries if e.date == "2025-04-04")
    assert no18.kind == "export_control" and no18.status == "active"
    assert {"dysprosium", "terbium", "samarium", "scandium", "yttrium"} <= set(no18.elements)
    assert no18.source["dataset"] == "export-controls" and no18.source["url"].startswith("https://")
    no57 = next(e for e in entries if e.date == "2025-10-09" and "holmium" in e.elements)
    assert no57.status == "suspended"
    quota = next(e for e in entries if e.date == "2024-02-06")
    assert quota.kind == "production_quota"  # "not an export control" says the source
    assert next(e for e in entries if e.date == "2010").status == "historical"
    assert {e.jurisdiction for e in entries} >= {"China", "United States", "EU"}


def test_extracted_export_control_events_join_the_timeline(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    body = text("controls_report.txt")
    with engine.begin() as conn:
        sync_vocab(conn, ["china", "dysprosium", "terbium"])
        doc = add_document(conn, body, published="2025-05-02", title="Controls bite")
        write(conn, doc, events=[event(doc, body, "export controls", "export_control", actors=["china"],
                                       materials=["dysprosium", "terbium"], date="2025-04")])
    entries = export_control_timeline(engine)
    [mine] = [e for e in entries if e.origin == "extracted"]
    assert mine.jurisdiction_id == "china" and mine.elements == ["dysprosium", "terbium"]
    assert mine.date == "2025-04" and mine.source["document_id"] == doc
    assert body[mine.source["start"]:mine.source["end"]] == "export controls"
    assert mine.source["quote"].startswith("In April 2025 China imposed")


def test_matrix_crosses_controlled_elements_with_sectors(fixtures_dir: Path) -> None:
    matrix = exposure_matrix(sectors=_sectors(fixtures_dir)).to_dict()
    cells = {(c["element"], c["sector"], c["country_id"]): c for c in matrix["cells"]}
    dy = cells[("dysprosium", "ev_motors", "china")]
    assert dy["status"] == "active" and dy["supply_share_pct"] == 92.0
    assert dy["supply_share_source"]["url"].startswith("https://seaisi.org")
    assert any(m["date"] == "2025-04-04" for m in dy["measures"])
    # Erbium (No. 57) is controlled but suspended; yttrium (No. 18) is active.
    assert cells[("erbium", "lasers", "china")]["status"] == "suspended"
    assert cells[("yttrium", "lasers", "china")]["status"] == "active"
    assert not any(c[1] == "catalysts" for c in cells)  # cerium and lanthanum are not export-controlled
    assert matrix["countries"] == ["China"]


def test_matrix_reads_vocabulary_sectors_by_default() -> None:
    matrix = exposure_matrix().to_dict()
    assert "ev_motors" in matrix["sectors"] and "dysprosium" in matrix["elements"]


def test_matrix_without_sectors_is_an_error() -> None:
    with pytest.raises(AnalysisError, match="sector"):
        exposure_matrix(sectors={})
