"""Record serialisation: ``to_dict`` is every field plus the content id, and a copy."""

from __future__ import annotations

from dataclasses import asdict

from monazite.model import Event, Fact


def test_fact_to_dict_is_every_field_and_the_id():
    fact = Fact("doc1", "lynas", "production", 10500.0, "t", "10,500 tonnes", 10, 23, 0, 60, "quote", "rules",
                period="2024", material="ndpr", page=3, cell="1:2:3")
    d = fact.to_dict()
    assert d == {**asdict(fact), "id": fact.id}


def test_event_to_dict_copies_its_lists_and_attributes():
    event = Event("doc1", "export_control", 5, 12, 0, 40, "quote", "rules", actors=["china"],
                  materials=["terbium"], attributes={"status": "announced", "spans": [[0, 4]]})
    d = event.to_dict()
    assert d == {**asdict(event), "id": event.id}
    d["actors"].append("usa")
    d["attributes"]["spans"].append([5, 6])
    assert event.actors == ["china"] and event.attributes["spans"] == [[0, 4]]
