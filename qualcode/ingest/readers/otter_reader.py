"""Otter.ai text exports: a line with the speaker's name and a timestamp, then the turn's text."""

from __future__ import annotations

import re

from qualcode.errors import ValidationError
from qualcode.ingest.memos import attach_memos, parse_memos, split_memo_block
from qualcode.ingest.readers.preamble import with_preamble
from qualcode.ingest.readers.text_reader import decode, parse_stamp
from qualcode.ingest.transcript import ParsedTranscript, RawTurn, assemble, continue_turn

HEADER = re.compile(r"^\s*(?P<speaker>\S[^\n]{0,40}?)\s+(?P<stamp>\d{1,2}:\d{2}(?::\d{2})?)\s*$")


def looks_like(text: str) -> bool:
    """At least two "Name  0:12" lines, each followed by text."""
    lines = text.splitlines()
    hits = sum(
        1
        for i, line in enumerate(lines[:-1])
        if HEADER.match(line) and lines[i + 1].strip() and not HEADER.match(lines[i + 1])
    )
    return hits >= 2


def otter_turns(lines: list[str]) -> tuple[list[RawTurn], list[str]]:
    """(turns, preamble): a header line opens a turn; the lines after it are its text; lines
    before the first header are the preamble."""
    turns: list[RawTurn] = []
    preamble: list[str] = []
    for line in lines:
        header = HEADER.match(line)
        if header:
            turns.append(RawTurn(header.group("speaker"), "", parse_stamp(header.group("stamp"))))
        else:
            continue_turn(turns, preamble, line)
    return turns, preamble


def read(name: str, data: bytes) -> ParsedTranscript:
    """Parse an Otter.ai .txt export."""
    text = decode(name, data)
    if not looks_like(text):
        raise ValidationError(
            f"{name}: not an Otter.ai export (expected 'Name  0:00' lines before each turn)"
        )
    lines, memo_lines = split_memo_block(text.splitlines())
    turns, preamble = otter_turns(lines)
    parsed = assemble(name.rsplit(".", 1)[0], "otter", turns)
    if not parsed.text:
        raise ValidationError(f"{name}: no transcript text found")
    return with_preamble(attach_memos(parsed, parse_memos(memo_lines)), {}, preamble)
