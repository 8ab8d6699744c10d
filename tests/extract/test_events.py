"""Events: type, actors, materials, date, attributes and quote."""

from __future__ import annotations

import pytest

from monazite.extract import extract_document
from monazite.vocab import load_vocabulary
from tests.extract.helpers_extract import make_doc


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


def events_of(text: str, vocab, published: str | None = None):
    return extract_document(make_doc(text, published), vocab).events


def test_export_control_with_materials_and_date(vocab) -> None:
    text = "On April 4, 2025, China imposed export controls on dysprosium and terbium."
    (ev,) = events_of(text, vocab)
    assert ev.type == "export_control"
    assert ev.actors == ["china"]
    assert {"dysprosium", "terbium"} <= set(ev.materials)
    assert ev.date == "2025-04-04"
    assert ev.quote == text and ev.extractor == "monazite.events.v1"


def test_speculation_is_not_an_event(vocab) -> None:
    text = "If China restricts exports, the Pentagon will face potential export restrictions on magnets."
    assert [e for e in events_of(text, vocab) if e.type == "export_control"] == []


def test_expansion_phase_status_capacity_and_coreference(vocab) -> None:
    text = ("Lynas Rare Earths is building a new plant. The second phase, commissioned in March 2025, "
            "will add 12,000 tonnes per year.")
    found = [e for e in events_of(text, vocab) if e.type == "capacity_expansion"]
    assert len(found) == 2  # "is building a new plant", then the second phase
    ev = found[1]
    assert ev.actors == ["lynas-rare-earths"]
    assert ev.date == "2025-03"
    assert ev.attributes["phase"] == "second"
    assert ev.attributes["status"] == "commissioned"
    assert (ev.attributes["capacity"], ev.attributes["unit"]) == (12000, "t/yr")


def test_partnership_actors(vocab) -> None:
    text = "USA Rare Earth and Arafura Rare Earths signed a cooperation agreement on magnet supply."
    (ev,) = events_of(text, vocab)
    assert ev.type == "partnership"
    assert set(ev.actors) == {"usa-rare-earth", "arafura-rare-earths"}


def test_partial_date_without_publication(vocab) -> None:
    text = "On February 28, Baogang Group signed cooperation agreements with Baotou Rare Earth Research Institute."
    (ev,) = events_of(text, vocab)
    assert ev.date == "--02-28"
    (ev,) = events_of(text, vocab, published="2025-03-05")
    assert ev.date == "2025-02-28"


# --- paraphrases: wordings found beyond a fixed trigger list --------------------------

@pytest.mark.parametrize(("text", "etype"), [
    ("Lynas Rare Earths began commercial production at its Texas plant in 2024.", "plant_opening"),
    ("Lynas Rare Earths commissioned its new separation line last week.", "plant_opening"),
    ("Iluka Resources is constructing a rare earths refinery at Eneabba.", "capacity_expansion"),
    ("Iluka Resources has begun building a refinery in Western Australia.", "capacity_expansion"),
    ("Arafura Rare Earths secured a A$200 million loan for its project.", "financing"),
    ("Lynas Rare Earths posted record revenue for the half year.", "earnings"),
    ("China has banned the export of gallium and germanium.", "export_control"),
    ("Lynas Rare Earths signed a memorandum of understanding with Iluka Resources.", "partnership"),
])
def test_paraphrases_are_found(vocab, text: str, etype: str) -> None:
    assert etype in {e.type for e in events_of(text, vocab)}


def test_planned_production_start_is_an_expansion(vocab) -> None:
    found = events_of("Arafura Rare Earths expects to start production at its new plant in 2027.", vocab)
    assert [e.type for e in found] == ["capacity_expansion"]


# --- precision: topics, questions, speculation and actorless headlines are not events ---

