"""The subject ranker: candidates around a figure, their features, and when the learned
choice overrides the rules' one."""

from __future__ import annotations

from monazite.extract import extract_document
from monazite.extract.facts import SUBJECT_CANDIDATES_SUFFIX
from monazite.extract.subjects import MODEL_PATH, SubjectRanker, load_ranker
from monazite.vocab import load_vocabulary

from .helpers_extract import make_doc


def test_every_entity_of_the_sentence_is_a_candidate_with_where_it_stands() -> None:
    vocab = load_vocabulary()
    text = "Lynas Rare Earths said China produced 270,000 tonnes of rare earths in 2024."
    explain: dict = {}
    ex = extract_document(make_doc(text, "2025-03-01"), vocab, explain=explain)
    (fact,) = [f for f in ex.facts if f.value == 270000]
    candidates = explain[fact.id + SUBJECT_CANDIDATES_SUFFIX]
    assert {"china", "lynas-rare-earths"} <= set(candidates)
    assert candidates["china"]["before"] == 1.0 and "rule" in candidates["china"]
    assert candidates["lynas-rare-earths"].get("sentence_start") == 1.0
    assert "rule" not in candidates["lynas-rare-earths"]


def test_the_learned_choice_overrides_the_rules_only_by_the_margin() -> None:
    ranker = SubjectRanker(weights={"possessive": 3.0, "rule": 0.5}, bias=-1.0, margin=0.3, meta={})
    candidates = [("acme", {"rule": 1.0}), ("china", {"possessive": 1.0})]
    assert ranker.choose(candidates, "acme") == "china"  # 0.88 against 0.38
    assert SubjectRanker(ranker.weights, ranker.bias, 0.6, {}).choose(candidates, "acme") == "acme"
    assert ranker.choose([], "acme") == "acme"
    assert ranker.choose(candidates, "world") == "world"  # a holder the candidates cannot describe stands
    assert ranker.choose(candidates, None) == "china"  # no rule pick: the best candidate when likely (0.88)


def test_the_shipped_ranker_records_its_cross_validation() -> None:
    ranker = load_ranker(MODEL_PATH)
    assert ranker is not None and 0.0 <= ranker.margin <= 1.1
    cv = ranker.meta["cross_validated_subject_accuracy"]
    assert cv[str(ranker.margin)] >= ranker.meta["rules_alone_accuracy"]


def _subjects(text: str) -> list[tuple[str, str]]:
    return [(f.subject, f.metric) for f in extract_document(make_doc(text), load_vocabulary()).facts]


def test_a_place_modifying_a_firms_noun_is_no_holder() -> None:
    # a country between a firm's possessive and the noun it qualifies: the firm holds the figure
    text = "The new line will take Lynas's total U.S. magnet capacity to 5,000 tonnes per year."
    assert _subjects(text) == [("lynas-rare-earths", "capacity")]


def test_a_country_qualifying_an_unknown_firm_is_no_holder() -> None:
    # "<country>'s <name the vocabulary lacks>": the country only says where that firm is from
    text = ("Lynas signed an agreement with Korea's Daesan Link to build a plant with a capacity "
            "of 2,000 tonnes per year.")
    assert ("south-korea", "capacity") not in _subjects(text)


def test_a_place_inside_a_participles_object_is_no_holder() -> None:
    # "the company <verb>-ing <country> <noun> ...": the reference word is the subject
    text = ("MP Materials opened a new office. The company leading U.S. processing of rare earths "
            "has picked Texas for a $50 million plant.")
    assert _subjects(text) == [("mp-materials", "investment")]


def test_a_holderless_figure_meeting_a_nations_needs_is_the_countrys() -> None:
    # no holder in the clause; the sentence speaks of the nation's own demand: the article's country
    opening = "Lynas Rare Earths expands in Malaysia. Malaysia wants more rare earth output. "
    assert _subjects(opening + "Output will rise to 9,000 tonnes to meet domestic demand.") == [("malaysia", "production")]
    assert _subjects(opening + "Output will rise to 9,000 tonnes next year.") == [("lynas-rare-earths", "production")]


def test_money_a_public_agency_hands_out_is_the_recipients() -> None:
    # an agency as the clause's subject, followed by a verb of giving: not the holder of the amount
    opening = "Lynas Rare Earths is building a plant in Texas. "
    for sentence in ("The Regional Renewal Fund is providing support of $12 million to help the construction.",
                     "The Export Finance Agency will provide a loan of $12 million for the plant."):
        assert _subjects(opening + sentence) == [("lynas-rare-earths", "investment")]


def test_a_government_named_by_its_countrys_adjective_is_the_country() -> None:
    # "the <demonym> government" holds a stake: the country, not the article's company
    opening = "Lynas Rare Earths is developing a mine in Kenya. "
    assert _subjects(opening + "The Kenyan government holds a 15% stake in the mine.") == [("kenya", "stake")]
    assert _subjects(opening + "The company holds a 15% stake in the mine.") == [("lynas-rare-earths", "stake")]


def test_money_a_public_agency_hands_to_a_named_firm_is_that_firms() -> None:
    opening = "Lynas Rare Earths is building a plant in Texas. "
    assert _subjects(opening + "The Export Finance Agency will lend $12 million to Iluka Resources.") == [
        ("iluka-resources", "investment")]
