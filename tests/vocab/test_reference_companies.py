"""The organizations of the shared reference data resolve, with the same country and ticker."""

from __future__ import annotations

import csv
from pathlib import Path

from monazite.vocab import load_vocabulary


def test_reference_companies_resolve_with_country_and_ticker(shared_dir: Path) -> None:
    vocab = load_vocabulary()
    with (shared_dir / "reference" / "company_facts.csv").open(encoding="utf-8") as fh:
        rows = {r["company"]: r for r in csv.DictReader(fh)}
    assert len(rows) >= 10
    for name, row in rows.items():
        entity = vocab.resolve(name)
        assert entity is not None, name
        assert vocab.entities[entity.country].name == row["country"], name
        ticker = row["ticker"].split(" ")[0]
        if "subsidiary" in row["ticker"]:
            assert vocab.resolve(ticker).parent == entity.id, (name, ticker)
            continue
        forms = {t.replace(" ", "") for t in entity.tickers}
        assert any(ticker in f for f in forms) or vocab.resolve(ticker) == entity, (name, ticker)
