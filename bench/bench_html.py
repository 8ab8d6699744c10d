"""HTML reading compared on the generated page set (``bench/data/html``, written by
``bench/make_html_pages.py``): the hand-written reader monazite used before (``legacy_html.py``),
trafilatura alone with its defaults, and the chosen path (``monazite.ingest.parse_raw``:
encoding repair, trafilatura behind our metadata reader and comment pruning, ftfy on the
extracted text, the plain-text pass).

Text is scored with trafilatura's evaluation metric: each string a page must keep is a true
positive when found (else a false negative), each string it must lose a false positive when
found; precision, recall and F1 over all pages, and milliseconds per page (bytes in, text out).
Publication dates: the old date finder, htmldate alone (URL given, original date) and the
chosen path, as the share of pages dated right, with milliseconds per page for the first two.

    python bench/bench_html.py [--quick] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html
import trafilatura
from htmldate import find_date

from monazite.ingest.boilerplate import clean_text
from monazite.ingest.encoding import decode_bytes
from monazite.ingest.html import declared_charset, extract_html
from monazite.ingest.parse import parse_raw
from monazite.ingest.repair import fix_mojibake, repair_encoding
from monazite.ingest.sources import RawInput
from monazite.model import Document
from monazite.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from legacy_html import legacy_date, legacy_text  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "html"
ROUNDS = 5  # each reader reads each page this many times; the fastest read counts
QUICK_PAGES = 16


def _score(outputs: dict[str, str], pages: dict[str, dict], misses: bool) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for name, page in pages.items():
        text = outputs[name]
        for s in page["must_contain"]:
            tp, fn = (tp + 1, fn) if s in text else (tp, fn + 1)
            if misses and s not in text:
                print(f"    {name}: lost {s[:60]!r}")
        for s in page["must_not_contain"]:
            if s in text:
                fp += 1
                if misses:
                    print(f"    {name}: kept {s[:60]!r}")
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def _timed(read: Callable[[str, bytes, dict], object], pages: dict[str, dict], raw: dict[str, bytes]
           ) -> tuple[dict[str, object], float]:
    """Each page read ``ROUNDS`` times, its fastest read kept (robust to a busy machine)."""
    out, total = {}, 0.0
    for name, page in pages.items():
        best = float("inf")
        for _ in range(ROUNDS):
            started = time.perf_counter()
            out[name] = read(name, raw[name], page)
            best = min(best, time.perf_counter() - started)
        total += best
    return out, 1000 * total / len(pages)


def _chosen(settings: Settings) -> Callable[[str, bytes, dict], Document | None]:
    def read(name: str, data: bytes, page: dict) -> Document | None:
        raw = RawInput(origin=page["url"], data=data, kind="html", url=page["url"])
        return next((d for d in parse_raw(raw, settings) if isinstance(d, Document)), None)
    return read


def _chosen_text(name: str, data: bytes, page: dict) -> str:
    """The chosen path's text stages alone (what ``parse_raw`` runs for a page before it
    builds the document: dates, publisher, language, fingerprint), for the time column."""
    text, _ = decode_bytes(data, name, declared_charset(data))
    text, _ = repair_encoding(text)
    body, _ = fix_mojibake(extract_html(text, name).text)
    return clean_text(body)[0]


def _htmldate(name: str, data: bytes, page: dict) -> str | None:
    text, _ = decode_bytes(data, name, declared_charset(data))
    return find_date(lxml.html.document_fromstring(text), url=page["url"], original_date=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"the first {QUICK_PAGES} pages only")
    parser.add_argument("--show-misses", action="store_true", help="list each string lost or kept wrongly")
    args = parser.parse_args(argv)
    pages = json.loads((DATA / "pages.json").read_text(encoding="utf-8"))
    if args.quick:
        pages = dict(list(pages.items())[:QUICK_PAGES])
    raw = {name: (DATA / name).read_bytes() for name in pages}
    settings = Settings(semantic_search=False, min_text_chars=1)
    print(f"pages: {len(pages)} generated news pages ({sum(map(len, raw.values())) / 1e3:.0f} KB), "
          f"{sum(len(p['must_contain']) for p in pages.values())} strings to keep, "
          f"{sum(len(p['must_not_contain']) for p in pages.values())} to lose")

    legacy, legacy_ms = _timed(lambda n, d, p: legacy_text(d, n)[0], pages, raw)
    alone, alone_ms = _timed(lambda n, d, p: trafilatura.extract(d) or "", pages, raw)
    chosen, whole_ms = _timed(_chosen(settings), pages, raw)
    text_only, chosen_ms = _timed(_chosen_text, pages, raw)
    differ = [n for n, d in chosen.items() if d is None or d.text != text_only[n]]
    print(f"\n{'text':<34}{'precision':>10}{'recall':>8}{'F1':>7}{'ms/page':>9}")
    rows = (("old hand-written reader", legacy, legacy_ms),
            ("trafilatura alone, defaults", alone, alone_ms),
            ("chosen path (parse_raw)", {n: d.text if d else "" for n, d in chosen.items()}, chosen_ms))
    for label, outputs, ms in rows:
        if args.show_misses:
            print(f"  {label}:")
        p, r, f1 = _score(outputs, pages, args.show_misses)
        print(f"{label:<34}{p:>10.3f}{r:>8.3f}{f1:>7.3f}{ms:>9.1f}")
    print(f"  chosen path's time: bytes to cleaned text (decode, cp874 repair, extract_html with metadata and dates, "
          f"ftfy, plain-text pass); the whole document from parse_raw (publisher, language, fingerprint too): "
          f"{whole_ms:.1f} ms/page")
    if differ:
        print(f"  WARNING: the text stages and parse_raw disagree on {len(differ)} pages: {differ[:3]}")

    old_dates, old_ms = _timed(lambda n, d, p: legacy_date(d, legacy[n]), pages, raw)
    hd_dates, hd_ms = _timed(_htmldate, pages, raw)
    chosen_dates = {n: d.published.iso if d and d.published else None for n, d in chosen.items()}
    print(f"\n{'publication dates':<34}{'right':>10}{'found':>8}{'ms/page':>9}   wrong or missing by where the date was")
    for label, found, ms in (("old date finder", old_dates, f"{old_ms:9.1f}"), ("htmldate alone", hd_dates, f"{hd_ms:9.1f}"),
                             ("chosen path", chosen_dates, "        -")):
        right = sum(found[n] == p["published"] for n, p in pages.items())
        misses: dict[str, int] = {}
        for n, p in pages.items():
            if found[n] != p["published"]:
                misses[p["date_in"]] = misses.get(p["date_in"], 0) + 1
        print(f"{label:<34}{right / len(pages):>10.3f}{sum(v is not None for v in found.values()):>8}{ms}   "
              + (", ".join(f"{k} {v}" for k, v in sorted(misses.items())) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