@pytest.mark.parametrize("text", [
    "Export controls have reshaped the market for magnets across the world.",
    "Will China tighten its export controls again this year?",
    "Analysts say China could ban exports of gallium next year.",
    "Western companies must scale up refining capacity quickly.",
    "Partnership remains the preferred model for new entrants in the sector.",
])
def test_topic_question_and_speculation_yield_no_event(vocab, text: str) -> None:
    assert events_of(text, vocab) == []


def test_headline_without_an_actor_is_not_an_event(vocab) -> None:
    text = "A hard place to build a refinery\n\nThe weather on the coast is harsh in winter."
    assert events_of(text, vocab) == []


def test_export_target_is_not_the_actor(vocab) -> None:
    (ev,) = events_of("In June, India told its producers to suspend exports of neodymium to Japan.", vocab)
    assert ev.type == "export_control"
    assert "india" in ev.actors and "japan" not in ev.actors


# --- merging the sentences of one event --------------------------------------------------

def test_sentences_of_one_event_are_merged(vocab) -> None:
    text = ("China imposed export controls on terbium on April 4, 2025. "
            "The export controls require exporters to apply for a licence for each shipment.")
    (ev,) = events_of(text, vocab)
    assert ev.type == "export_control" and ev.actors == ["china"]
    assert ev.date == "2025-04-04"
    first, second = text.split(". ", 1)
    assert ev.attributes["quotes"] == [first + ".", second]
    assert [text[s:e] for s, e in ev.attributes["spans"]] == ev.attributes["quotes"]


def test_headline_merges_into_the_report(vocab) -> None:
    text = ("Lynas Rare Earths Opens Texas Plant\n\n"
            "Lynas Rare Earths opened its magnet plant in Texas in March 2025, the company said.")
    (ev,) = events_of(text, vocab)
    assert ev.type == "plant_opening" and ev.actors == ["lynas-rare-earths"]
    assert ev.quote.startswith("Lynas Rare Earths opened")  # the report, not the headline, is the span
    assert len(ev.attributes["quotes"]) == 2 and ev.date == "2025-03"


def test_distinct_deals_stay_apart(vocab) -> None:
    text = ("Arafura Rare Earths secured a A$100 million loan from a bank in 2023. "
            "Arafura Rare Earths secured a A$50 million grant from the government in 2024.")
    found = [e for e in events_of(text, vocab) if e.type == "financing"]
    assert len(found) == 2
    assert all("quotes" not in e.attributes for e in found)


# --- confidence -------------------------------------------------------------------------

def test_confidence_separates_strong_from_weak_evidence(vocab) -> None:
    (strong,) = events_of("Lynas Rare Earths began commercial production at its Texas plant.", vocab)
    assert strong.attributes["rule_confidence"] >= 0.9  # the rules' evidence score
    text = "Lynas Rare Earths is a miner. The company's plant was commissioned in May 2025."
    weak = [e for e in events_of(text, vocab) if e.type == "plant_opening"]
    assert weak and weak[0].attributes["rule_confidence"] <= 0.7
    # the event's confidence is the calibrated probability of that evidence (models/event_confidence.json)
    from monazite.extract.confidence import event_features, load_event_model

    model = load_event_model()
    assert model is not None
    for e in (strong, weak[0]):
        assert e.confidence == round(model.probability(event_features(e)), 3)


def test_fixture_article(fixtures_dir, vocab) -> None:
    text = (fixtures_dir / "facts" / "mp_materials_pentagon.txt").read_text(encoding="utf-8")
    types = {e.type for e in events_of(text, vocab)}
    assert "partnership" in types
    assert "export_control" not in types



def test_opening_description_stands_for_the_company(vocab) -> None:
    text = "Arafura Rare Earths reported its figures. The company picked Canada as the site of a new magnet plant."
    (ev,) = [e for e in events_of(text, vocab) if e.type == "capacity_expansion"]
    assert ev.actors == ["arafura-rare-earths"]


