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


def test_fixture_article(fixtures_dir, vocab) -> None:
    text = (fixtures_dir / "facts" / "mp_materials_pentagon.txt").read_text(encoding="utf-8")
    types = {e.type for e in events_of(text, vocab)}
    assert "partnership" in types
    assert "export_control" not in types
