"""Facts: subject, metric, period, stage and quote bound to each quantity."""

from __future__ import annotations

import pytest

from monazite.extract import extract_document
from monazite.vocab import load_vocabulary
from tests.extract.helpers_extract import make_doc


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def facts_of(text: str, vocab, published: str | None = None):
    return extract_document(make_doc(text, published), vocab).facts


def test_country_shares_by_stage(vocab) -> None:
    text = ("With China already producing over 60% of the world's rare earths and refining more than 85%, "
            "these projects consolidate its dominance.")
    got = {(f.subject, f.metric, f.value, f.qualifier, f.stage) for f in facts_of(text, vocab)}
    assert got == {("china", "market_share", 60, "over", "mining"),
                   ("china", "market_share", 85, "more than", "refining")}


def test_reference_words_point_to_the_last_company(vocab) -> None:
    text = ("MP Materials said on Tuesday that its revenue rose 12% year-over-year. "
            "The company also expects production of 1,300 tonnes of NdPr oxide.")
    facts = {f.metric: f for f in facts_of(text, vocab)}
    assert facts["revenue_growth"].subject == "mp-materials"
    assert facts["production"].subject == "mp-materials"
    assert (facts["production"].value, facts["production"].unit, facts["production"].basis) == (1300, "t", "oxide")


def test_objects_and_lists_are_not_subjects(vocab) -> None:
    text = ("Shenghe Resources said its exports rose sharply. New destinations included Vietnam, "
            "South Korea and France, with new customers accounting for 60% of that growth.")
    (fact,) = facts_of(text, vocab)
    assert (fact.subject, fact.metric, fact.value) == ("shenghe-resources", "growth_contribution", 60)


def test_share_of_a_country_names_the_firm_not_the_country(vocab) -> None:
    text = ("Shenghe Resources published its results. The firm accounted for 12% of China's total rare earth "
            "exports, registering a 9% year-over-year increase in raw material shipments.")
    facts = {f.metric: f for f in facts_of(text, vocab)}
    assert facts["export_share"].subject == "shenghe-resources"
    assert facts["export_share"].object == "china"
    assert facts["export_growth"].subject == "shenghe-resources"


def test_no_subject_no_fact(vocab) -> None:
    assert facts_of("Prices rose 5% in the quarter.", vocab) == []


def test_no_metric_no_fact(vocab) -> None:
    assert facts_of("Lynas Rare Earths said 30% of its staff are women.", vocab) == []


@pytest.mark.parametrize(("text", "published", "period"), [
    ("Baogang Group reported first-quarter revenue growth of 15% year-over-year.", "2025-04-18", "2025-Q1"),
    ("Baogang Group said its 2024 exports rose 19.7% year-over-year.", None, "2024"),
    ("Baogang Group said its valuation jumped 165% this year.", "2025-08-30", "2025"),
    ("Baogang Group said its valuation jumped 165% this year.", None, None),
])
def test_periods(text: str, published: str | None, period: str | None, vocab) -> None:
    (fact,) = facts_of(text, vocab, published)
    assert fact.period == period


def test_quote_and_offsets(vocab) -> None:
    text = ("Intro line without figures.\n\nLynas Rare Earths expects the plant to process up to 12,000 tonnes "
            "of REO equivalent per year. Other news follows.")
    (fact,) = facts_of(text, vocab)
    assert fact.quote == text[fact.sentence_start:fact.sentence_end]
    assert text[fact.start:fact.end] == fact.value_text == "12,000 tonnes"
    assert fact.value_text in fact.quote
    assert (fact.metric, fact.unit, fact.basis, fact.qualifier) == ("capacity", "t/yr", "REO", "up to")
    assert fact.extractor == "monazite.facts.v1"


def test_fixture_article(fixtures_dir, vocab) -> None:
    text = (fixtures_dir / "facts" / "lynas_kalgoorlie.txt").read_text(encoding="utf-8")
    got = {(f.subject, f.metric, f.value, f.unit) for f in facts_of(text, vocab)}
    assert ("lynas-rare-earths", "capacity", 12000, "t/yr") in got
    assert ("lynas-rare-earths", "revenue", 186.5e6, "AUD") in got
    assert ("lynas-rare-earths", "revenue_growth", 34, "%") in got
    assert ("china", "market_share", 90, "%") in got


