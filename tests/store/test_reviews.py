"""Review decisions: stored with who and when, applied at once, replayed after re-ingest and
re-extraction, shown everywhere, and exported as annotations the scorer reads.

Articles from ``tests/fixtures/claims/`` go through the real pipeline into a real SQLite file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from monazite import KnowledgeBase
from monazite.errors import NotFound, StoreError
from monazite.extract.scoring import evaluate, load_annotations
from monazite.pipeline.local import run_ingest
from monazite.pipeline.reextract import run_reextract
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.engine import open_store
from monazite.store.review_export import export_reviews
from monazite.store.reviews import apply_reviews, list_reviews
from monazite.vocab import load_vocabulary


def _ingest(db: str, fixtures_dir: Path, *names: str) -> None:
    for name in names:
        report = run_ingest([str(fixtures_dir / "claims" / f"{name}.txt")], Settings(db=db, semantic_search=False),
                            source=f"Outlet {name}", progress=False)
        assert not [o for o in report.outcomes if o.status == "failed"], report.outcomes


def _fact(kb: KnowledgeBase, value: float, include_rejected: bool = False) -> dict:
    frame = kb.facts(include_rejected=include_rejected)
    return frame[frame["value"] == value].iloc[0].to_dict()


@pytest.fixture
def kb(sqlite_url: str, fixtures_dir: Path):  # noqa: ANN201
    _ingest(sqlite_url, fixtures_dir, "company_output", "company_output_low", "pentagon_equity",
            "pentagon_equity_low")
    with KnowledgeBase(sqlite_url) as base:
        yield base


def test_reject_removes_a_side_of_a_conflict_and_is_logged(kb: KnowledgeBase) -> None:
    assert {c.metric for c in kb.claims(status="conflicting")} == {"production", "deal_value"}
    low = _fact(kb, 41000)
    review = kb.review(low["id"], "reject", reviewer="ana", note="consultancy estimate")
    assert (review.kind, review.decision, review.reviewer) == ("fact", "reject", "ana")
    assert [c.metric for c in kb.claims(status="conflicting")] == ["deal_value"]
    [claim] = kb.claims(metric="production")
    assert claim.value == 45455 and claim.status == "company-only"  # "the company said"
    assert 41000 not in set(kb.facts()["value"])
    assert _fact(kb, 41000, include_rejected=True)["review"] == "rejected"
    [logged] = kb.reviews(low["id"])
    assert logged.note == "consultancy estimate" and logged.created_at is not None
    assert logged.original["value"] == 41000 and logged.original["quote"].startswith("MP Materials produced 41,000")


def test_correction_keeps_the_original_quote_and_confirms(kb: KnowledgeBase) -> None:
    low = _fact(kb, 350e6)
    kb.review(low["id"], "correct", reviewer="ana", changes={"value": "400,000,000"})
    corrected = kb.facts(metric="deal_value")
    assert list(corrected["value"]) == [400e6, 400e6]
    row = corrected[corrected["id"] == low["id"]].iloc[0]
    assert row["review"] == "corrected" and row["confirmed"]
    assert row["value_text"] == "$350 million" and "$350 million of preferred equity" in row["quote"]
    [claim] = kb.claims(metric="deal_value")
    assert claim.status == "corroborated" and claim.value == 400e6
    assert {f.review for f in claim.facts} == {"corrected", None}


def test_accept_confirms_a_candidate_below_the_threshold(sqlite_url: str, fixtures_dir: Path) -> None:
    _ingest(sqlite_url, fixtures_dir, "company_output")
    strict = Settings(db=sqlite_url, fact_confidence_threshold=0.999)
    with KnowledgeBase(sqlite_url, strict) as kb:
        assert kb.claims() == []  # every figure is a candidate under so high a threshold
        fact = _fact(kb, 45455)
        kb.review(fact["id"], "accept", reviewer="ana")
        [claim] = kb.claims()
        assert claim.value == 45455 and claim.facts[0].review == "accepted"


def test_decisions_survive_new_ingest_and_re_extraction(kb: KnowledgeBase, sqlite_url: str,
                                                         fixtures_dir: Path) -> None:
    rejected, corrected = _fact(kb, 41000)["id"], _fact(kb, 350e6)["id"]
    kb.review(rejected, "reject", reviewer="ana")
    kb.review(corrected, "correct", reviewer="ana", changes={"value": 400e6})
    _ingest(sqlite_url, fixtures_dir, "company_output_low", "world_output")  # the same document again, and a new one
    report = run_reextract(Settings(db=sqlite_url, semantic_search=False))
    assert report.documents == 5 and not report.failed
    assert 41000 not in set(kb.facts()["value"])
    assert kb.facts(include_rejected=True).set_index("id").loc[rejected, "review"] == "rejected"
    assert kb.facts().set_index("id").loc[corrected, "value"] == 400e6
    assert [c.metric for c in kb.claims(status="conflicting")] == []


def test_a_decision_finds_its_record_by_span_when_re_extraction_changed_the_id(kb: KnowledgeBase) -> None:
    fact = _fact(kb, 41000)
    kb.review(fact["id"], "reject", reviewer="ana")
    with kb.engine.begin() as conn:  # what a new extractor version does: same span, another subject, another id
        conn.execute(t.facts.update().where(t.facts.c.id == fact["id"]).values(
            id="fact_00000000000000aa", subject="world", review=None, review_id=None))
        assert apply_reviews(conn) >= 1
        row = conn.execute(sa.select(t.facts.c.review).where(t.facts.c.id == "fact_00000000000000aa")).one()
    assert row.review == "rejected"


def test_bad_decisions_are_refused_and_leave_nothing(kb: KnowledgeBase) -> None:
    fact = _fact(kb, 45455)
    with pytest.raises(StoreError, match="decision"):
        kb.review(fact["id"], "approve", reviewer="ana")
    with pytest.raises(StoreError, match="correction needs"):
        kb.review(fact["id"], "correct", reviewer="ana", changes={})
    with pytest.raises(StoreError, match="unknown metric"):
        kb.review(fact["id"], "correct", reviewer="ana", changes={"metric": "happiness"})
    with pytest.raises(StoreError, match="value must be a number"):
        kb.review(fact["id"], "correct", reviewer="ana", changes={"value": "lots"})
    with pytest.raises(StoreError, match="cannot be corrected in"):
        kb.review(fact["id"], "correct", reviewer="ana", changes={"quote": "made up"})
    with pytest.raises(StoreError, match="reviewer"):
        kb.review(fact["id"], "accept", reviewer="  ")
    with pytest.raises(NotFound):
        kb.review("fact_ffffffffffffffff", "accept", reviewer="ana")
    with pytest.raises(NotFound):
        kb.review("subject", "correct", reviewer="ana", changes={"name": "x"})
    assert kb.reviews() == []


def test_entity_reject_hides_it_and_its_figures(kb: KnowledgeBase) -> None:
    kb.review("MP Materials", "reject", reviewer="ana", note="test of entity review")
    assert "mp-materials" not in {c.subject for c in kb.claims()}
    kb.review("mp-materials", "accept", reviewer="ana")
    assert "mp-materials" in {c.subject for c in kb.claims()}
    assert [r.decision for r in kb.reviews("mp-materials")] == ["reject", "accept"]


def test_export_scores_the_extractor_against_the_decisions(kb: KnowledgeBase, tmp_path: Path) -> None:
    kb.review(_fact(kb, 45455)["id"], "accept", reviewer="ana")
    kb.review(_fact(kb, 41000)["id"], "reject", reviewer="ana")
    kb.review(_fact(kb, 350e6)["id"], "correct", reviewer="ana", changes={"subject": "MP Materials"})
    with kb.engine.connect() as conn:
        counts = export_reviews(conn, tmp_path)
        assert len(list_reviews(conn)) == 3
    # rejected: the 41,000 t, and the 350 M as first extracted (a correction changed its subject)
    assert counts == {"facts": 2, "events": 0, "rejected_facts": 2, "rejected_events": 0, "documents": 3}
    notes = load_annotations(tmp_path / "reviews.json")
    assert notes["exhaustive"] is False and len(notes["decisions"]) == 3
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == sorted(notes["documents"])
    score = evaluate(tmp_path / "articles", notes, load_vocabulary())
    # The extractor finds both accepted/corrected figures (value and unit) ...
    assert (score.facts.tp_gold, score.facts.n_gold) == (2, 2)
    # ... but with subjects, it still files 350 M under the Pentagon (the corrected subject is MP) and
    # still produces the rejected 41,000 t: two of four reviewed predictions are wrong.
    assert (score.facts_subject.tp_gold, score.facts_subject.n_gold) == (1, 2)
    assert (score.facts_subject.tp_pred, score.facts_subject.n_pred) == (1, 3)
    assert json.loads((tmp_path / "reviews.json").read_text())["facts"][0]["doc"].endswith(".txt")


def test_open_store_migrates_an_older_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    engine = open_store(url)
    cols = {c["name"] for c in sa.inspect(engine).get_columns("facts")}
    assert {"review", "review_id"} <= cols and "reviews" in sa.inspect(engine).get_table_names()


def test_make_eval_scores_exported_reviews(kb: KnowledgeBase, tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("eval_extraction",
                                                  Path(__file__).resolve().parents[2] / "bench" / "eval_extraction.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    kb.review(_fact(kb, 41000)["id"], "reject", reviewer="ana")
    kb.review(_fact(kb, 45455)["id"], "accept", reviewer="ana")
    with kb.engine.connect() as conn:
        export_reviews(conn, tmp_path / "reviews")
    empty = tmp_path / "none"
    scores = bench.score_all(gold_dir=empty, shared_dir=empty, reviews=tmp_path / "reviews")
    assert list(scores) == ["reviews"]
    facts = scores["reviews"].to_dict()["facts_subject"]
    assert (facts["precision"], facts["recall"]) == (0.5, 1.0)  # still extracts the rejected 41,000 t
    with pytest.raises(SystemExit, match="review export"):
        bench.score_all(gold_dir=empty, shared_dir=empty, reviews=empty)


def test_corrections_build_up_and_accept_or_reject_restores_the_extracted_record(kb: KnowledgeBase,
                                                                                   tmp_path: Path) -> None:
    fact = _fact(kb, 41000)
    kb.review(fact["id"], "correct", reviewer="ana", changes={"value": 999})
    second = kb.review(fact["id"], "correct", reviewer="ana", changes={"period": "2023"})
    assert second.changes == {"value": 999.0, "period": "2023"} and second.original["value"] == 41000
    row = kb.facts().set_index("id").loc[fact["id"]]
    assert (row["value"], row["period"]) == (999, "2023")
    kb.review(fact["id"], "accept", reviewer="bo")  # the machine was right after all
    row = kb.facts().set_index("id").loc[fact["id"]]
    assert (row["value"], row["period"], row["review"]) == (41000, "2024", "accepted")
    with kb.engine.connect() as conn:
        export_reviews(conn, tmp_path)
    notes = load_annotations(tmp_path / "reviews.json")
    assert [f["value"] for f in notes["facts"] if f["metric"] == "production"] == [41000]  # the extractor's


def test_a_value_correction_clears_the_stated_bounds(kb: KnowledgeBase) -> None:
    fact = _fact(kb, 41000)
    with kb.engine.begin() as conn:  # as the extractor stores "between 40,000 and 42,000 tonnes"
        conn.execute(t.facts.update().where(t.facts.c.id == fact["id"]).values(
            low=40000, high=42000, qualifier="about"))
    assert [c.status for c in kb.claims(metric="production")] == ["conflicting"]
    kb.review(fact["id"], "correct", reviewer="ana", changes={"value": 45455})
    row = kb.facts().set_index("id").loc[fact["id"]]
    assert row["low"] is None and row["high"] is None and row["qualifier"] is None
    [claim] = kb.claims(metric="production")
    assert claim.status == "corroborated" and claim.value == 45455
    kb.review(fact["id"], "reject", reviewer="ana")
    with kb.engine.connect() as conn:
        restored = conn.execute(sa.select(t.facts.c.value, t.facts.c.low, t.facts.c.qualifier)
                                .where(t.facts.c.id == fact["id"])).one()
    assert tuple(restored) == (41000, 40000, "about")


def test_bad_values_and_columns_are_refused(kb: KnowledgeBase) -> None:
    fact = _fact(kb, 45455)
    for changes, message in (({"value": "nan"}, "finite"), ({"value": "inf"}, "finite"),
                             ({"stage": "smelting-ish"}, "unknown stage"), ({"unit": "t" * 41}, "between 1 and 40")):
        with pytest.raises(StoreError, match=message):
            kb.review(fact["id"], "correct", reviewer="ana", changes=changes)


def test_rejecting_an_entity_also_drops_the_figures_of_entities_merged_into_it(kb: KnowledgeBase) -> None:
    kb.merge("MP Materials", "U.S. Department of Defense")  # a wrong merge, to show the widening
    assert "mp-materials" in {c.subject for c in kb.claims()}
    assert {c.metric for c in kb.claims() if c.subject == "mp-materials"} >= {"deal_value", "production"}
    kb.review("MP Materials", "reject", reviewer="ana")
    assert "mp-materials" not in {c.subject for c in kb.claims()}
    assert kb.facts().empty  # every figure in these articles is MP's or the DoD's
