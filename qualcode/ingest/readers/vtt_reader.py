"""WebVTT captions (Zoom, Teams): `<v Name>` voice tags or "Name: text" cues; one speaker's cues merge."""

from __future__ import annotations

import re

from qualcode.errors import ValidationError
from qualcode.ingest.readers.text_reader import decode, parse_stamp
from qualcode.ingest.transcript import ParsedTranscript, RawTurn, assemble

CUE_TIME = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{2}:\d{2}[.,]\d{1,3})\s+-->\s+(?P<end>(?:\d+:)?\d{2}:\d{2}[.,]\d{1,3})"
)
VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+(?P<speaker>[^>]+)>(?P<text>.*?)(?:</v>|$)", re.DOTALL)
NAMED = re.compile(r"^(?P<speaker>[^:\n]{1,40}):\s+(?P<text>.+)$", re.DOTALL)
TAG = re.compile(r"</?[a-z][^>]*>", re.IGNORECASE)


def cues(text: str) -> list[tuple[float | None, str]]:
    """(start seconds, cue text) for each cue, in file order."""
    found: list[tuple[float | None, str]] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = block.strip("\n").split("\n")
        for index, line in enumerate(lines):
            match = CUE_TIME.match(line)
            if match:
                body = "\n".join(lines[index + 1 :]).strip()
                if body:
                    found.append((parse_stamp(match.group("start")), body))
                break
    return found


def cue_turn(start: float | None, body: str) -> RawTurn:
    """One cue as a (speaker, text) pair, speaker from a voice tag or a "Name:" prefix."""
    voice = VOICE.search(body)
    if voice:
        return RawTurn(
            voice.group("speaker").strip(), TAG.sub("", voice.group("text")).strip(), start
        )
    plain = TAG.sub("", body).strip()
    named = NAMED.match(plain)
    if named:
        return RawTurn(named.group("speaker").strip(), named.group("text").strip(), start)
    return RawTurn("Unknown", plain, start)


def merge_consecutive(turns: list[RawTurn]) -> list[RawTurn]:
    """Consecutive cues of one speaker become one turn that keeps the first timestamp."""
    merged: list[RawTurn] = []
    for turn in turns:
        if merged and merged[-1].speaker == turn.speaker:
            merged[-1].text = f"{merged[-1].text} {turn.text}".strip()
        else:
            merged.append(RawTurn(turn.speaker, turn.text, turn.timestamp))
    return merged


def read(name: str, data: bytes) -> ParsedTranscript:
    """Parse a WebVTT file."""
    text = decode(name, data)
    if not text.lstrip().startswith("WEBVTT"):
        raise ValidationError(f"{name}: not a WebVTT file (it must start with 'WEBVTT')")
    return captions(name, text, "vtt")


def captions(name: str, text: str, fmt: str) -> ParsedTranscript:
    """Caption cues (WebVTT or SRT) as turns, one speaker's consecutive cues merged."""
    found = cues(text)
    if not found:
        raise ValidationError(f"{name}: no cues with timings found")
    return assemble(
        name.rsplit(".", 1)[0], fmt, merge_consecutive([cue_turn(s, b) for s, b in found])
    )
