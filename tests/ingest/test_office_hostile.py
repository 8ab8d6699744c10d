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


def _patched_entry(data: bytes, name: str, *, flag_bits: int | None = None, method: int | None = None) -> bytes:
    """``data`` with the zip entry ``name`` marked encrypted (``flag_bits``) or stored under
    another compression method, in both its local and its central header, as a damaged or
    foreign tool would write it."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        info = package.getinfo(name)
        central = package.start_dir
    encoded = name.encode()
    spots = [info.header_offset + 6]  # local header: flags at 6, method at 8
    at = central
    while (at := out.find(b"PK\x01\x02", at)) != -1:  # central header: flags at 8, method at 10
        if out[at + 46:at + 46 + len(encoded)] == encoded:
            spots.append(at + 8)
        at += 4
    for spot in spots:
        if flag_bits is not None:
            out[spot:spot + 2] = (int.from_bytes(out[spot:spot + 2], "little") | flag_bits).to_bytes(2, "little")
        if method is not None:
            out[spot + 2:spot + 4] = method.to_bytes(2, "little")
    return bytes(out)


@pytest.mark.parametrize(("kind", "reader", "make", "part"),
                         [("docx", read_docx, report_docx, "word/document.xml"),
                          ("xlsx", read_xlsx, report_xlsx, "xl/worksheets/sheet1.xml"),
                          ("xlsx", read_xlsx, report_xlsx, "xl/workbook.xml")])
@pytest.mark.parametrize("damage", [{"flag_bits": 0x1}, {"method": 99}])
def test_an_encrypted_or_unknown_compression_entry_is_refused(kind: str, reader: Callable[[RawInput, Settings], Reading],
                                                              make: Callable[[], bytes], part: str,
                                                              damage: dict[str, int]) -> None:
    data = _patched_entry(make(), part, **damage)
    with pytest.raises(UnsupportedInput) as caught:
        reader(RawInput(f"odd.{kind}", data, kind), Settings())
    assert caught.value.reason.startswith(f"broken {kind}")


@pytest.mark.parametrize("kind", ["docx", "xlsx", "csv"])
def test_no_reader_exception_escapes_the_office_readers_as_anything_but_an_ingest_error(kind: str,
                                                                                        monkeypatch) -> None:
    from monazite.ingest import office

    def boom(_raw: RawInput, _settings: Settings) -> Reading:
        raise LookupError("a reader slip")

    monkeypatch.setitem(office._READERS, kind, boom)
    with pytest.raises(UnsupportedInput) as caught:
        office.OFFICE_READERS[kind](RawInput(f"x.{kind}", b"data", kind), Settings())
    assert "LookupError" in caught.value.reason
