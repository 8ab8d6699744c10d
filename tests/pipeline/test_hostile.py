"""A batch of hostile and broken inputs (tests/fixtures/hostile plus large ones generated
here): each is refused with a clear message or handled, the good article beside them goes
in, and the store stays sound."""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from monazite.pipeline import run_ingest
from monazite.settings import Settings
from monazite.store import schema as t
from monazite.store.engine import open_store
from monazite.store.integrity import check_store

GOOD = ("Good note\n\nKestrel Minerals said on Monday it produced 3,500 tonnes of NdPr oxide in 2024 at its "
        "separation plant in Western Australia, up 12% from a year earlier.\n")


def _generated(folder: Path) -> None:
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "random.bin").write_bytes(bytes(range(256)) * 64)
    with open(folder / "huge.txt", "wb") as f:  # 100 MB: over max_file_bytes (20 MB)
        f.truncate(100 * 1024 * 1024)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bomb.txt", b"\x00" * (50 * 1024 * 1024))  # a zip bomb: 50 MB of zeros in ~50 KB
    (folder / "bomb.zip").write_bytes(buf.getvalue())
    (folder / "article.txt.gz").write_bytes(gzip.compress(GOOD.encode()))
    (folder / "nested.html").write_text("<html><body>" + "<div>" * 200_000 + "Kestrel" + "</div>" * 200_000
                                        + "</body></html>", encoding="utf-8")
    sentence = "Kestrel Minerals produced 1,500 tonnes of NdPr oxide in 2024 while prices rose 5%. "
    (folder / "one_line.txt").write_text("One line\n\n" + sentence * 40_000, encoding="utf-8")  # ~3.4 MB
    (folder / "spaces.txt").write_text("Spaces\n\nKestrel Minerals said" + " " * 2_000_000 + "it produced 10 tonnes of oxide.",
                                       encoding="utf-8")


@pytest.mark.slow
def test_a_hostile_batch_is_refused_or_handled_and_the_rest_goes_in(tmp_path: Path, fixtures_dir: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    for path in (fixtures_dir / "hostile").iterdir():
        if path.name != "README.md":
            (folder / path.name).write_bytes(path.read_bytes())
    _generated(folder)
    db = str(tmp_path / "kb.db")
    report = run_ingest([str(folder)], Settings(db=db, semantic_search=False), progress=False)
    by_name = {o.origin.rsplit("/", 1)[-1]: o for o in report.outcomes}

    assert by_name["good.txt"].status == "new" and by_name["good.txt"].facts >= 1
    for name, words in (("huge.txt", "oversized"), ("random.bin", "binary"), ("bomb.zip", "binary"),
                        ("article.txt.gz", "binary"), ("nul_bytes.txt", "nul bytes"), ("billion_laughs.rss", "entit"),
                        ("external_entity.xml", "entit")):
        outcome = by_name[name]
        assert outcome.status == "failed" and words in outcome.reason.lower(), (name, outcome.reason)
    for name in ("scripts_and_handlers.html", "mixed_encodings.txt", "invalid_utf8.txt",
                 "huge_numbers.txt", "one_line.txt", "spaces.txt"):
        assert by_name[name].status == "new", (name, by_name[name].reason)
    assert by_name["nested.html"].status in ("new", "failed") and (
        by_name["nested.html"].status == "new" or by_name["nested.html"].reason)

    engine = open_store(db)
    try:
        assert check_store(engine) == []
        with engine.connect() as conn:
            texts = dict(conn.execute(sa.select(t.documents.c.origin, t.documents.c.text)).all())
            values = conn.execute(sa.select(t.facts.c.value)).scalars().all()
    finally:
        engine.dispose()
    html = next(text for origin, text in texts.items() if origin.endswith("scripts_and_handlers.html"))
    assert "began production" in html and "document.cookie" not in html and "alert(" not in html
    assert all(v == v and abs(v) != float("inf") for v in values)  # 1e309 never became infinity

    again = run_ingest([str(folder)], Settings(db=db, semantic_search=False), progress=False)
    assert again.counts.get("new", 0) == 0  # re-running the batch changes nothing
