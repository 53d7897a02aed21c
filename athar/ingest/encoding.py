"""Which encoding a text file is in, for the encodings Syrian lists come in.

Order of evidence: a byte-order mark; strict UTF-8; UTF-16 without a mark (NUL bytes, or Arabic's
0x06 high bytes, at every other position); else a single-byte code page, which for Arabic text is
Windows-1256 (what Arabic Windows and Excel save as "CSV"). A file that is UTF-8 but for a few
damaged bytes is refused rather than read as Windows-1256 mojibake.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from athar.ingest.errors import IngestError
from athar.ingest.messages import say

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DAMAGED_UTF8_SHARE = 0.05  # at most this share of non-ASCII characters undecodable
_MIN_UTF8_EVIDENCE = 20  # well-formed non-ASCII characters needed to call a file UTF-8
_PLAUSIBLE_SHARE = 0.95


def _plausible(ch: str) -> bool:
    """A character a table of names could hold (used to tell UTF-16 from binary data)."""
    return (
        ch.isprintable()
        or ch in "\t\r\n"
        or "\u0600" <= ch <= "\u06ff"
        or "\u200b" <= ch <= "\u200f"
        or ch == "\ufeff"
    )


def _try_utf16(data: bytes) -> tuple[str, str] | None:
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if text and sum(map(_plausible, text)) / len(text) >= _PLAUSIBLE_SHARE:
            return text, codec
    return None


def _controls(data: bytes) -> int:
    """Bytes that no text table holds: NUL and the C0 controls but tab, newline, return."""
    sample = data[:65536]
    return sum(sample.count(bytes([b])) for b in range(32) if b not in (9, 10, 13))


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _single_byte(data: bytes) -> tuple[str, str]:
    """Windows-1256 unless the high bytes read as Latin accents (a French list in cp1252)."""
    arabic_text = data.decode("cp1256", errors="replace")
    high = [ch for ch in arabic_text if ord(ch) >= 0x80]
    arabic = sum("\u0600" <= ch <= "\u06ff" for ch in high)
    if arabic * 2 >= len(high):
        return arabic_text, "cp1256"
    latin_text = data.decode("cp1252", errors="replace")
    accents = sum(ch.isalpha() for ch in latin_text if ord(ch) >= 0x80)
    if accents * 2 >= len(high):
        return latin_text, "cp1252"
    best = from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    return arabic_text, "cp1256"


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with; raises IngestError if binary."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).lstrip("\ufeff"), codec
            except UnicodeDecodeError as e:
                raise IngestError(
                    path, say("not valid %(codec)s despite its byte-order mark", codec=codec)
                ) from e
    # UTF-16 without a mark first: Arabic in UTF-16-LE is all bytes below 0x80 (م is 45 06),
    # which strict UTF-8 would accept as control characters.
    if _controls(data) * 100 > len(data):
        utf16 = _try_utf16(data)
        if utf16 is not None:
            return utf16
        raise IngestError(path, say("binary data, not a text table (CSV, XLSX or JSON expected)"))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        first_bad = e.start
    loose = data.decode("utf-8", errors="replace")
    non_ascii = sum(ord(ch) >= 0x80 for ch in loose)
    damaged = loose.count("\ufffd")
    if non_ascii - damaged >= _MIN_UTF8_EVIDENCE and damaged <= _DAMAGED_UTF8_SHARE * non_ascii:
        raise IngestError(
            path,
            say(
                "UTF-8 with %(damaged)s damaged byte sequence(s), the first (byte 0x%(byte)02x) "
                "here; repair or re-save the file as UTF-8",
                damaged=damaged,
                byte=data[first_bad],
            ),
            line=_line_of(data, first_bad),
        )
    return _single_byte(data)


def read_text(path: Path) -> tuple[str, str]:
    """The decoded text of a file and its encoding."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise IngestError(
            path, say("cannot read the file: %(why)s", why=str(e.strerror or e))
        ) from e
    return decode(data, path)
