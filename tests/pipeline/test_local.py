"""The local executor end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil

import pytest
import sqlalchemy as sa

from monazite.pipeline import run_ingest
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.engine import open_store


def settings_for(url: str, **kw) -> Settings:
    return Settings(db=url, semantic_search=False, **kw)


def counts(url: str) -> dict[str, int]:
    engine = open_store(url)
    with engine.connect() as conn:
        out = {name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
               for name, table in (("documents", t.documents), ("facts", t.facts), ("events", t.events),
                                   ("mentions", t.mentions), ("bands", t.fingerprint_bands))}
    engine.dispose()
    return out


def test_batch_with_bad_inputs_and_idempotent_rerun(store_url, seeds_dir, fixtures_dir, tmp_path) -> None:
    batch = tmp_path / "batch"
    shutil.copytree(seeds_dir, batch)
    (batch / "empty.txt").write_bytes(b"")
    (batch / "binary.bin").write_bytes(b"\x7fELF" + bytes(100))
    (batch / "undecodable.txt").write_bytes(bytes(range(0x80, 0x100)) * 12)
    (batch / "big.txt").write_bytes(b"a" * 8000)
    shutil.copy(fixtures_dir / "ingest" / "lanthanide_billion_laughs.xml", batch / "bomb.xml")
    shutil.copy(fixtures_dir / "ingest" / "malformed.html", batch / "malformed.html")
    settings = settings_for(store_url, max_file_bytes=7000)
    report = run_ingest([str(batch), str(tmp_path / "nope.txt")], settings, extract=False, progress=False)
    failed = {o.origin.rsplit("/", 1)[1]: o.reason for o in report.failed}
    assert report.counts == {"new": 6, "duplicate": 0, "near_duplicate": 0, "failed": 6}
    assert set(failed) == {"empty.txt", "binary.bin", "undecodable.txt", "big.txt", "bomb.xml", "nope.txt"}
    assert "unsafe XML" in failed["bomb.xml"] and "oversized" in failed["big.txt"]
    before = counts(store_url)
    assert before["documents"] == 6

    again = run_ingest([str(batch)], settings, extract=False, progress=False)
    assert again.counts["new"] == 0 and again.counts["duplicate"] == 6 and again.counts["near_duplicate"] == 0
    assert counts(store_url) == before


@pytest.mark.parametrize("bits", [6, 3])
def test_near_duplicate_linked_not_extracted(store_url, seeds_dir, tmp_path, bits: int) -> None:
    settings = settings_for(store_url, near_duplicate_bits=bits)
    seed = (seeds_dir / "002_62f7bfaccd25a840.txt").read_text(encoding="utf-8")
    copy = ("Originally published by Rare Earth Exchanges; republished with permission.\n"
            + seed.replace("high-profile", "major", 1).replace("seamless", "unified", 1)
            + "\nCopyright 2025 Metals Wire. Subscribe to our newsletter for more.")
    (tmp_path / "copy.txt").write_text(copy, encoding="utf-8")
    first = run_ingest([str(seeds_dir / "002_62f7bfaccd25a840.txt")], settings, extract=False, progress=False)
    second = run_ingest([str(tmp_path / "copy.txt")], settings, extract=False, progress=False)
    assert second.counts["near_duplicate"] == 1
    (outcome,) = second.outcomes
    original_id = first.outcomes[0].document_id
    engine = open_store(store_url)
    with engine.connect() as conn:
        row = conn.execute(sa.select(t.documents.c.duplicate_of, t.documents.c.id)
                           .where(t.documents.c.id == outcome.document_id)).one()
        assert row.duplicate_of == original_id
        facts = conn.execute(sa.select(sa.func.count()).select_from(t.facts)
                             .where(t.facts.c.document_id == outcome.document_id)).scalar()
        assert facts == 0
    third = run_ingest([str(tmp_path / "copy.txt")], settings, extract=False, progress=False)
    assert third.counts["duplicate"] == 1


def test_published_and_source_options(sqlite_url, seeds_dir) -> None:
    settings = settings_for(sqlite_url)
    report = run_ingest([str(seeds_dir / "002_62f7bfaccd25a840.txt")], settings, published="2025-03-05",
                        source="Rare Earth Exchanges", extract=False, progress=False)
    engine = open_store(sqlite_url)
    with engine.connect() as conn:
        row = conn.execute(sa.select(t.documents.c.published, t.documents.c.published_source, t.sources.c.name,
                                     t.sources.c.kind).join(t.sources)).one()
    assert tuple(row) == ("2025-03-05", "cli", "Rare Earth Exchanges", "independent")
    assert report.ok


def test_ingest_log_records_every_outcome(sqlite_url, seeds_dir, tmp_path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    settings = settings_for(sqlite_url)
    report = run_ingest([str(seeds_dir / "000_9424af1b5b02da29.txt"), str(tmp_path / "empty.txt")], settings,
                        extract=False, progress=False)
    engine = open_store(sqlite_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.ingest_log.c.status, t.ingest_log.c.reason)
                            .where(t.ingest_log.c.run_id == report.run_id).order_by(t.ingest_log.c.id)).all()
    assert [r.status for r in rows] == ["new", "failed"]
    assert "empty" in rows[1].reason
