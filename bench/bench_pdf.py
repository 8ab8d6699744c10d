"""PDF reading: which library, how fast, and the time for a 300-page report.

The corpus is generated here with reportlab (``tests/ingest/pdf_factory.py``), so the true
text of every page is known:

- reading order: two-column pages whose lines are drawn row by row across both columns (as
  many producers write them), each sentence numbered; a reader scores the share of
  sentences it returns intact and the share of consecutive sentences it returns in order;
- speed: one-column text pages with a ruled table every tenth page, read by pypdf,
  pdfminer.six, pdfplumber and PDFium (pypdfium2) as plain text, and by monazite's reader
  (PDFium glyphs, our column order, pdfplumber tables), in pages per second;
- a 300-page report (``--quick``: 60 pages), timed twice: read alone (``read_pdf``: the
  text, pages and tables) and ingested whole (``run_ingest``: read, extraction of entities,
  facts and table cells, store in a fresh SQLite file, semantic index), after a warm-up
  ingest that loads the vocabulary and models. Wall and CPU seconds are both given, with
  the machine's load: on a shared machine CPU seconds are the figure to compare.

    python bench/bench_pdf.py [--quick]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from results import record  # noqa: E402
from tests.ingest.pdf_factory import PdfMaker, long_report_pdf  # noqa: E402

from monazite.ingest.pdf import read_pdf  # noqa: E402
from monazite.ingest.sources import RawInput  # noqa: E402
from monazite.settings import Settings  # noqa: E402

SOURCE = "bench_pdf.py"
ORDER_PAGES, QUICK_ORDER_PAGES = 12, 4
SPEED_PAGES, QUICK_SPEED_PAGES = 60, 20
REPORT_PAGES, QUICK_REPORT_PAGES = 300, 60
PLACES = ["Malaysia", "Estonia", "Texas", "Jiangxi", "Vietnam", "Western Australia", "Inner Mongolia"]


def two_column_corpus(pages: int) -> tuple[bytes, list[list[str]]]:
    """Two-column pages of numbered sentences, and each page's sentences in reading order."""
    maker = PdfMaker()
    expected: list[list[str]] = []
    for n in range(1, pages + 1):
        maker.new_page().heading(f"Review part {n}")
        columns: list[list[str]] = []
        sentences: list[str] = [f"Review part {n}"]
        for column in range(2):
            paragraphs = []
            for p in range(3):
                said = [f"Sentence {n}.{column}.{p}.{k} says the plant in {PLACES[(n + p + k) % len(PLACES)]} "
                        f"made {100 + 7 * n + k} tonnes of oxide." for k in range(3)]
                sentences.extend(said)
                paragraphs.append(" ".join(said))
            columns.append(paragraphs)
        maker.columns(columns[0], columns[1], size=9)
        expected.append(sentences)
    return maker.bytes(), expected


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("-\n", "")).strip()


def order_score(text: str, sentences: list[str]) -> tuple[float, float]:
    """(share of sentences found intact, share of consecutive pairs found in order)."""
    flat = _flat(text)
    where = [flat.find(s) for s in sentences]
    intact = sum(1 for w in where if w >= 0) / len(sentences)
    pairs = [(a, b) for a, b in zip(where, where[1:]) if a >= 0 and b >= 0]
    in_order = sum(1 for a, b in pairs if a < b) / max(len(sentences) - 1, 1)
    return intact, in_order


def per_page_pypdf(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def per_page_pdfminer(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data)).split("\f")


def per_page_pdfplumber(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def per_page_pdfium(data: bytes) -> list[str]:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in document]
    finally:
        document.close()


def per_page_monazite(data: bytes) -> list[str]:
    reading = read_pdf(RawInput("bench.pdf", data, "pdf"), Settings(ocr=False))
    return [reading.text[p.start:p.end] for p in reading.pages]