def test_decreases_and_losses_are_negative(vocab) -> None:
    text = ("China Rare Earth Group reported a net loss attributable to shareholders of 287 million yuan for 2024. "
            "Operating revenue dropped 24.09% to 3.027 billion yuan, while sales rose 3%.")
    got = {f.metric: f for f in facts_of(text, vocab)}
    assert (got["profit"].value, got["profit"].unit) == (-287e6, "CNY")
    assert got["revenue_growth"].value == -24.09 and got["revenue_growth"].value_text == "24.09%"
    assert got["revenue"].value == 3.027e9
    assert got["sales_growth"].value == 3


def test_price_subject_is_the_material(vocab) -> None:
    text = ("Lynas Rare Earths said the U.S. Geological Survey put the 2024 average price of dysprosium oxide "
            "at $260 per kg and of terbium oxide at $810 per kg.")
    got = {f.value: f for f in facts_of(text, vocab)}
    assert (got[260].subject, got[260].metric, got[260].unit) == ("dysprosium-oxide", "price", "USD/kg")
    assert got[810].subject == "terbium-oxide"
    assert got[260].period == "2024"


def test_countries_by_possessive_holder_and_reference(vocab) -> None:
    text = ("The U.S. Geological Survey estimates Brazil's reserves at 21 million tonnes, second only to "
            "China's 44 million tonnes. Yet the country produced just 20 tonnes in 2024, down from 140 tonnes "
            "in 2023.")
    got = {(f.value, f.period): f.subject for f in facts_of(text, vocab)}
    assert got[(21e6, None)] == "brazil"
    assert got[(44e6, None)] == "china"
    assert got[(20, "2024")] == "brazil"
    assert got[(140, "2023")] == "brazil"


@pytest.mark.parametrize(("text", "value", "subject"), [
    ("The market is dominated by China, which currently supplies almost 90% of processed rare earths.",
     90, "china"),
    ("Under the Australian Government's $2 billion Critical Minerals Facility, Iluka secured a loan.",
     2e9, "australia"),
    ("Output came from the United States (38,000 tons) and Myanmar (30,000 tons) last year.", 30000, "myanmar"),
    ("Kestrel Resources, which is developing a mine in western Angola, has received a $10 million investment.",
     1e7, None),
])
def test_holders_from_sentence_structure(text: str, value: float, subject: str | None, vocab) -> None:
    facts = [f for f in facts_of(text, vocab) if f.value == value]
    assert facts
    if subject is None:
        assert facts[0].subject != "angola"  # a place after "in western" is where, not who
    else:
        assert facts[0].subject == subject


def test_bare_dollars_are_australian_for_an_australian_holder_unless_the_text_writes_a_dollar(vocab) -> None:
    (f,) = [f for f in facts_of("Iluka Resources secured a $1.25 billion loan for its refinery.", vocab)
            if f.value == 1.25e9]
    assert f.unit == "AUD"
    (f,) = [f for f in facts_of("Iluka Resources lined up $834m (A$1.25bn) in loans.", vocab) if f.value == 834e6]
    assert f.unit == "USD"


@pytest.mark.parametrize(("text", "value", "subject"), [
    ("Global mine production of rare earths reached 390,000 tonnes in 2024.", 390000, "world"),
    ("China accounts for 70% of global rare earths mined.", 70, "china"),
    ("MP Materials produced a record 45,455 metric tons of REO in 2024.", 45455, "mp-materials"),
])
def test_world_totals_are_the_worlds_not_the_article_company(text: str, value: float, subject: str, vocab) -> None:
    (f,) = [f for f in facts_of("MP Materials is the subject of this note. " + text, vocab) if f.value == value]
    assert f.subject == subject


def test_a_share_of_refined_output_is_a_refining_share(vocab) -> None:
    text = "The IEA estimated that China accounted for 62% of global rare earth mining in 2023 but 92% of refined output."
    (f,) = [f for f in facts_of(text, vocab) if f.value == 92]
    assert (f.subject, f.metric, f.stage) == ("china", "market_share", "refining")


