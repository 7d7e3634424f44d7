"""Telling UTF-8 with a few broken bytes from Windows-1252.

One stray byte in a UTF-8 transcript must not turn every "Zoë Müller" into "ZoÃ« MÃ¼ller": when
the valid multi-byte UTF-8 characters outnumber the invalid bytes, the file is UTF-8, decoded with
U+FFFD for each broken sequence and a warning giving their byte offsets. Only a file with no such
evidence of UTF-8 falls back to Windows-1252.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_ERRORS = 1000  # beyond this many broken sequences a file is not "mostly UTF-8"
SHOWN = 10  # offsets named in the warning


@dataclass
class Utf8Reading:
    text: str
    bad_offsets: list[int] = field(default_factory=list)
    multibyte: int = 0  # valid characters beyond ASCII

    @property
    def mostly_utf8(self) -> bool:
        return len(self.bad_offsets) < MAX_ERRORS and self.multibyte > len(self.bad_offsets)


def read_utf8(data: bytes) -> Utf8Reading:
    """Decode as UTF-8, replacing broken sequences and recording where they start."""
    pieces: list[str] = []
    offsets: list[int] = []
    position = 0
    while True:
        try:
            pieces.append(data[position:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            pieces.append(data[position : position + exc.start].decode("utf-8"))
            offsets.append(position + exc.start)
            pieces.append("\ufffd")
            position += exc.end
            if len(offsets) >= MAX_ERRORS:
                pieces.append(data[position:].decode("utf-8", errors="replace"))
                break
    text = "".join(pieces)
    if text.startswith("\ufeff"):
        text = text[1:]
    multibyte = sum(1 for c in text if ord(c) > 0x7F and c != "\ufffd")
    return Utf8Reading(text, offsets, multibyte)


def broken_utf8_warning(name: str, offsets: list[int]) -> str:
    """The reader warning naming the broken bytes' offsets."""
    shown = ", ".join(str(o) for o in offsets[:SHOWN]) + (" ..." if len(offsets) > SHOWN else "")
    return (
        f"{name}: {len(offsets)} byte sequence(s) are not valid UTF-8 (at byte offset {shown}); "
        "read as UTF-8 with each replaced by \ufffd"
    )


def decoding_warnings(name: str, data: bytes) -> list[str]:
    """Warnings about how `data` was decoded (broken UTF-8), for the reader's notes."""
    try:
        data.decode("utf-8")
        return []
    except UnicodeDecodeError:
        reading = read_utf8(data)
    return [broken_utf8_warning(name, reading.bad_offsets)] if reading.mostly_utf8 else []