READERS: dict[str, Callable[[bytes], list[str]]] = {
    "pypdf": per_page_pypdf, "pdfminer.six": per_page_pdfminer, "pdfplumber": per_page_pdfplumber,
    "pypdfium2": per_page_pdfium, "monazite": per_page_monazite,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smaller corpus and a 60-page report")
    args = parser.parse_args()
    order_pages = QUICK_ORDER_PAGES if args.quick else ORDER_PAGES
    speed_pages = QUICK_SPEED_PAGES if args.quick else SPEED_PAGES
    report_pages = QUICK_REPORT_PAGES if args.quick else REPORT_PAGES
    mode = f"{SOURCE}{' --quick' if args.quick else ''}"

    columns, expected = two_column_corpus(order_pages)
    with tempfile.TemporaryDirectory() as tmp:
        speed = long_report_pdf(Path(tmp) / "speed.pdf", speed_pages).read_bytes()
        report = long_report_pdf(Path(tmp) / "report.pdf", report_pages).read_bytes()

    print(f"Reading order: {order_pages} two-column pages drawn row by row; "
          f"speed: {speed_pages} one-column pages with a ruled table every 10th")
    print(f"{'reader':<14}{'intact':>9}{'in order':>10}{'pages/s':>10}")
    for name, reader in READERS.items():
        texts = reader(columns)
        scores = [order_score(texts[i] if i < len(texts) else "", sentences) for i, sentences in enumerate(expected)]
        intact = sum(s[0] for s in scores) / len(scores)
        in_order = sum(s[1] for s in scores) / len(scores)
        started = time.perf_counter()
        reader(speed)
        rate = speed_pages / (time.perf_counter() - started)
        print(f"{name:<14}{intact:>8.0%}{in_order:>10.0%}{rate:>10.1f}")
        key = name.replace(".", "").replace("-", "")
        record(f"pdf_order_intact_{key}", round(intact, 3), source=mode)
        record(f"pdf_order_in_order_{key}", round(in_order, 3), source=mode)
        record(f"pdf_pages_per_s_{key}", round(rate, 1), source=mode)

    started, cpu_started = time.perf_counter(), time.process_time()
    reading = read_pdf(RawInput("report.pdf", report, "pdf"), Settings(ocr=False))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    assert len(reading.pages) == report_pages and len(reading.tables) == report_pages // 10
    print(f"\n{report_pages}-page report ({len(report) / 1e6:.1f} MB, {len(reading.tables)} tables, "
          f"{len(reading.text) / 1e6:.2f} M characters); {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(f"  read only (read_pdf: text, pages, tables):          {elapsed:7.1f} s wall {cpu:7.1f} s CPU  "
          f"{report_pages / elapsed:6.1f} pages/s")
    record("pdf_pages_per_s", round(report_pages / elapsed, 1), source=mode)
    record(f"pdf_report_{report_pages}_pages_s", round(elapsed, 2), source=mode)
    record(f"pdf_report_{report_pages}_pages_cpu_s", round(cpu, 2), source=mode)
    wall, cpu, facts = ingest_report(report)
    print(f"  full ingest (read, extract, store, semantic index): {wall:7.1f} s wall {cpu:7.1f} s CPU  "
          f"{report_pages / wall:6.1f} pages/s  ({facts} facts)")
    record(f"pdf_report_{report_pages}_pages_ingest_s", round(wall, 2), source=mode)
    record(f"pdf_report_{report_pages}_pages_ingest_cpu_s", round(cpu, 2), source=mode)


def ingest_report(report: bytes) -> tuple[float, float, int]:
    """Wall and CPU seconds of ``run_ingest`` over the report (a fresh store, warmed up on a
    two-page report first), and the facts it stored from the report."""
    import sqlalchemy as sa

    from monazite.pipeline import run_ingest
    from monazite.store import schema
    from monazite.store.engine import open_store

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = Settings(db=f"sqlite:///{root / 'bench.sqlite'}", ocr=False)
        warm = long_report_pdf(root / "warm.pdf", 2, table_every=1)
        run_ingest([str(warm)], settings, progress=False)
        engine = open_store(settings.db)
        count = sa.select(sa.func.count()).select_from(schema.facts)
        with engine.connect() as conn:
            before = conn.execute(count).scalar() or 0
        path = root / "report.pdf"
        path.write_bytes(report)
        started, cpu_started = time.perf_counter(), time.process_time()
        result = run_ingest([str(path)], settings, progress=False)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        assert result.counts["new"] == 1, result.to_dict()
        with engine.connect() as conn:
            facts = (conn.execute(count).scalar() or 0) - before
        engine.dispose()
    return wall, cpu, int(facts)


if __name__ == "__main__":
    main()