def test_a_compared_figure_keeps_the_holder_of_the_figure_before_it(vocab) -> None:
    text = ("Kestrel Resources reported strong results. World rare earth mine output rose to 390,000 tonnes "
            "in 2024, up from 376,000 tonnes in 2023. China again dominated. Its output, which the USGS "
            "records as the national quota, was 270,000 tonnes in 2024 against 255,000 tonnes a year earlier.")
    got = {f.value: f.subject for f in facts_of(text, vocab)}
    assert got[390000] == got[376000] == "world"  # "up from": the same holder, not the article's company
    assert got[270000] == got[255000] == "china"  # the USGS in the closed relative clause describes, not holds
    # a holder stated at the compared figure itself still wins
    (f,) = [f for f in facts_of("Vietnam produced 300 tonnes in 2024, compared with 270,000 tonnes for China.",
                                vocab) if f.value == 270000]
    assert f.subject == "china"


def test_listed_countries_with_no_single_holder_give_no_fact(vocab) -> None:
    text = ("Kestrel Resources is the subject of this note. Nigeria and Thailand each rose to 13,000 tonnes, "
            "matching Australia, whose output declined from 16,000 tonnes.")
    got = {f.value: f.subject for f in facts_of(text, vocab)}
    assert 13000 not in got  # never filed under the article's company
    assert got[16000] == "australia"
    # a country named as a place, or after a preposition, does not block the article's company
    place = ("Lynas Rare Earths is expanding. Reducing reliance on China, the plant will scale up to "
             "7,500 tonnes per year by 2027.")
    assert [(f.subject, f.value) for f in facts_of(place, vocab)] == [("lynas-rare-earths", 7500)]


def test_an_agency_that_expects_is_the_source_not_the_holder(vocab) -> None:
    text = "The IEA expects China to remain dominant: its share of mining is projected at 52% in 2035."
    (f,) = [f for f in facts_of(text, vocab) if f.value == 52]
    assert f.subject == "china"


def test_respectively_gives_each_figure_to_its_holder(vocab) -> None:
    text = ("Arafura Rare Earths placed new shares. The placement lifts Lynas Rare Earths and Iluka Resources' "
            "stakes in the company to 12% and 19%, respectively.")
    got = {f.value: f.subject for f in facts_of(text, vocab) if f.metric == "stake"}
    assert got == {12: "lynas-rare-earths", 19: "iluka-resources"}


def test_a_critical_mineral_price_is_the_minerals(vocab) -> None:
    text = ("Northwind Trading Ltd said on Monday that prices for antimony trioxide in Rotterdam reached "
            "$39,000 per metric ton, according to the agency.")
    (f,) = [f for f in facts_of(text, vocab) if f.metric == "price"]
    assert f.subject == "antimony-trioxide" and f.unit == "USD/t"


def test_reference_words_in_object_position_do_not_hold_the_figure(vocab) -> None:
    text = ("Brazil has large reserves. Lynas Rare Earths opened an office there last year. "
            "The company owns a pilot line in the country and secured an investment of $45 million to expand it.")
    assert [f.subject for f in facts_of(text, vocab)] == ["lynas-rare-earths"]


def test_a_pronoun_inside_a_compound_word_is_no_reference(vocab) -> None:
    text = ("Lynas Rare Earths plans a plant abroad. Malaysia approved the plan on Monday. "
            "The company will make a one-of-its-kind $70 million investment there.")
    assert [f.subject for f in facts_of(text, vocab)] == ["lynas-rare-earths"]


def test_the_government_stands_for_the_articles_country(vocab) -> None:
    text = ("The government doubled its subsidy budget for magnet makers to $900 million. "
            "Lynas Rare Earths has asked to join. India imports most of its magnets.")
    assert [(f.subject, f.metric) for f in facts_of(text, vocab)] == [("india", "investment")]


def test_the_owner_of_a_project_holds_its_figure_and_an_excluded_country_does_not(vocab) -> None:
    text = ("Operated by Lynas Rare Earths, the Kvanefjeld project reports the biggest resources of any "
            "producer outside China, with 1.2 billion tonnes of ore.")
    assert [(f.subject, f.metric) for f in facts_of(text, vocab)] == [("lynas-rare-earths", "resources")]


def test_the_government_holds_only_its_own_public_money(vocab) -> None:
    text = ("Arafura Rare Earths won support this year. Australia backs the project. "
            "In addition, the federal government committed $840 million in March.")
    assert [f.subject for f in facts_of(text, vocab)] == ["arafura-rare-earths"]


def test_exported_from_a_country_and_the_figures_after_it_in_the_sentence(vocab) -> None:
    text = ("Lynas Rare Earths leads the sector. China buys most ore and China sets prices. Customs data show "
            "rare earths valued at $80 million were exported from Vietnam in 2022, $60 million in 2023 and "
            "$95 million last year.")
    assert [f.subject for f in facts_of(text, vocab)] == ["vietnam"] * 3


