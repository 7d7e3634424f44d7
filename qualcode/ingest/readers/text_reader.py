"""Plain-text transcripts: "Name: text" turns, optional [hh:mm:ss] stamps, continuation lines."""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from qualcode.errors import ValidationError
from qualcode.ingest.transcript import ParsedTranscript, RawTurn, assemble

STAMP = r"\[?(?P<stamp>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)\]?"
TURN_LINE = re.compile(
    rf"^\s*(?:{STAMP}\s+)?(?P<speaker>[^\s:][^:\n]{{0,40}}?)\s*(?:{STAMP.replace('stamp', 'stamp2')}\s*)?:\s+(?P<text>.*)$"
)


def decode(name: str, data: bytes) -> str:
    """Bytes to text: UTF-8 (BOM or not), UTF-16 with BOM, else the detected encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise ValidationError(f"{name}: binary data, not a text transcript")
    best = from_bytes(data).best()
    if best is None:
        raise ValidationError(
            f"{name}: cannot tell the text encoding (expected UTF-8, UTF-16 or Windows-1252)"
        )
    return str(best)


def parse_stamp(value: str | None) -> float | None:
    """'01:02:03' or '02:03' (or with a fraction) as seconds."""
    if not value:
        return None
    parts = [float(p) for p in value.replace(",", ".").split(":")]
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds


def parse_turns(lines: list[str]) -> list[RawTurn]:
    """Lines into turns: a "Name: text" line opens a turn; other lines continue the current one."""
    turns: list[RawTurn] = []
    for line in lines:
        match = TURN_LINE.match(line)
        if match and not match.group("speaker").strip().isdigit():
            stamp = match.group("stamp") or match.group("stamp2")
            turns.append(
                RawTurn(match.group("speaker").strip(), match.group("text"), parse_stamp(stamp))
            )
        elif turns:
            turns[-1].text += "\n" + line
        elif line.strip():
            turns.append(RawTurn("Unknown", line))
    return turns


def read(name: str, data: bytes) -> ParsedTranscript:
    """Parse a plain-text transcript."""
    text = decode(name, data)
    turns = parse_turns(text.splitlines())
    parsed = assemble(name.rsplit(".", 1)[0], "txt", turns)
    if not parsed.text:
        raise ValidationError(f"{name}: no transcript text found")
    if all(t.speaker == "Unknown" for t in parsed.turns):
        parsed.warnings.append("no 'Name: text' speaker turns found; the whole text is one turn")
    return parsed