def test_opening_description_comes_before_a_named_partner(vocab) -> None:
    text = ("Energy Fuels reported its figures. The company, working closely with Lynas Rare Earths, "
            "has acquired a stake in a mine.")
    (ev,) = [e for e in events_of(text, vocab) if e.type == "acquisition"]
    assert ev.actors[0] == "energy-fuels"


def test_place_before_based_is_not_the_actor(vocab) -> None:
    text = "Arafura Rare Earths reported its figures. The Chile-based developer signed an agreement on a lease."
    (ev,) = [e for e in events_of(text, vocab) if e.type == "partnership"]
    assert ev.actors == ["arafura-rare-earths"]


def test_partnership_yields_to_the_offtake_the_sentence_model_finds(vocab) -> None:
    text = "Vulcan Elements has signed a deal with Lynas Rare Earths to buy 500 tonnes of oxide per year."
    types = [e.type for e in events_of(text, vocab)]
    assert "offtake" in types and "partnership" not in types


@pytest.mark.parametrize("text", [
    "Lynas Rare Earths lacks the capacity to process its ore into separated oxides.",
    "Lynas Rare Earths has capacity to process 10,000 tonnes of ore a year.",
    "The chief executive of Lynas Rare Earths opened the meeting by praising the staff.",
    "China widened export controls on gallium as a reaction to the latest tariffs on its chips.",
])
def test_negation_existing_capacity_other_openings_and_context_are_not_events(vocab, text: str) -> None:
    found = [e for e in events_of(text, vocab) if e.type in ("capacity_expansion", "plant_opening", "policy")]
    assert found == []


@pytest.mark.parametrize("text", [
    "Lynas Rare Earths opened its new magnet plant in Texas.",
    "The magnet factory built by Lynas Rare Earths opened on Friday in Texas.",
])
def test_a_plant_that_opens_is_an_opening(vocab, text: str) -> None:
    assert [e.type for e in events_of(text, vocab)] == ["plant_opening"]


@pytest.mark.parametrize("text", [
    "Lynas Rare Earths published its annual report. A map of the site is provided in the appendix.",
    "Lynas Rare Earths raised concerns about permits for its plant in Malaysia.",
    "Pensana said the project comprises an open pit, a concentrator and recovery plants.",
    "Lynas Rare Earths named a new chair. He was commissioned into the army in 2004.",
    "Lynas Rare Earths is buying new trucks with the aim of scaling up production at the mine.",
])
def test_moneyless_funding_words_open_pits_careers_and_aims_are_not_events(vocab, text: str) -> None:
    assert events_of(text, vocab) == []


def test_provided_with_money_is_financing(vocab) -> None:
    text = "Lynas Rare Earths said the government provided $50 million for the plant."
    assert [e.type for e in events_of(text, vocab)] == ["financing"]


def test_one_companys_plant_told_in_several_wordings_is_one_expansion(vocab) -> None:
    text = ("Lynas Rare Earths held a ground-breaking ceremony for its magnet plant in Texas. The company said "
            "construction of the new plant would take two years. Analysts welcomed the news. Lynas Rare Earths "
            "is building the factory with local partners, and the new factory will employ 200 people.")
    (ev,) = [e for e in events_of(text, vocab) if e.type == "capacity_expansion"]
    assert len(ev.attributes["quotes"]) == 3


def test_two_plants_of_different_capacity_stay_apart(vocab) -> None:
    text = ("Lynas Rare Earths is building a 5,000 tonne per year plant in Texas. Separately, Lynas Rare Earths "
            "is building a 2,000 tonne per year plant in Malaysia.")
    assert len([e for e in events_of(text, vocab) if e.type == "capacity_expansion"]) == 2


@pytest.mark.parametrize("text", [
    "Lynas Rare Earths said it may invest $100 million in a second plant.",
    "The visit underscores Lynas Rare Earths' push to build a supply chain in Texas.",
])
def test_modal_may_and_a_push_are_no_report(vocab, text: str) -> None:
    assert events_of(text, vocab) == []


