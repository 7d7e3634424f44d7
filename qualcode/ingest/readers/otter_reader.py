"""Otter.ai text exports: a line with the speaker's name and a timestamp, then the turn's text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qualcode.errors import ValidationError
from qualcode.ingest.memos import attach_memos, parse_memos, split_memo_block
from qualcode.ingest.readers.preamble import with_preamble
from qualcode.ingest.readers.stamps import parse_stamp
from qualcode.ingest.readers.text_reader import decode
from qualcode.ingest.speaker_labels import without_emphasis
from qualcode.ingest.tool_notes import is_tool_line, split_tool_notes
from qualcode.ingest.transcript import ParsedTranscript, RawTurn, assemble, continue_turn

HEADER = re.compile(r"^\s*(?P<speaker>\S[^\n]{0,40}?)\s+(?P<stamp>\d{1,2}:\d{2}(?::\d{2})?)\s*$")


def _header(line: str) -> re.Match | None:
    """A "Name  0:12" line (the name maybe in Markdown bold), not a tool's date line."""
    return None if is_tool_line(line) else HEADER.match(without_emphasis(line))


def looks_like(text: str) -> bool:
    """At least two "Name  0:12" lines, each followed by text."""
    return looks_like_lines(text.splitlines())


def looks_like_lines(lines: list[str]) -> bool:
    """`looks_like("\\n".join(lines))` without the joined copy (a Word document's paragraphs,
    which may hold line breaks), stopping at the second hit."""

    def split() -> Iterator[str]:
        for line in lines[:-1]:
            yield from (line + "\n").splitlines()
        if lines:
            yield from lines[-1].splitlines()

    hits, previous = 0, None
    for line in split():
        if previous is not None and line.strip() and not _header(line):
            hits += 1
            if hits == 2:
                return True
        previous = _header(line)
    return False


def otter_turns(lines: list[str]) -> tuple[list[RawTurn], list[str]]:
    """(turns, preamble): a header line opens a turn; the lines after it are its text; lines
    before the first header are the preamble."""
    turns: list[RawTurn] = []
    preamble: list[str] = []
    for line in lines:
        header = _header(line)
        if header:
            turns.append(RawTurn(header.group("speaker"), "", parse_stamp(header.group("stamp"))))
        else:
            continue_turn(turns, preamble, line)
    return turns, preamble


def read(name: str, data: bytes, memos: str = "auto") -> ParsedTranscript:
    """Parse an Otter.ai .txt export; its "Transcribed by https://otter.ai" line is the footer."""
    text = decode(name, data)
    if not looks_like(text):
        raise ValidationError(
            f"{name}: not an Otter.ai export (expected 'Name  0:00' lines before each turn)"
        )
    tool_header, lines, footer = split_tool_notes(text.splitlines())
    lines, memo_lines = split_memo_block(lines, memos)
    turns, preamble = otter_turns(lines)
    parsed = assemble(name.rsplit(".", 1)[0], "otter", turns)
    if not parsed.text:
        raise ValidationError(f"{name}: no transcript text found")
    parsed = attach_memos(parsed, parse_memos(memo_lines))
    return with_preamble(parsed, {}, preamble, tool_header, footer)
