"""Claims: grouping, agreement, source independence and company-only disclosures, on a real store."""

from __future__ import annotations

from monazite.analyze.claims.agreement import MetricInfo
from monazite.analyze.claims.build import claims_from_store
from monazite.settings import Settings
from monazite.store.engine import open_store
from tests.fixtures.knowledge.builders import add_document, fact, seed_entities, write

METRICS = {"market_share": MetricInfo("market_share", "Market share", share=True)}
MINING_A = "Analysts at the survey said China held 60% of global rare earth mining in 2024. Others disagreed."
MINING_B = "A second survey found that China held 69% of global rare earth mining in 2024."
REFINING_A = "China refines more than 85% of the world's rare earths."
REFINING_B = "Today China controls over 80% of global rare earth refining capacity."


def _claims(engine, settings: Settings | None = None):
    with engine.connect() as conn:
        return claims_from_store(conn, settings or Settings(), METRICS)


def _share(conn, text, source, value_text, value, qualifier=None, stage="mining", **doc):
    doc_id = add_document(conn, text, source=source, **doc)
    write(conn, doc_id, [fact(doc_id, text, value_text, "china", "market_share", value, "%",
                              qualifier=qualifier, period="2024" if "2024" in text else None, stage=stage)])
    return doc_id


def test_conflict_between_independent_sources_lists_both_sides(store_url: str) -> None:
    engine = open_store(store_url)
    with engine.begin() as conn:
        seed_entities(conn)
        a = _share(conn, MINING_A, "Metals Weekly", "60%", 60)
        b = _share(conn, MINING_B, "Mining Journal", "69%", 69)
    [claim] = _claims(engine)
    assert claim.status == "conflicting" and not claim.consistent
    assert claim.key == ("china", "market_share", "2024")
    sides = claim.to_dict()["sides"]
    assert sorted(s["sources"][0] for s in sides) == ["Metals Weekly", "Mining Journal"]
    assert sorted(s["facts"][0]["document_id"] for s in sides) == sorted([a, b])
    assert sides[0]["facts"][0]["quote"].startswith(("Analysts", "A second"))


