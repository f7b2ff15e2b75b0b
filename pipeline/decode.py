"""Bytes to text, exactly once, with a record of how.

Mention offsets index the decoded text, so decoding is the one place where a
document's characters are decided: nothing is normalised here (CRLF and lone CR
stay, no Unicode normalisation), only a byte order mark is dropped. Anything that
is not text gets a specific one-line reason (``DecodeError``) instead of garbage.

Order of decisions (first match wins):

1. empty -> "empty file"; known magic bytes -> "binary content (PNG image)" etc.
2. a BOM: UTF-32/UTF-16 LE/BE, UTF-8 ("utf-8-sig"); the BOM is not part of the text.
3. NUL bytes: BOM-less UTF-16 if every NUL sits on the same byte lane (ASCII-heavy
   UTF-16), else "binary content (NUL bytes)".
4. strict UTF-8.
5. mostly UTF-8 (valid multi-byte sequences outnumber the invalid ones): a damaged
   UTF-8 file, decoded with U+FFFD for the bad bytes ("utf-8-replace") and a warning.
   Keeping the document beats failing it for one stray byte; the U+FFFD marks the
   damage and offsets stay exact because the replaced text is the text.
6. an encoding the HTML declares (``declared``), if it decodes strictly.
7. cp1252 if it decodes strictly and reads as text (charset-normalizer's mess ratio
   under 0.2): the usual non-UTF-8 English text is cp1252 or latin-1, and
   charset-normalizer alone guesses cp1250 or cp1006 for short Western texts.
8. charset-normalizer's best guess (Cyrillic, CJK, ...), re-decoded strictly here.
9. nothing fits -> "undecodable text (not UTF-8 and no text encoding fits)".

After decoding: text made only of a BOM, NUL characters, >10% control characters,
or only whitespace are errors too.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_CONTROL_RATIO = 0.10
_MESS_LIMIT = 0.2
_SAMPLE = 65_536

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"PK\x07\x08", "zip archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 document (old Microsoft Office)"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x00asm", "WebAssembly module"),
    (b"\xca\xfe\xba\xbe", "Mach-O or Java class file"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
_RIFF = {b"WEBP": "WebP image", b"WAVE": "WAV audio", b"AVI ": "AVI video"}

# (BOM, codec recorded as the encoding); UTF-32 first: its LE BOM starts like UTF-16's
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# One valid UTF-8 multi-byte sequence (RFC 3629 table), to tell damaged UTF-8 from cp1252.
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]"
    rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}"
    rb"|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
# C0 controls that never occur in text (tab, newlines, form feed, ESC are tolerated)
_CONTROLS = {c: None for c in [*range(0, 9), 0x0E, *range(0x10, 0x1B), *range(0x1C, 0x20), 0x7F]}

# WHATWG: these labels mean windows-1252 in HTML
_HTML_CP1252 = {"iso8859-1", "ascii", "latin-1", "iso-8859-1", "us-ascii", "cp1252"}
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I
)


class DecodeError(ValueError):
    """Bytes that are not (usable) text; the message is the one-line cause."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the codec that produced it, and anything a reviewer should know."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def sniff_binary(raw: bytes) -> str | None:
    """What kind of binary file ``raw`` starts like, e.g. "PNG image"; None for text."""
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    if _BZIP2.match(raw):
        return "bzip2 archive"
    if raw[:4] == b"RIFF" and raw[8:12] in _RIFF:
        return _RIFF[raw[8:12]]
    if raw[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    if raw[257:262] == b"ustar":
        return "tar archive"
    return None


def declared_html_charset(raw: bytes) -> str | None:
    """The codec a ``<meta charset>`` in the first 4 KB names, if Python knows it."""
    m = _META_CHARSET.search(raw[:4096])
    if not m:
        return None
    label = m.group(1).decode("ascii").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if label in _HTML_CP1252 or name in _HTML_CP1252 else name


def decode_bytes(raw: bytes, declared: str | None = None) -> Decoded:
    """Decode a whole file's bytes (see the module docstring for the order of decisions).

    Raises ``DecodeError`` with a one-line cause when the bytes are not usable text.
    """
    if not raw:
        raise DecodeError("empty file")
    kind = sniff_binary(raw)
    if kind:
        raise DecodeError(f"binary content ({kind})")
    decoded = _decode(raw, declared)
    _check_text(decoded.text)
    return decoded


def _decode(raw: bytes, declared: str | None) -> Decoded:
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom) :]
            if not body:
                raise DecodeError("empty file (byte order mark only)")
            name = "utf-8" if codec == "utf-8-sig" else codec
            try:
                return Decoded(body.decode(name), codec)
            except UnicodeDecodeError as exc:
                label = codec.upper().replace("-SIG", "")
                raise DecodeError(f"invalid {label} at byte {exc.start + len(bom)}") from None
    if b"\x00" in raw:
        guessed = _utf16_without_bom(raw)
        if guessed is None:
            raise DecodeError("binary content (NUL bytes)")
        return guessed
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    damaged = _damaged_utf8(raw, first_bad)
    if damaged is not None:
        return damaged
    if declared and declared not in ("utf-8", "utf-8-sig"):
        try:
            return Decoded(raw.decode(declared), declared)
        except (UnicodeDecodeError, LookupError):
            pass
    legacy = _legacy(raw)
    if legacy is not None:
        return legacy
    raise DecodeError("undecodable text (not UTF-8 and no text encoding fits)")


def _utf16_without_bom(raw: bytes) -> Decoded | None:
    """ASCII-heavy UTF-16 has a NUL in every other byte and none in the other lane."""
    if len(raw) % 2:
        return None
    sample = raw[:_SAMPLE]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    if even == 0 and odd >= pairs / 2:
        codec = "utf-16-le"
    elif odd == 0 and even >= pairs / 2:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    return Decoded(text, codec, (f"no byte order mark; decoded as {codec} (NUL byte pattern)",))


def _damaged_utf8(raw: bytes, first_bad: int) -> Decoded | None:
    """UTF-8 with a few bad bytes (truncation, a stray byte), or None if it is not UTF-8."""
    valid = len(_UTF8_MULTI.findall(raw))
    if not valid:
        return None
    text = raw.decode("utf-8", "replace")
    bad = text.count("\ufffd") - raw.count("\ufffd".encode())
    if bad > valid:
        return None
    return Decoded(
        text,
        "utf-8-replace",
        (f"invalid UTF-8: {bad} bad sequence(s) replaced by U+FFFD, first at byte {first_bad}",),
    )


def _legacy(raw: bytes) -> Decoded | None:
    """A single-byte or East Asian legacy encoding: cp1252 when it reads as text, else detect."""
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and mess_ratio(text, _MESS_LIMIT) < _MESS_LIMIT:
        return Decoded(text, "cp1252", ("not UTF-8; decoded as cp1252",))
    best = from_bytes(raw).best()
    if best is None:
        return None
    try:
        codec = codecs.lookup(best.encoding).name
        text = raw.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None
    return Decoded(text, codec, (f"not UTF-8; detected as {codec}",))


def _check_text(text: str) -> None:
    """Reject decoded text that is not prose: NULs, control-character soup, blanks."""
    if "\x00" in text:
        raise DecodeError("binary content (NUL characters)")
    sample = text[:_SAMPLE]
    controls = len(sample) - len(sample.translate(_CONTROLS))
    if controls > len(sample) * _CONTROL_RATIO:
        raise DecodeError("binary content (control characters)")
    if not text.strip():
        raise DecodeError("no text (whitespace only)")
