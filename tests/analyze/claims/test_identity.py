"""Claim identity: false conflicts the issue reported stay apart, real conflicts are still found.

Each article under ``tests/fixtures/claims/`` is ingested through the real pipeline into a
real SQLite store, each under its own outlet, and the claims are rebuilt from the store.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monazite import KnowledgeBase
from monazite.analyze.claims.identity import (
    DATED,
    DEAL,
    IdentityRules,
    instrument_of,
    load_identity_rules,
    split_by_counterparty,
    uncertainty,
)
from monazite.errors import VocabularyError
from monazite.pipeline.local import run_ingest
from monazite.settings import Settings


@pytest.fixture
def claims_dir(fixtures_dir: Path) -> Path:
    return fixtures_dir / "claims"


def _ingest(db: str, claims_dir: Path, *names: str) -> None:
    for name in names:
        report = run_ingest([str(claims_dir / f"{name}.txt")], Settings(db=db, semantic_search=False),
                            source=f"Outlet {name}", progress=False)
        assert not [o for o in report.outcomes if o.status == "failed"], report.outcomes


def _judged(db: str) -> list:
    with KnowledgeBase(db) as kb:
        return kb.claims()


def test_quota_increase_and_refining_share_are_never_one_claim(sqlite_url: str, claims_dir: Path) -> None:
    _ingest(sqlite_url, claims_dir, "quota_increase", "refining_share")
    claims = _judged(sqlite_url)
    assert not [c for c in claims if c.status in ("conflicting", "uncertain")]
    china = {(c.metric, c.stage): c.value for c in claims if c.subject == "china"}
    assert china[("market_share", "refining")] == 92
    assert 12.5 in china.values() and ("market_share", None) not in china


def test_company_output_is_not_held_against_world_output(sqlite_url: str, claims_dir: Path) -> None:
    _ingest(sqlite_url, claims_dir, "company_output", "world_output")
    claims = _judged(sqlite_url)
    assert not [c for c in claims if c.status in ("conflicting", "uncertain")]
    output = {c.subject: c.value for c in claims if c.metric == "production"}
    assert output == {"mp-materials": 45455, "world": 390000}


def test_financing_and_cash_balance_differ_in_kind(sqlite_url: str, claims_dir: Path) -> None:
    _ingest(sqlite_url, claims_dir, "bank_financing", "cash_balance")
    claims = [c for c in _judged(sqlite_url) if c.subject == "mp-materials"]
    assert sorted(c.metric for c in claims) == ["cash", "investment"]
    assert all(c.status not in ("conflicting", "uncertain") for c in claims)
    financing = next(c for c in claims if c.metric == "investment")
    assert financing.instrument == "loan"
    assert set(financing.counterparties) >= {"goldman-sachs", "jpmorgan-chase"}


def test_loan_and_equity_purchase_are_different_deals(sqlite_url: str, claims_dir: Path) -> None:
    _ingest(sqlite_url, claims_dir, "pentagon_loan", "pentagon_equity")
    claims = _judged(sqlite_url)
    assert not [c for c in claims if c.status in ("conflicting", "uncertain")]
    money = {(c.instrument, c.value) for c in claims if c.unit == "USD"}
    assert money == {("loan", 150e6), ("equity", 400e6)}


def test_one_deal_reported_at_two_amounts_is_a_conflict(sqlite_url: str, claims_dir: Path) -> None:
    _ingest(sqlite_url, claims_dir, "pentagon_equity", "pentagon_equity_low", "pentagon_loan")
    [conflict] = [c for c in _judged(sqlite_url) if c.status == "conflicting"]
    assert (conflict.subject, conflict.instrument, conflict.counterparties) == (
        "us-department-of-defense", "equity", ["mp-materials"])
    sides = sorted((s[0].value, s[0].source) for s in conflict.sides)
    assert sides == [(350e6, "Outlet pentagon_equity_low"), (400e6, "Outlet pentagon_equity")]
    assert conflict.first.source == "Outlet pentagon_equity"  # published 10 July, before the 12 July report


def test_same_company_year_at_two_outputs_is_a_conflict(sqlite_url: str, claims_dir: Path) -> None:
    _ingest(sqlite_url, claims_dir, "company_output", "company_output_low", "world_output")
    [conflict] = [c for c in _judged(sqlite_url) if c.status == "conflicting"]
    assert (conflict.subject, conflict.metric, conflict.period) == ("mp-materials", "production", "2024")
    assert sorted(s[0].value for s in conflict.sides) == [41000, 45455]


def test_undated_shares_that_differ_are_uncertain_not_conflicting(sqlite_url: str, claims_dir: Path) -> None:
    _ingest(sqlite_url, claims_dir, "refining_share_undated_high", "refining_share_undated_low", "refining_share")
    claims = _judged(sqlite_url)
    assert not [c for c in claims if c.status == "conflicting"]
    [unsure] = [c for c in claims if c.status == "uncertain"]
    assert (unsure.subject, unsure.stage, unsure.period) == ("china", "refining", None)
    assert sorted(s[0].value for s in unsure.sides) == [80, 90]
    assert "period" in unsure.identity_note
    assert unsure.to_dict()["identity_note"] == unsure.identity_note


def test_deal_without_instrument_is_uncertain_against_a_known_deal(sqlite_url: str, claims_dir: Path) -> None:
    _ingest(sqlite_url, claims_dir, "pentagon_equity", "pentagon_equity_vague")
    claims = [c for c in _judged(sqlite_url) if c.subject == "us-department-of-defense"]
    assert not [c for c in claims if c.status == "conflicting"]
    [unsure] = [c for c in claims if c.status == "uncertain"]
    assert sorted(s[0].value for s in unsure.sides) == [250e6, 400e6]
    assert "instrument" in unsure.identity_note


# Unit level: the rules as data, the instrument finder, the deal splitter.

def test_instrument_is_the_nearest_cue_in_the_figure_clause() -> None:
    rules = load_identity_rules()
    quote = "The agency will lend the miner $150 million; it also bought $400 million of preferred equity."
    loan, equity = quote.index("$150 million"), quote.index("$400 million")
    fact = {"quote": quote, "sentence_start": 1000}
    assert instrument_of({**fact, "start": 1000 + loan, "end": 1000 + loan + 12}, rules) == "loan"
    assert instrument_of({**fact, "start": 1000 + equity, "end": 1000 + equity + 12}, rules) == "equity"
    plain = "The company paid $5 million for the land."
    at = plain.index("$5")
    assert instrument_of({"quote": plain, "sentence_start": 0, "start": at, "end": at + 10}, rules) is None


def test_rules_come_from_the_vocabulary_file(tmp_path: Path) -> None:
    path = tmp_path / "metrics.yaml"
    path.write_text("metrics:\n  - name: grant_money\n    identity: deal\n"
                    "instruments:\n  voucher: [voucher, token grant]\n", encoding="utf-8")
    rules = load_identity_rules(path)
    assert rules.kind("grant_money") == DEAL and rules.kind("anything_else") == DATED
    quote = "It received a token grant of $2 million."
    at = quote.index("$2")
    assert instrument_of({"quote": quote, "sentence_start": 0, "start": at, "end": at + 10}, rules) == "voucher"
    path.write_text("metrics:\n  - name: x\n    identity: sometimes\n", encoding="utf-8")
    with pytest.raises(VocabularyError):
        load_identity_rules(path)


def test_deals_split_by_counterparty_and_join_through_shared_parties() -> None:
    a = {"id": "a", "counterparties": frozenset({"mp"})}
    b = {"id": "b", "counterparties": frozenset({"lynas"})}
    c = {"id": "c", "counterparties": frozenset({"mp", "lynas"})}  # names both: one deal after all
    d = {"id": "d", "counterparties": frozenset()}
    assert [[r["id"] for r in g] for g in split_by_counterparty([a, b, d])] == [["a", "d"], ["b"]]
    assert [sorted(r["id"] for r in g) for g in split_by_counterparty([a, b, c])] == [["a", "b", "c"]]
    assert uncertainty(DEAL, [a, d], None) is not None  # d names no party
    assert uncertainty(DEAL, [{**a, "instrument": "loan"}, {**a, "instrument": "loan"}], None) is None
    inferred = {**a, "instrument": "loan", "instrument_inferred": True}  # filled in from the other figure
    assert uncertainty(DEAL, [{**a, "instrument": "loan"}, inferred], None) is not None
    assert uncertainty(DATED, [a], "2024") is None and uncertainty(DATED, [a], None) is not None
    assert uncertainty("static", [a], None) is None
    assert IdentityRules(kinds={}, instruments=()).kind("x") == DATED