def test_incentives_for_an_organization_are_financing_not_policy(vocab) -> None:
    text = "The county board granted $3 million in incentives to Lynas Rare Earths."
    assert [e.type for e in events_of(text, vocab)] == ["financing"]
    text = "The Australian government approved a $1 billion funding scheme for critical minerals projects."
    assert [e.type for e in events_of(text, vocab)] == ["policy"]


def test_a_company_stopping_its_own_exports_is_no_export_control(vocab) -> None:
    assert events_of("Lynas Rare Earths has temporarily halted exports to China.", vocab) == []
    (ev,) = events_of("Officials asked IREL to suspend exports of neodymium to Japan.", vocab)
    assert ev.type == "export_control" and ev.actors == ["irel"]


def test_a_state_measure_naming_only_a_company_after_it_is_the_countrys(vocab) -> None:
    text = ("India wants more magnet plants. Demand is rising fast. Under the incentive package announced "
            "last month, IREL will sell oxide to the winning bidders.")
    (ev,) = [e for e in events_of(text, vocab) if e.type == "policy"]
    assert ev.actors == ["india"]


def test_a_state_measure_with_no_state_of_its_own_is_the_articles_country(vocab) -> None:
    text = ("China produces most of the world's gallium. China also refines germanium. Buyers in the United "
            "States have struggled. The export ban has now been lifted for 90 days.")
    (ev,) = [e for e in events_of(text, vocab) if e.type == "export_control"]
    assert ev.actors == ["china"]


def test_a_state_measure_takes_the_country_its_sentence_names_as_adjective(vocab) -> None:
    text = ("Lynas Rare Earths sells oxide. Chilean shipments of lithium fell 90% in May, showing the impact "
            "of the new export curbs.")
    (ev,) = [e for e in events_of(text, vocab) if e.type == "export_control"]
    assert ev.actors == ["chile"]


@pytest.mark.parametrize("text", [
    "Lynas Rare Earths runs many steps, starting with the mining of ore at Mount Weld.",
    "Brazil is widening its reach by acquiring mining licences across Africa.",
])
def test_starting_with_and_a_country_buying_abroad_are_not_events(vocab, text: str) -> None:
    assert events_of(text, vocab) == []


def test_a_company_acquiring_is_an_acquisition(vocab) -> None:
    (ev,) = events_of("Lynas Rare Earths acquired a stake in a Brazilian project.", vocab)
    assert ev.type == "acquisition" and ev.actors == ["lynas-rare-earths"]


@pytest.mark.parametrize("text, date", [
    ("On March 3, 2025, Lynas Rare Earths reported results showing first-half revenue of A$200 million.", "2025-03-03"),
    ("Lynas Rare Earths reported results showing revenue of A$200 million for the first half of 2025.", None),
    ("Lynas Rare Earths reported results for 2024, with revenue of A$200 million.", None),
])
def test_an_earnings_report_is_dated_by_its_day_not_the_period_it_covers(vocab, text: str, date) -> None:
    (ev,) = [e for e in events_of(text, vocab) if e.type == "earnings"]
    assert ev.date == date


def test_a_yearless_date_takes_no_year_from_earlier_text(vocab) -> None:
    text = ("The company was founded in 2019 and listed its shares in 2021. "
            "On March 9, China imposed export controls on terbium.")
    (ev,) = [e for e in events_of(text, vocab) if e.type == "export_control"]
    assert ev.date == "--03-09"
    (ev,) = [e for e in events_of(text, vocab, published="2025-03-12") if e.type == "export_control"]
    assert ev.date == "2025-03-09"


def test_a_production_start_dated_after_the_article_is_planned(vocab) -> None:
    text = "Lynas Rare Earths began production at its new separation line in March 2027."
    (ev,) = events_of(text, vocab, published="2025-06-01")
    assert ev.type == "capacity_expansion" and ev.date == "2027-03"
    (ev,) = events_of(text, vocab, published="2027-04-02")
    assert ev.type == "plant_opening"
