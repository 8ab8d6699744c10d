"""The organizations vocabulary covers the rare-earth supply chain beyond China, with tickers,
parents and media marked, and keeps common words from naming companies."""

from __future__ import annotations

import pytest

from monazite.vocab import load_vocabulary

ORG_KINDS = {"company", "state_body", "agency", "research_institute", "university"}


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary()


@pytest.mark.parametrize("name, entity_id, country", [
    ("Rainbow Rare Earths", "rainbow-rare-earths", "united-kingdom"),
    ("Serra Verde", "serra-verde", "brazil"),
    ("Ionic Rare Earths", "ionic-rare-earths", "australia"),
    ("HyProMag", "hypromag", "united-kingdom"),
    ("JOGMEC", "jogmec", "japan"),
    ("KfW", "kfw", "germany"),
    ("Northern Australia Infrastructure Facility", "northern-australia-infrastructure-facility", "australia"),
    ("Mintek", "mintek", "south-africa"),
    ("Vietnam Rare Earth JSC", "vietnam-rare-earth-jsc", "vietnam"),
    ("KOMIR", "komir", "south-korea"),
    ("NDRC", "ndrc", "china"),
    ("CMOC", "cmoc-group", "china"),
])
def test_field_organizations_resolve_with_country(vocab, name: str, entity_id: str, country: str) -> None:
    entity = vocab.resolve(name)
    assert entity is not None and entity.id == entity_id
    assert entity.kind in ORG_KINDS and entity.country == country


@pytest.mark.parametrize("ticker, entity_id", [
    ("ASX: IXR", "ionic-rare-earths"), ("TSXV: UCU", "ucore-rare-metals"), ("NASDAQ: AREC", "american-resources-corporation"),
    ("ASX: BRE", "brazilian-rare-earths"), ("AIM: MKA", "mkango-resources"), ("NYSE: CC", "the-chemours-company"),
])
def test_tickers_resolve(vocab, ticker: str, entity_id: str) -> None:
    assert vocab.resolve(ticker).id == entity_id


def test_parents_link_subsidiaries(vocab) -> None:
    assert vocab.entities["hypromag"].parent == "maginito"
    assert vocab.entities["maginito"].parent == "mkango-resources"
    assert vocab.entities["german-raw-materials-fund"].parent == "kfw"
    assert vocab.entities["reelement-technologies"].parent == "american-resources-corporation"
    assert vocab.entities["irel"].parent == "india-department-of-atomic-energy"


def test_news_agencies_and_price_reporters_are_media(vocab) -> None:
    for name in ("Reuters", "Bloomberg", "Nikkei Asia", "Global Times", "Xinhua", "Argus", "Project Blue",
                 "Fastmarkets", "Benchmark Mineral Intelligence", "Shanghai Metals Market", "Adamas Intelligence"):
        entity = vocab.resolve(name)
        assert entity is not None and entity.kind == "company" and entity.attributes.get("media"), name


def test_deposits_and_common_phrases_name_no_organization(vocab) -> None:
    for phrase in ("Tanbreez", "Tanbreez project", "Mineral Resources", "Ministry of Mines"):
        entity = vocab.resolve(phrase)
        assert entity is None or entity.kind not in ORG_KINDS, phrase
