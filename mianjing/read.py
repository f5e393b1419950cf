"""Stage 1: read a note file into normalised lines (UTF-8 or GB18030, LF, no invisible chars)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from .model import Note, NoteError

# zero-width characters and BOMs are dropped; NBSP-like spaces become a plain space
_SPACES = {"\u00a0", "\u202f", "\u2007"}
_KEEP = {"\t", "\n"}


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode(data: bytes, path: str) -> str:
    """Decode bytes, refusing binary input with the line and byte offset of the problem."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise NoteError(path, _line_of(data, nul), f"binary file (NUL byte at byte offset {nul}); not a text note")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        utf8_err = err
    # Several valid multi-byte UTF-8 characters before the bad byte: a corrupt UTF-8 file, not GBK.
    if sum(1 for b in data[: utf8_err.start] if b >= 0xC2) >= 4:
        raise NoteError(path, _line_of(data, utf8_err.start),
                        f"invalid UTF-8 at byte offset {utf8_err.start}; fix or re-save the note as UTF-8")
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as err:
        raise NoteError(path, _line_of(data, err.start),
                        f"cannot decode as UTF-8 or GB18030 (byte offset {err.start}); not a text note") from None


@lru_cache(maxsize=1)
def _invisible() -> re.Pattern:
    """Every Cf/Cc code point except tab and newline, plus the emoji variation selector."""
    # the BMP and the tag block hold every format character a note realistically contains
    points = [*range(0x10000), *range(0xE0000, 0xE0080)]
    chars = [chr(c) for c in points if unicodedata.category(chr(c)) in ("Cf", "Cc") and chr(c) not in _KEEP]
    return re.compile("[" + re.escape("".join(chars)) + "\ufe0f]")


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate({ord(c): " " for c in _SPACES})
    # zero-width spaces/joiners, BOM, emoji variation selector, control characters
    return _invisible().sub("", text)


def read_note(path: str | Path) -> Note:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as err:
        raise NoteError(str(path), 0, f"cannot read: {err.strerror}") from None
    text = normalise(decode(data, str(path)))
    sample = text[:100_000]
    bad = sum(1 for ch in sample if ch > "\u2fff" and unicodedata.category(ch) in ("Co", "Cn"))
    if sample and bad > max(8, len(sample) // 50):
        raise NoteError(str(path), 1, "mostly undecodable characters; not a text note")
    return Note(path=str(path), name=p.name, lines=text.split("\n"))
