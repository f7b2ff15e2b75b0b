"""Decoding: every kind of byte input either becomes exact text with its codec recorded,
or a specific one-line reason. All inputs are built here; no binary fixtures."""

from __future__ import annotations

import codecs
import gzip
import io
import zipfile

import pytest

from pipeline.decode import DecodeError, declared_html_charset, decode_bytes, sniff_binary

RELEASE = "WASHINGTON \u2013 The Minister\u2019s \u201ctrade\u201d talk, caf\u00e9 r\u00e9sum\u00e9"


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(40))


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document>text</w:document>")
    return buf.getvalue()


# -- text that decodes ---------------------------------------------------------------------


def test_utf8_is_decoded_exactly() -> None:
    dec = decode_bytes(RELEASE.encode("utf-8"))
    assert (dec.text, dec.encoding, dec.warnings) == (RELEASE, "utf-8", ())


def test_utf8_bom_is_stripped_and_recorded() -> None:
    dec = decode_bytes(codecs.BOM_UTF8 + RELEASE.encode("utf-8"))
    assert dec.text == RELEASE
    assert dec.encoding == "utf-8-sig"


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_utf16_and_utf32_with_bom(bom: bytes, codec: str) -> None:
    dec = decode_bytes(bom + RELEASE.encode(codec))
    assert dec.text == RELEASE
    assert dec.encoding == codec
    assert not dec.text.startswith("\ufeff")


def test_utf16_without_bom_is_recognised_by_its_nul_lanes() -> None:
    dec = decode_bytes("Trade talks resumed in Geneva.\r\n".encode("utf-16-le"))
    assert dec.text == "Trade talks resumed in Geneva.\r\n"
    assert dec.encoding == "utf-16-le"
    assert "no byte order mark" in dec.warnings[0]


def test_cp1252_smart_quotes_are_decoded_as_cp1252() -> None:
    dec = decode_bytes(RELEASE.encode("cp1252"))
    assert dec.text == RELEASE
    assert dec.encoding == "cp1252"
    assert dec.warnings == ("not UTF-8; decoded as cp1252",)


def test_latin1_text_is_decoded_correctly() -> None:
    text = "Le minist\u00e8re a annonc\u00e9 une r\u00e9union \u00e0 Gen\u00e8ve. " * 3
    dec = decode_bytes(text.encode("latin-1"))
    assert dec.text == text
    assert dec.encoding == "cp1252"  # cp1252 is latin-1 plus printable 0x80-0x9f


def test_cyrillic_legacy_encoding_is_detected() -> None:
    text = "Министерство торговли объявило о новых мерах поддержки экспорта. " * 4
    dec = decode_bytes(text.encode("cp1251"))
    assert dec.text == text
    assert dec.encoding == "cp1251"
    assert dec.warnings == ("not UTF-8; detected as cp1251",)


def test_damaged_utf8_keeps_the_document_with_a_replacement_and_warning() -> None:
    good = "The Minister\u2019s \u201cstatement\u201d. "
    raw = good.encode() + b"\xff" + b"More text." + "\u2013".encode()[:2]
    dec = decode_bytes(raw)
    assert dec.encoding == "utf-8-replace"
    assert dec.text.startswith(good + "\ufffdMore text.")
    assert dec.text.count("\ufffd") == 2
    first = len(good.encode())
    assert dec.warnings == (
        f"invalid UTF-8: 2 bad sequence(s) replaced by U+FFFD, first at byte {first}",
    )


def test_stray_high_byte_in_ascii_reads_as_cp1252() -> None:
    dec = decode_bytes(b"Tariff rates \x96 effective today")
    assert dec.text == "Tariff rates \u2013 effective today"
    assert dec.encoding == "cp1252"


def test_crlf_and_lone_cr_are_kept() -> None:
    text = "Title\r\n\r\nFirst paragraph.\rSecond paragraph.\nThird."
    assert decode_bytes(text.encode()).text == text
    assert decode_bytes(text.encode("utf-16")).text == text


def test_html_declared_charset_is_used_when_not_utf8() -> None:
    page = '<html><head><meta charset="koi8-r"></head><body><p>Привет мир</p></body></html>'
    raw = page.encode("koi8_r")
    assert declared_html_charset(raw) == "koi8-r"
    dec = decode_bytes(raw, declared_html_charset(raw))
    assert (dec.text, dec.encoding) == (page, "koi8-r")


def test_html_latin1_label_means_cp1252() -> None:
    raw = b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    assert declared_html_charset(raw) == "cp1252"
    assert declared_html_charset(b"<p>no meta</p>") is None
    assert declared_html_charset(b'<meta charset="no-such-codec">') is None


# -- bytes that are not text ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty file"),
        (codecs.BOM_UTF8, "empty file (byte order mark only)"),
        (b" \r\n\t\n  \n", "no text (whitespace only)"),
        (codecs.BOM_UTF16_LE + "  \n ".encode("utf-16-le"), "no text (whitespace only)"),
        (_png(), "binary content (PNG image)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "binary content (PDF document)"),
        (gzip.compress(b"a release"), "binary content (gzip archive)"),
        (_zip(), "binary content (zip archive)"),
        (b"GIF89a\x01\x00\x01\x00", "binary content (GIF image)"),
        (b"text\x00with\x00nul bytes \x00\x00 in \x01it", "binary content (NUL bytes)"),
        (bytes(range(1, 9)) * 20 + b"some words", "binary content (control characters)"),
        (bytes(range(0x80, 0x100)) * 4, "undecodable text (not UTF-8 and no text encoding fits)"),
    ],
)
def test_non_text_gets_a_specific_reason(raw: bytes, message: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode_bytes(raw)
    assert str(info.value) == message


def test_utf16_with_nul_characters_is_binary() -> None:
    raw = codecs.BOM_UTF16_LE + "abc\x00def".encode("utf-16-le")
    with pytest.raises(DecodeError, match=r"^binary content \(NUL characters\)$"):
        decode_bytes(raw)


def test_truncated_utf16_is_reported() -> None:
    raw = codecs.BOM_UTF16_LE + "abcdef".encode("utf-16-le")[:-1]
    with pytest.raises(DecodeError, match=r"^invalid UTF-16-LE at byte \d+$"):
        decode_bytes(raw)


def test_sniff_binary_leaves_text_alone() -> None:
    assert sniff_binary(b"PK is not a zip unless the magic follows") is None
    assert sniff_binary(b"%PDF-1.4") == "PDF document"
    assert sniff_binary(b"BZh91AY&SY" + bytes(10)) == "bzip2 archive"
    assert sniff_binary(b"BZh is a fine start for a sentence") is None
