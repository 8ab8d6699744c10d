from __future__ import annotations

import codecs

import pytest

from monazite.errors import UnsupportedInput
from monazite.ingest.encoding import decode_bytes, detect_encoding

TEXT = "Lynas Rare Earths separates NdPr in Kuantan — the company’s “Malaysia” plant. Café."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"])
def test_round_trips_common_encodings(encoding: str) -> None:
    text, detected = decode_bytes(TEXT.encode(encoding))
    assert text == TEXT
    assert codecs.lookup(detected).name.replace("_", "-").startswith(encoding.split("-")[0][:3]) or detected


def test_bom_wins() -> None:
    assert detect_encoding(codecs.BOM_UTF8 + TEXT.encode()) == "utf-8-sig"
    assert decode_bytes(codecs.BOM_UTF8 + TEXT.encode())[0] == TEXT


def test_gb18030_chinese_is_decoded() -> None:
    text = "包钢集团稀土出口创历史新高，北方稀土产量增长。" * 5
    assert decode_bytes(text.encode("gb18030"))[0] == text


def test_declared_charset_used_before_guessing() -> None:
    raw = "Stra\u00dfe und K\u00e4se".encode("iso8859-15") * 10
    assert detect_encoding(raw, declared="iso8859-15") == "iso8859-15"


@pytest.mark.parametrize("raw, reason", [
    (b"", "empty"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(0, 32)) * 20, "binary"),
    (b"ok text \x00\x01\x02 more", "binary"),
    (b"   \n\t  \n", "empty"),
])
def test_refuses_binary_and_empty(raw: bytes, reason: str) -> None:
    with pytest.raises(UnsupportedInput) as err:
        decode_bytes(raw, "f.txt")
    assert reason in err.value.reason
    assert err.value.origin == "f.txt"


def test_refuses_undecodable_bytes() -> None:
    import random

    rng = random.Random(7)
    raw = bytes(rng.choice(range(0x80, 0x100)) for _ in range(3000))
    with pytest.raises(UnsupportedInput, match="undecodable"):
        decode_bytes(raw)


def test_declared_utf8_with_a_few_stray_cp1252_bytes_stays_utf8() -> None:
    page = ("<html><head><meta charset='utf-8'></head><body><p>Gdańsk, Sõrve and Québec shipped oxide.</p>"
            "<footer>Privacy ").encode() + "\u2019 Terms \u00a9".encode("cp1252") + b"</footer></body></html>"
    text, encoding = decode_bytes(page, "p.html", "utf-8")
    assert encoding == "utf-8+cp1252"
    assert "Gdańsk, Sõrve and Québec" in text and "Privacy \u2019 Terms \u00a9" in text


def test_undeclared_mostly_utf8_with_one_stray_byte() -> None:
    raw = ("Gdańsk and Québec ship oxide — twice a year. " * 3).encode() + b"Caf\xe9"
    text, encoding = decode_bytes(raw)
    assert encoding == "utf-8+cp1252" and text.endswith("Café") and "Gdańsk" in text


def test_plain_cp1252_is_not_taken_for_mixed_utf8() -> None:
    raw = "Café in Québec, the firm’s “double” output.".encode("cp1252")
    assert decode_bytes(raw) == ("Café in Québec, the firm’s “double” output.", "cp1252")


def test_a_cp1251_page_that_claims_utf8_is_still_detected_as_cp1251() -> None:
    from monazite.ingest.encoding import detect_encoding

    text = "Экспорт редкоземельных металлов из Китая вырос на 12% в 2024 году, сообщила таможня. " * 4
    assert detect_encoding(text.encode("cp1251"), declared="utf-8") == "cp1251"
    mostly_utf8 = ("Prices rose \u2014 up 5% \u2014 said the \u201canalyst\u201d. " * 4).encode("utf-8") + b" caf\xe9"
    assert detect_encoding(mostly_utf8, declared="utf-8") == "utf-8+cp1252"
