"""The bundled vocabulary loads, covers what the contracts promise, and resolves aliases."""

from __future__ import annotations

import json

from monazite.vocab import Vocabulary, load_vocabulary

CONTRACT_IDS = [
    "china-northern-rare-earth", "baogang-group", "china", "united-states", "dysprosium", "terbium",
    "ndfeb-magnet", "us-department-of-commerce", "us-department-of-defense", "mofcom",
]
ORG_KINDS = ("company", "state_body", "agency", "research_institute", "university")


def test_bundled_vocabulary_covers_the_contract() -> None:
    vocab = load_vocabulary()
    assert isinstance(vocab, Vocabulary)
    for ent_id in CONTRACT_IDS:
        assert ent_id in vocab.entities, ent_id
    assert len(vocab.by_kind("element")) == 17
    assert sum(len(vocab.by_kind(k)) for k in ORG_KINDS) >= 70
    assert len(vocab.by_kind("country")) >= 60
    assert set(vocab.stages) == {"mining", "refining", "metal", "alloy", "magnet", "end_use", "recycling"}
    assert {"ev_motors", "wind_turbines", "defense", "robotics", "aerospace", "electronics",
            "data_centers"} <= set(vocab.sectors)
    assert all(s.triggers for s in vocab.stages.values())


def test_elements_carry_symbol_number_and_group() -> None:
    vocab = load_vocabulary()
    dy = vocab.entities["dysprosium"]
    assert dy.attributes["symbol"] == "Dy" and dy.attributes["atomic_number"] == 66
    assert dy.attributes["group"] == "heavy"
    assert vocab.entities["neodymium"].attributes["group"] == "light"
    assert "dysprosium" in vocab.sectors["ev_motors"].elements


def test_organizations_have_parent_country_and_tickers() -> None:
    vocab = load_vocabulary()
    cnre = vocab.entities["china-northern-rare-earth"]
    assert cnre.parent == "baogang-group" and cnre.country == "china"
    assert "600111.SS" in cnre.tickers
    assert ("baogang-group", "parent_of", "china-northern-rare-earth") in vocab.relations
    assert ("apple", "customer_of", "mp-materials") in vocab.relations
    assert vocab.relation_sources[("apple", "customer_of", "mp-materials")].startswith("https://")
    assert vocab.entities["ndfeb-magnet"].attributes["basis"] == "magnet"


def test_resolve_is_case_and_punctuation_insensitive() -> None:
    vocab = load_vocabulary()
    cases = {
        "CNRE": "china-northern-rare-earth", "SSE: 600111": "china-northern-rare-earth",
        "north rare earth": "china-northern-rare-earth", "U.S.": "united-states", "us": "united-states",
        "the U.S.": "united-states", "USA": "united-states", "Baogang Group's": "baogang-group",
        "Baogang\u2019s": "baogang-group", "Pentagon": "us-department-of-defense",
        "commerce department": "us-department-of-commerce", "Dy": "dysprosium", "EU": "eu", "Eu": "europium",
        "Beijing": "china", "Chinese": "china", "Dy2O3": "dysprosium-oxide", "nothing like this": None,
    }
    for alias, expected in cases.items():
        entity = vocab.resolve(alias)
        if expected is None:
            assert entity is None, alias
        else:
            assert entity is not None and entity.id == expected, alias


def test_metonymy_is_marked_on_the_country() -> None:
    vocab = load_vocabulary()
    assert "Beijing" in vocab.entities["china"].attributes["metonymy"]
    forms = {s.text: s.form for s in vocab.alias_specs if s.entity_id == "united-states"}
    assert forms["Washington"] == "metonymy" and forms["American"] == "demonym"


def test_loading_twice_returns_the_cached_vocabulary() -> None:
    assert load_vocabulary() is load_vocabulary()


def test_dump_is_plain_json() -> None:
    vocab = load_vocabulary()
    data = json.loads(json.dumps(vocab.dump(), ensure_ascii=False, default=str))
    assert len(data["entities"]) == len(vocab.entities)
    assert {"subject": "apple", "predicate": "customer_of", "object": "mp-materials",
            "source": "https://rareearthexchanges.com/?p=14660"} in data["relations"]
