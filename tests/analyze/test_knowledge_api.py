"""The public Python API: ``from monazite import KnowledgeBase``."""

from __future__ import annotations

import pandas as pd
import pytest

from monazite import KnowledgeBase
from monazite.errors import NotFound
from monazite.model import Entity
from monazite.store.engine import open_store
from monazite.store.entities import upsert_entities
from tests.fixtures.knowledge.builders import add_document, event, fact, seed_entities, write

TEXT_A = "Independent survey data show China held 60% of global rare earth mining in 2024."
TEXT_B = "A rival survey put China's share of global rare earth mining at 69% in 2024."
TEXT_C = ("NRE Hi-Tech announced a joint venture with Lynas to build a 5,000-ton magnet plant, "
          "reporting capacity of 5,000 tons per year.")


@pytest.fixture
def db(store_url: str) -> str:
    engine = open_store(store_url)
    with engine.begin() as conn:
        seed_entities(conn)
        upsert_entities(conn, [Entity("nre-hi-tech", "NRE Hi-Tech", "company", reviewed=False)], origin="extracted")
        for text, source, value in ((TEXT_A, "Metals Weekly", 60), (TEXT_B, "Mining Journal", 69)):
            doc = add_document(conn, text, source=source, published="2025-01-10")
            write(conn, doc, [fact(doc, text, f"{value}%", "china", "market_share", value, "%",
                                   period="2024", stage="mining")])
        doc = add_document(conn, TEXT_C, source="Metals Weekly", published="2025-02-01")
        write(conn, doc, [fact(doc, TEXT_C, "5,000 tons per year", "nre-hi-tech", "capacity", 5000, "t/yr")],
              events=[event(doc, TEXT_C, "joint venture", "joint_venture", ["nre-hi-tech", "lynas-rare-earths"])])
    engine.dispose()
    return store_url


def test_facts_claims_and_events(db: str) -> None:
    with KnowledgeBase(db) as kb:
        facts = kb.facts(entity="PRC", metric="market_share", period="2024")
        assert isinstance(facts, pd.DataFrame) and sorted(facts["value"]) == [60, 69]
        assert {"document_id", "start", "end", "quote", "source_name"} <= set(facts.columns)
        [conflict] = kb.claims(entity="China", status="conflicting")
        assert conflict.key == ("china", "market_share", "2024")
        assert kb.claims(status="corroborated") == []
        events = kb.events(type="joint_venture", entity="Lynas")
        assert len(events) == 1 and "lynas-rare-earths" in events.iloc[0]["actors"]
        with pytest.raises(NotFound):
            kb.claims(status="rumoured")


def test_merge_alias_entity_and_dossier(db: str) -> None:
    with KnowledgeBase(db) as kb:
        assert kb.merge("CNRE", "NRE Hi-Tech") == ("china-northern-rare-earth", "nre-hi-tech")
        assert kb.add_alias("CNRE", "Inner Mongolia Northern RE") == "china-northern-rare-earth"
        entity = kb.entity("inner mongolia northern re")
        assert isinstance(entity, Entity) and entity.id == "china-northern-rare-earth"
        assert "NRE Hi-Tech" in entity.aliases
        [claim] = kb.claims(entity="CNRE", metric="capacity")
        assert claim.subject == "china-northern-rare-earth" and claim.status == "company-only"
        assert "nre-hi-tech" not in set(kb.entities()["id"])
        assert kb.graph().has_edge("china-northern-rare-earth", "lynas-rare-earths", key="joint_venture")
        dossier = kb.dossier("CNRE").to_dict()
        assert dossier["identity"]["merged"] == ["nre-hi-tech"]
        assert dossier["projects"][0]["capacity"] == 5000


def test_refresh_reapplies_corrections(db: str) -> None:
    with KnowledgeBase(db) as kb:
        kb.merge("CNRE", "NRE Hi-Tech")
        with kb.engine.begin() as conn:  # a vocabulary sync that knows nothing of the merge
            upsert_entities(conn, [Entity("nre-hi-tech", "NRE Hi-Tech", "company")], origin="vocab")
        assert kb.refresh(vocab_relations=[("baogang-group", "parent_of", "lynas-rare-earths")]) == 1
        assert kb.entity("NRE Hi-Tech").id == "china-northern-rare-earth"
        assert set(kb.relations()["origin"]) == {"vocab", "extracted"}
