"""The real-article dev set's housekeeping (see devset/README.md).

    python bench/devset.py check   # each annotated article: text present? SHA-256 as in the manifest? annotation valid?
    python bench/devset.py split   # which part (tuning / heldout) each annotated article is in

``check`` exits 1 when an annotation file is invalid or a present text differs from the
manifest; texts that are simply absent are listed, not failed (a clone without them).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from monazite.extract.devset import annotation_problems, devset_part, text_sha256  # noqa: E402

ANNOTATIONS = ROOT / "devset" / "annotations"
TEXTS = Path(os.environ.get("MONAZITE_DEVSET_TEXTS", ROOT / "devset" / "texts"))
MANIFEST = Path(os.environ.get("MONAZITE_SHARED", ROOT.parent / "shared")) / "devset" / "manifest.json"


def _annotations() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(ANNOTATIONS.glob("*.json"))]


def check() -> int:
    manifest = {d["id"]: d for d in json.loads(MANIFEST.read_text(encoding="utf-8"))} if MANIFEST.is_file() else {}
    bad = absent = 0
    for a in _annotations():
        ident = a.get("id") or "(no id)"
        path = TEXTS / f"{ident}.txt"
        text = path.read_text(encoding="utf-8") if a.get("id") and path.is_file() else None
        problems = annotation_problems(a, text)
        entry = manifest.get(ident)
        if manifest and entry is None:
            problems.append("not in the manifest")
        if text is None:
            absent += 1
            print(f"{ident}: text absent ({path})")
        elif entry is not None and text_sha256(path) != entry["sha256"]:
            problems.append("text differs from the manifest's SHA-256")
        if entry is not None and entry["url"] != a.get("url"):
            problems.append("url differs from the manifest")
        for p in problems:
            bad += 1
            print(f"{ident}: {p}")
    print(f"{len(_annotations())} annotated articles; {absent} texts absent; {bad} problems")
    return 1 if bad else 0


def split() -> int:
    for a in _annotations():
        print(f"{a['id']}\t{devset_part(a['url'])}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("check", "split"))
    args = parser.parse_args(argv)
    return check() if args.command == "check" else split()


if __name__ == "__main__":
    sys.exit(main())