def test_a_participle_clause_figure_belongs_to_the_main_clause_subject(vocab) -> None:
    text = "Vietnam is Japan's second supplier of rare earths, accounting for 30% of its imports."
    assert [(f.subject, f.metric) for f in facts_of(text, vocab)] == [("vietnam", "market_share")]
    text = "Lynas Rare Earths said China produced 240,000 tonnes last year, accounting for 70% of world output."
    assert [f.subject for f in facts_of(text, vocab)] == ["china", "china"]


def test_the_recipient_of_supply_with_a_share_does_not_hold_it(vocab) -> None:
    text = "Under the contract, Iluka Resources will supply South Korea with up to 40% of its heavy rare earth output."
    assert [f.subject for f in facts_of(text, vocab)] == ["iluka-resources"]


def test_a_figure_of_a_public_scheme_with_no_holder_is_the_countrys(vocab) -> None:
    text = ("IREL runs the state mines. India wants more magnets and India is planning ahead. "
            "The incentive package for 5,000 tonnes of magnet capacity won cabinet approval last week.")
    assert [(f.subject, f.metric) for f in facts_of(text, vocab)] == [("india", "capacity")]


def test_a_world_quantity_linked_to_the_figure_is_the_worlds(vocab) -> None:
    text = "Brazil ranks second, behind China, which holds 44 million tonnes, out of world reserves of more than 110 million tonnes."
    assert [(f.subject, f.value) for f in facts_of(text, vocab)] == [("china", 44e6), ("world", 110e6)]
    text = "Vietnam mined 300 tonnes of oxide last year, a sliver of the world total of 350,000 tonnes."
    assert [(f.subject, f.value) for f in facts_of(text, vocab)] == [("vietnam", 300), ("world", 350000)]


def test_a_share_made_in_a_country_is_that_countrys(vocab) -> None:
    text = "Lynas Rare Earths opened a plant. Today, 40 percent of the world's magnet alloy is made in Japan, the company said."
    assert [(f.subject, f.metric) for f in facts_of(text, vocab)] == [("japan", "market_share")]


def test_a_volume_stated_as_a_multiple_is_volume_growth(vocab) -> None:
    text = "Lynas Rare Earths said it could double production at its Malaysian plant by 2027."
    assert [(f.subject, f.metric, f.value, f.unit) for f in facts_of(text, vocab)] == [
        ("lynas-rare-earths", "volume_growth", 2, "x")]
    assert facts_of("Lynas Rare Earths makes a double salt of the metals at a plant with high output.", vocab) == []


def test_a_share_of_supply_without_the_word_share(vocab) -> None:
    text = "Neo Performance Materials intends to supply 20% of the bloc's needs from 2029."
    assert [(f.subject, f.metric, f.value) for f in facts_of(text, vocab)] == [
        ("neo-performance-materials", "market_share", 20)]
    text = "Solvay plans to produce 2,000 tonnes a year, about 15% of the regional market."
    assert [(f.metric, f.value) for f in facts_of(text, vocab)] == [("production", 2000), ("market_share", 15)]


def test_an_amount_linked_by_worth_values_the_thing_before(vocab) -> None:
    text = "Laos shipped 20,000 tonnes of concentrate abroad, worth about $90 million, in 2023."
    assert [(f.subject, f.metric, f.unit) for f in facts_of(text, vocab)] == [
        ("laos", "exports", "t"), ("laos", "exports", "USD")]
    text = "Lynas Rare Earths, which posted revenue of $500 million, is worth $3 billion."
    assert [f.metric for f in facts_of(text, vocab)] == ["revenue", "market_value"]


def test_spending_share_moves_and_imports_growth(vocab) -> None:
    got = {(f.metric, f.value) for f in facts_of("MP Materials plans to spend $2-3 billion on new plants.", vocab)}
    assert got == {("investment", 2.5e9)}
    got = {(f.metric, f.value) for f in facts_of("Lynas Rare Earths shares jumped 6% on Monday.", vocab)}
    assert got == {("valuation_change", 6)}
    got = {(f.metric, f.value) for f in facts_of("Japan imported 900 tonnes in May, up 12% on the year.", vocab)}
    assert got == {("imports", 900), ("import_growth", 12)}


