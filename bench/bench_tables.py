"""Table figures per second: ``extract_document`` on a disclosure whose text is mostly one
production table (products down, years across, a change column), as a spreadsheet or a long
report gives it, at 200, 2,000 and 10,000 rows. Each row label is new (a site, a grade), so
no reading of a label is shared between rows: the worst case for the label caches.

Prints rows, figures found, seconds and figures per second; records
``table_cells_per_s_2000`` (cells of the 2,000-row table read per second).
``--quick`` stops at 2,000 rows.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from results import record  # noqa: E402

from monazite.extract import extract_document  # noqa: E402
from monazite.ingest.tables import render_table, shift_table  # noqa: E402
from monazite.model import Disclosure, Document, document_id, sha256_hex  # noqa: E402
from monazite.vocab import load_vocabulary  # noqa: E402

ROWS = [200, 2_000, 10_000]
HEADER = ["Product", "2021", "2022", "2023", "2024", "Change"]
PRODUCTS = ["NdPr oxide (t)", "Dysprosium oxide (kg)", "Terbium oxide (kg)", "Lanthanum carbonate (t)",
            "Cerium carbonate (t)"]
INTRO = "Lynas Rare Earths Limited (ASX: LYC)\nAnnual Report 2024\nProduction by product is set out below.\n"


def report(rows: int) -> Document:
    """A disclosure holding one production table of ``rows`` body rows."""
    body = [[f"{PRODUCTS[i % len(PRODUCTS)]} grade {i}", *(f"{1000 + 100 * k + i:,}" for k in range(4)), "5%"]
            for i in range(rows)]
    text, table = render_table([HEADER, *body], index=1, kind="xlsx", caption="Production by product")
    full = INTRO + text + "\n"
    return Document(id=document_id(full), origin="bench", text=full, raw_sha256=sha256_hex(full),
                    tables=[shift_table(table, len(INTRO))],
                    disclosure=Disclosure("Lynas Rare Earths Limited", "ASX", "LYC", "annual_report"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tables up to 2,000 rows only")
    args = parser.parse_args(argv)
    vocab = load_vocabulary()
    extract_document(report(5), vocab)  # warm: vocabulary indexes, compiled lexicons
    print(f"{'rows':>7} {'cells':>7} {'figures':>8} {'seconds':>8} {'cells/s':>9}")
    for rows in [r for r in ROWS if not args.quick or r <= 2_000]:
        doc = report(rows)
        cells = rows * (len(HEADER) - 1)
        started = time.process_time()
        facts = [f for f in extract_document(doc, vocab).facts if f.cell]
        seconds = time.process_time() - started
        print(f"{rows:>7} {cells:>7} {len(facts):>8} {seconds:>8.2f} {cells / seconds:>9.0f}")
        if rows == 2_000:
            record("table_cells_per_s_2000", round(cells / seconds, 1), source="bench_tables.py")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
