"""The real-article dev set: annotation files stay valid, the split stays fixed, and the
scorer matches one-to-one, normalises units and accepts a subject by any of its names.

The dev-set texts are third-party and never in git; the checks that need them run only
where they are present (a developer's machine after fetching them), the shape checks
always.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monazite.extract import extract_document
from monazite.extract.devset import (
    DevsetScore,
    annotation_problems,
    devset_part,
    normalise_amount,
    score_article,
)
from monazite.vocab import load_vocabulary

from .helpers_extract import make_doc

ROOT = Path(__file__).resolve().parents[2]
ANNOTATIONS = ROOT / "devset" / "annotations"
TEXTS = ROOT / "devset" / "texts"
MANIFEST = ROOT.parent / "shared" / "devset" / "manifest.json"


def _annotations() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(ANNOTATIONS.glob("*.json"))]


def test_at_least_100_articles_are_annotated_and_every_file_is_well_formed() -> None:
    annotations = _annotations()
    assert len(annotations) >= 100
    for a in annotations:
        text_path = TEXTS / f"{a['id']}.txt"
        text = text_path.read_text(encoding="utf-8") if text_path.is_file() else None
        assert annotation_problems(a, text) == [], a["id"]


def test_every_annotation_was_checked_by_a_second_reader() -> None:
    for a in _annotations():
        assert a.get("annotator") and a.get("reviewer") and a["reviewer"] != a["annotator"], a["id"]


def test_annotations_name_articles_of_the_manifest(shared_dir) -> None:
    manifest = {d["id"]: d["url"] for d in json.loads((shared_dir / "devset" / "manifest.json").read_text())}
    for a in _annotations():
        assert manifest.get(a["id"]) == a["url"]


def test_the_split_is_fixed_by_the_url_and_near_seventy_percent(shared_dir) -> None:
    urls = [d["url"] for d in json.loads((shared_dir / "devset" / "manifest.json").read_text())]
    parts = [devset_part(u) for u in urls]
    assert parts == [devset_part(u) for u in urls]
    assert 0.55 < parts.count("tuning") / len(parts) < 0.8


@pytest.mark.parametrize("value,unit,expected", [
    (1.65, "AUD billion", (1.65e9, "AUD")),
    (7280, "INR crore", (7.28e10, "INR")),
    (26037, "kg", (26.037, "t")),
    (60, "USD/kg", (60, "USD/kg")),
    (12.5, "%", (12.5, "%")),
])
def test_annotated_amounts_are_normalised_to_monazite_units(value, unit, expected) -> None:
    got = normalise_amount(value, unit)
    assert got[1] == expected[1] and got[0] == pytest.approx(expected[0])


def _score(text: str, annotation: dict) -> DevsetScore:
    vocab = load_vocabulary()
    score = DevsetScore()
    score_article(annotation, extract_document(make_doc(text, "2025-03-01"), vocab), vocab, score)
    return score


def test_a_fact_matches_by_value_unit_quote_and_any_name_of_its_subject() -> None:
    text = "Lynas produced 10,500 tonnes of NdPr oxide in 2024, the miner said."
    base = {"id": "t1", "url": "u", "organizations": [{"canonical": "Lynas Rare Earths", "mentions": ["Lynas"]}],
            "events": []}
    right = dict(base, facts=[{"subject": "Lynas Rare Earths", "metric": "production", "value": 10500,
                               "unit": "t/yr", "quote_contains": "10,500 tonnes of NdPr"}])
    score = _score(text, right)
    assert (score.facts_subject.tp_gold, score.facts_subject.n_gold) == (0, 1)  # a flow is not a rate
    right["facts"][0].update(value=10.5, unit="kt")
    score = _score(text, right)
    assert (score.facts_subject.tp_gold, score.facts_subject.tp_pred) == (1, 1)
    wrong = dict(base, facts=[dict(right["facts"][0], subject="China")])
    score = _score(text, wrong)
    assert score.facts.tp_gold == 1 and score.facts_subject.tp_gold == 0


def test_matching_is_one_to_one() -> None:
    text = "Lynas produced 10,500 tonnes of NdPr oxide in 2024, the miner said."
    fact = {"subject": "Lynas Rare Earths", "metric": "production", "value": 10500, "unit": "t",
            "quote_contains": "10,500 tonnes"}
    annotation = {"id": "t2", "url": "u", "organizations": [], "events": [], "facts": [fact, dict(fact)]}
    score = _score(text, annotation)
    assert (score.facts.tp_gold, score.facts.n_gold) == (1, 2)


def test_organizations_are_scored_by_any_surface_form() -> None:
    text = "China's Ministry of Commerce (MOFCOM) said on Friday that Lynas would get no licence."
    annotation = {"id": "t3", "url": "u", "facts": [], "events": [],
                  "organizations": [{"canonical": "Ministry of Commerce of China", "mentions": ["MOFCOM"]},
                                    {"canonical": "Lynas Rare Earths", "mentions": ["Lynas"]},
                                    {"canonical": "Acme Holdings", "mentions": ["Acme"]}]}
    score = _score(text, annotation)
    assert (score.organizations.tp_gold, score.organizations.n_gold) == (2, 3)
    assert score.organizations.tp_pred == score.organizations.n_pred == 2


def test_annotation_problems_name_what_is_wrong() -> None:
    bad = {"id": "x", "url": "u", "organizations": [{"canonical": ""}], "events": [{"type": "rumour"}],
           "facts": [{"subject": "Lynas", "metric": "production", "value": "ten", "unit": "t",
                      "quote_contains": "not in the text"}]}
    problems = annotation_problems(bad, "Lynas produced ten tonnes.")
    assert "fact 0: value is not a number" in problems
    assert "fact 0: quote not in the text" in problems
    assert "event 0: unknown type 'rumour'" in problems
    assert "organization 0: no canonical name" in problems


def test_event_dates_agree_as_far_as_both_go() -> None:
    from monazite.extract.devset import event_matches, Names
    from monazite.model import Event

    vocab = load_vocabulary()
    names = Names(vocab, {"organizations": []}, vocab.entities, {})
    gold = {"type": "financing", "actors": ["Lynas Rare Earths"], "date": "2023-03-09",
            "quote_contains": "secured a loan"}

    def event(date: str | None) -> Event:
        return Event(document_id="d", type="financing", start=0, end=5, sentence_start=0, sentence_end=30,
                     quote="Lynas secured a loan in March.", extractor="t", actors=["lynas-rare-earths"], date=date)

    assert event_matches(event("2023-03"), gold, names) and event_matches(event(None), gold, names)
    assert event_matches(event("--03-09"), gold, names)  # year-less, month and day agree
    assert not event_matches(event("--04-09"), gold, names)
    assert not event_matches(event("2024-03"), gold, names)
