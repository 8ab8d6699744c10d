"""Damaged Office files: a valid zip whose parts are garbled (bytes flipped, cut, markup
spliced in, a part missing) is read or refused with ``UnsupportedInput``, never a crash
that would stop the batch."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable

import pytest

from monazite.errors import UnsupportedInput
from monazite.ingest.docx import read_docx
from monazite.ingest.reading import Reading
from monazite.ingest.sources import RawInput
from monazite.ingest.spreadsheet import read_xlsx
from monazite.settings import Settings
from tests.ingest.office_factory import report_docx, report_xlsx

MUTANTS = 80  # damaged copies of each file
SPLICES = (b"<", b">", b'"', b"&", b"</w:tc>", b"<w:tc>", b"<v>x</v>", b'<w:gridSpan w:val="40"/>', b"<w:vMerge/>",
           b'<mergeCell ref="A1:ZZ9"/>', b'<c r="A1" t="s"><v>999</v></c>')


def damaged(data: bytes, rng: random.Random) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    victim = rng.choice(names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            part = bytearray(source.read(name))
            if name == victim and part:
                for _ in range(rng.randint(1, 5)):
                    at, roll = rng.randrange(len(part)), rng.random()
                    if roll < 0.4:
                        part[at] = rng.randrange(256)
                    elif roll < 0.7:
                        del part[at:at + rng.randint(1, 50)]
                    else:
                        part[at:at] = rng.choice(SPLICES)
            if rng.random() > 0.03:  # now and then a part goes missing
                target.writestr(name, bytes(part))
    return out.getvalue()


@pytest.mark.parametrize(("kind", "reader", "make"), [("docx", read_docx, report_docx), ("xlsx", read_xlsx, report_xlsx)])
def test_damaged_parts_read_or_refused(kind: str, reader: Callable[[RawInput, Settings], Reading],
                                       make: Callable[[], bytes]) -> None:
    rng = random.Random(14)
    original = make()
    outcomes = {"read": 0, "refused": 0}
    for _ in range(MUTANTS):
        try:
            reading = reader(RawInput(f"damaged.{kind}", damaged(original, rng), kind), Settings())
        except UnsupportedInput as exc:
            assert exc.reason.startswith((f"broken {kind}", f"empty {kind}"))
            outcomes["refused"] += 1
            continue
        outcomes["read"] += 1
        for table in reading.tables:
            assert all(reading.text[c.start:c.end] == c.text for c in table.cells)
    assert outcomes["read"] and outcomes["refused"]