def test_an_amount_before_a_mine_is_what_building_it_costs(vocab) -> None:
    text = "Lynas Rare Earths said the $350-million Browns Range mine will start output in 2027."
    assert [(f.subject, f.metric, f.value) for f in facts_of(text, vocab)] == [
        ("lynas-rare-earths", "capital_cost", 3.5e8)]
    text = "Lynas Rare Earths acquired the mine for $90 million."
    assert [f.metric for f in facts_of(text, vocab)] == ["deal_value"]


def test_a_paragraph_pointing_back_carries_the_metric_of_the_figure_before(vocab) -> None:
    text = "China exported 4,100 tonnes of magnets in May.\n\nThat was up from 3,200 tonnes in April."
    assert [(f.subject, f.metric, f.value) for f in facts_of(text, vocab, "2025-06-10")] == [
        ("china", "exports", 4100), ("china", "exports", 3200)]
    text = "China exported 4,100 tonnes of magnets in May.\n\nSmelters were up from 3,200 tonnes in April."
    assert [f.value for f in facts_of(text, vocab, "2025-06-10")] == [4100]


def test_grades_purity_and_impairments(vocab) -> None:
    text = "Lynas Rare Earths said its new carbonate reaches about 95% purity."
    assert [(f.metric, f.value) for f in facts_of(text, vocab)] == [("grade", 95)]
    text = "Lynas Rare Earths booked an impairment of A$30 million on its stockpiled concentrate."
    assert [(f.metric, f.value) for f in facts_of(text, vocab)] == [("impairment", 3e7)]


def test_offtake_volumes(vocab) -> None:
    text = "Lynas Rare Earths signed an offtake for up to 700 tonnes a year of NdPr oxide."
    assert [(f.metric, f.value, f.unit) for f in facts_of(text, vocab)] == [("offtake_volume", 700, "t/yr")]
    text = "Lynas Rare Earths signed an agreement to build a plant with a capacity of 5,000 tonnes a year."
    assert [f.metric for f in facts_of(text, vocab)] == ["capacity"]


def test_quota_changes(vocab) -> None:
    got = [(f.metric, f.value) for f in facts_of("China cut its mining quota by 6% to 110,000 tonnes.", vocab)]
    assert got == [("volume_growth", -6), ("quota", 110000)]
    got = [(f.metric, f.value) for f in facts_of("China set mining quotas at 150,000 tonnes, up 9% on the year.", vocab)]
    assert got == [("quota", 150000), ("volume_growth", 9)]


def test_a_change_in_money_after_a_percentage_change_is_the_same_growth(vocab) -> None:
    text = ("China Northern Rare Earth expects net profit of 1.2 billion yuan. "
            "That is an increase of 40%, a rise of 340 million yuan.")
    got = [(f.metric, f.value, f.unit) for f in facts_of(text, vocab)]
    assert got == [("profit", 1.2e9, "CNY"), ("profit_growth", 40, "%"), ("profit_growth", 3.4e8, "CNY")]


def test_a_small_bare_amount_next_to_a_share_word_is_a_price_per_share(vocab) -> None:
    got = [(f.metric, f.value, f.unit) for f in facts_of("Lynas Rare Earths shares fell 4% to A$7.35.", vocab)]
    assert got == [("valuation_change", -4, "%"), ("share_price", 7.35, "AUD/share")]
    got = [(f.metric, f.unit) for f in facts_of("Lynas Rare Earths raised A$300 million by selling shares.", vocab)]
    assert got == [("investment", "AUD")]


def test_processing_a_yearly_tonnage_is_capacity(vocab) -> None:
    text = "Laos plans to reach processing of 500,000 tonnes of ore per year by 2032."
    assert [(f.subject, f.metric, f.unit) for f in facts_of(text, vocab)] == [("laos", "capacity", "t/yr")]


def test_a_possessed_name_after_a_preposition_is_no_holder(vocab) -> None:
    """'with a grant from the EU's Example Fund': the fund is the object of 'from' although a
    possessor stands between them; the plant's builder named before holds the capacity."""
    text = ("A new plant\n\nThe new plant, built by Lynas Rare Earths with a grant from the EU\u2019s "
            "Harbour Renewal Fund, has a capacity of 1,500 tonnes a year.")
    facts = facts_of(text, vocab)
    assert [(f.subject, f.metric, f.value, f.unit) for f in facts] == [
        ("lynas-rare-earths", "capacity", 1500.0, "t/yr")]