def test_wider_tolerance_turns_the_conflict_into_corroboration(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        _share(conn, MINING_A, "Metals Weekly", "60%", 60)
        _share(conn, MINING_B, "Mining Journal", "69%", 69)
    [claim] = _claims(engine, Settings(share_tolerance_pct=10))
    assert claim.status == "corroborated" and claim.independent_sources == 2


def test_qualified_refining_shares_are_one_consistent_claim(store_url: str) -> None:
    engine = open_store(store_url)
    with engine.begin() as conn:
        seed_entities(conn)
        _share(conn, REFINING_A, "Metals Weekly", "85%", 85, "more than", stage="refining")
        _share(conn, REFINING_B, "Mining Journal", "80%", 80, "over", stage="refining")
    [claim] = _claims(engine)
    assert claim.consistent and claim.status == "corroborated"
    assert claim.stage == "refining" and len(claim.facts) == 2
    assert (claim.low, claim.high) == (85, 100)
    assert sorted(claim.sources) == ["Metals Weekly", "Mining Journal"]


def test_resyndicated_copy_does_not_corroborate(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        original = _share(conn, MINING_A, "Metals Weekly", "60%", 60)
        _share(conn, MINING_A + " Republished with permission.", "Aggregator Daily", "60%", 60,
               duplicate_of=original)
    [claim] = _claims(engine)
    assert claim.status == "single-source" and claim.independent_sources == 1 and len(claim.facts) == 2


def test_identical_quote_or_same_publisher_count_once(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        _share(conn, MINING_A, "Metals Weekly", "60%", 60)
        _share(conn, "Copied without credit. " + MINING_A, "Scraper Site", "60%", 60)
        _share(conn, "In its second story, China held 61% of global rare earth mining in 2024.",
               "Metals Weekly", "61%", 61)
    [claim] = _claims(engine)
    assert claim.status == "single-source" and len(claim.documents) == 3


def test_company_media_figures_are_company_only_until_independently_confirmed(sqlite_url: str) -> None:
    daily = "Baogang Group raised rare earth concentrate output by 12% in 2024."
    relay = ("According to company disclosures, Baogang Group raised rare earth concentrate output by 12% in 2024. "
             "China produced 60% of mined supply in 2024.")
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        d1 = add_document(conn, daily, source="Baogang Daily", kind="company", published="2025-01-10")
        d2 = add_document(conn, relay, source="Rare Earth Wire", published="2025-01-12")
        write(conn, d1, [fact(d1, daily, "12%", "baogang-group", "production_growth", 12, "%", period="2024")])
        write(conn, d2, [fact(d2, relay, "12%", "baogang-group", "production_growth", 12, "%", period="2024"),
                         fact(d2, relay, "60%", "china", "market_share", 60, "%", period="2024", stage="mining")])
    by_subject = {c.subject: c for c in _claims(engine)}
    assert by_subject["baogang-group"].status == "company-only"
    assert all(f.disclosure for f in by_subject["baogang-group"].facts)
    assert by_subject["china"].status == "single-source"
    independent = "Trade data show Baogang Group concentrate output up about 12% in 2024."
    with engine.begin() as conn:
        d3 = add_document(conn, independent, source="Customs Analytics", published="2025-01-05")
        write(conn, d3, [fact(d3, independent, "12%", "baogang-group", "production_growth", 12, "%",
                              period="2024", qualifier="about")])
    claim = next(c for c in _claims(engine) if c.subject == "baogang-group")
    # The relay rewrites the company's own sentence: with the daily it is one voice.
    assert claim.status == "corroborated" and claim.independent_sources == 2
    assert claim.first.source == "Customs Analytics"  # published first, so reported first
    assert claim.to_dict()["first_reported"]["published"] == "2025-01-05"


def test_a_sentence_where_the_company_reports_is_a_disclosure(sqlite_url: str) -> None:
    text = "Lynas reported revenue growth of 20% in 2024 at its annual meeting."
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        d = add_document(conn, text, source="Mining Journal")
        write(conn, d, [fact(d, text, "20%", "lynas-rare-earths", "revenue_growth", 20, "%", period="2024")])
    [claim] = _claims(engine)
    assert claim.status == "company-only"


def test_items_listed_in_one_document_are_not_a_conflict(sqlite_url: str) -> None:
    text = "CNRE is building an 8000-ton metal line and a 3000-ton separation line."
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        d = add_document(conn, text, source="Mining Journal")
        write(conn, d, [fact(d, text, "8000-ton", "china-northern-rare-earth", "capacity", 8000, "t"),
                        fact(d, text, "3000-ton", "china-northern-rare-earth", "capacity", 3000, "t")])
    claims = _claims(engine)
    assert sorted(c.value for c in claims) == [3000, 8000]
    assert {c.status for c in claims} == {"single-source"}


def test_unlike_bases_and_stages_are_never_compared(sqlite_url: str) -> None:
    text = "Lynas made 10,000 tonnes of REO and 2,000 tonnes of metal in 2024."
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        d = add_document(conn, text, source="Mining Journal")
        write(conn, d, [fact(d, text, "10,000 tonnes", "lynas-rare-earths", "production", 10000, "t",
                             basis="REO", period="2024"),
                        fact(d, text, "2,000 tonnes", "lynas-rare-earths", "production", 2000, "t",
                             basis="metal", period="2024")])
    assert sorted((c.basis, c.status) for c in _claims(engine)) == [("REO", "single-source"),
                                                                     ("metal", "single-source")]


def test_claim_ids_are_content_hashed_and_stable(sqlite_url: str) -> None:
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        _share(conn, MINING_A, "Metals Weekly", "60%", 60)
    first = [c.id for c in _claims(engine)]
    assert first == [c.id for c in _claims(engine)] and first[0].startswith("claim_")


def test_unconfirmed_facts_stay_out_of_claims_but_remain_listed(sqlite_url: str) -> None:
    from monazite.analyze.knowledge import KnowledgeBase

    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        doc_a = add_document(conn, MINING_A, source="Metals Weekly")
        write(conn, doc_a, [fact(doc_a, MINING_A, "60%", "china", "market_share", 60, "%", period="2024",
                                 stage="mining", confidence=0.9)])
        doc_b = add_document(conn, MINING_B, source="Mining Journal")
        write(conn, doc_b, [fact(doc_b, MINING_B, "69%", "china", "market_share", 69, "%", period="2024",
                                 stage="mining", confidence=0.2)])
    [claim] = _claims(engine)
    assert claim.status == "single-source" and [f.value for f in claim.facts] == [60]
    [claim] = _claims(engine, Settings(fact_confidence_threshold=0.1))
    assert claim.status == "conflicting"  # with the candidate admitted, the two figures disagree
    kb = KnowledgeBase(sqlite_url.removeprefix("sqlite:///"))
    frame = kb.facts(entity="China")
    assert sorted(zip(frame["value"], frame["confirmed"])) == [(60.0, True), (69.0, False)]
    assert list(kb.facts(entity="China", confirmed_only=True)["value"]) == [60.0]


def test_one_outlet_under_two_spellings_is_one_source(sqlite_url: str) -> None:
    first = "China accounted for 90% of global rare earth refining in 2024, the observer wrote."
    second = "Refiners in China handled about 90% of the world's rare earth refining in 2024."
    engine = open_store(sqlite_url)
    with engine.begin() as conn:
        seed_entities(conn)
        d1 = add_document(conn, first, source="Strategic Metals Observer")
        d2 = add_document(conn, second, source="The Strategic Metals Observer")
        write(conn, d1, [fact(d1, first, "90%", "china", "market_share", 90, "%", period="2024", stage="refining")])
        write(conn, d2, [fact(d2, second, "90%", "china", "market_share", 90, "%", period="2024",
                              stage="refining", qualifier="about")])
    [claim] = _claims(engine)
    assert claim.independent_sources == 1 and claim.status == "single-source"
