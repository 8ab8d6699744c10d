"""Issue 2's acceptance list, on the seed articles in ../shared (read in place, never copied
into the project)."""

from __future__ import annotations

import shutil

import sqlalchemy as sa

from monazite.pipeline import run_ingest
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.engine import open_store


def _stored(url: str) -> dict[str, dict]:
    engine = open_store(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.documents.c.id, t.documents.c.origin, t.documents.c.text,
                                      t.documents.c.published, t.documents.c.duplicate_of)).all()
    engine.dispose()
    return {r.origin.rsplit("/", 1)[-1]: r._asdict() for r in rows}


def test_seeds_stored_repaired_and_dated(store_url, seeds_dir, expectations) -> None:
    settings = Settings(db=store_url, semantic_search=False)
    report = run_ingest([str(seeds_dir)], settings, extract=False, progress=False)
    assert report.counts == {"new": 5, "duplicate": 0, "near_duplicate": 0, "failed": 0}
    docs = _stored(store_url)
    assert len(docs) == 5
    rules = expectations["text_repair"]
    for name in rules["docs"]:
        text = docs[name]["text"]
        for bad in rules["must_not_contain_after_ingest"]:
            assert bad not in text, (name, bad)
        for good in rules["must_contain_after_ingest"].get(name, []):
            assert good in text or good.replace("\u2019", "'") in text, (name, good)
    for name, doc in docs.items():
        assert doc["published"] == ("2025-04-18" if name.startswith("003_") else None), name

    again = run_ingest([str(seeds_dir)], settings, extract=False, progress=False)
    assert again.counts == {"new": 0, "duplicate": 5, "near_duplicate": 0, "failed": 0}
    assert len(_stored(store_url)) == 5


def test_published_option_dates_undated_seed(sqlite_url, seeds_dir) -> None:
    run_ingest([str(seeds_dir / "002_62f7bfaccd25a840.txt")], Settings(db=sqlite_url, semantic_search=False),
               published="2025-03-05", extract=False, progress=False)
    (doc,) = _stored(sqlite_url).values()
    assert doc["published"] == "2025-03-05"


def test_resyndicated_seed_is_near_duplicate(store_url, seeds_dir, tmp_path) -> None:
    settings = Settings(db=store_url, semantic_search=False)
    run_ingest([str(seeds_dir)], settings, extract=False, progress=False)
    ids = {name: None for name in _stored(store_url)}
    copies = tmp_path / "copies"
    copies.mkdir()
    for seed in sorted(seeds_dir.iterdir()):
        text = seed.read_text(encoding="utf-8")
        words = text.split(" ")
        words[len(words) // 3] = "notably"
        words[2 * len(words) // 3] = "reportedly"
        copy = ("Republished from Rare Earth Exchanges with the permission of its editors.\nMarket Wire | Metals\n"
                + " ".join(words) + "\n\nAbout us: Market Wire covers metals and mining.\n© 2025 Market Wire")
        (copies / f"copy_{seed.name}").write_text(copy, encoding="utf-8")
    report = run_ingest([str(copies)], settings, extract=False, progress=False)
    assert report.counts == {"new": 0, "duplicate": 0, "near_duplicate": 5, "failed": 0}, report.outcomes
    docs = _stored(store_url)
    for name in ids:
        assert docs[f"copy_{name}"]["duplicate_of"] == docs[name]["id"]


def test_bad_inputs_alongside_seeds(sqlite_url, seeds_dir, fixtures_dir, tmp_path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    for seed in seeds_dir.iterdir():
        (batch / seed.name).symlink_to(seed)
    (batch / "empty.txt").write_bytes(b"")
    (batch / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(64))
    shutil.copy(fixtures_dir / "ingest" / "external_entity.rss", batch / "xxe.rss")
    report = run_ingest([str(batch)], Settings(db=sqlite_url, semantic_search=False), extract=False,
                        progress=False)
    assert report.counts["new"] == 5 and report.counts["failed"] == 3
