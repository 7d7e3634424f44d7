"""Word transcripts: Rev-style ("Speaker 1:" paragraph, then the turn) and "Name: text" paragraphs."""

from __future__ import annotations

import io
import re
import zipfile

import docx

from qualcode.errors import ValidationError
from qualcode.ingest.readers.text_reader import parse_stamp, parse_turns
from qualcode.ingest.transcript import ParsedTranscript, RawTurn, assemble

REV_SPEAKER = re.compile(
    r"^\s*(?P<speaker>(?!\d)[^\s:][^:]{0,40}?)\s*(?:\((?P<stamp>\d{1,2}:\d{2}(?::\d{2})?)\))?\s*:\s*$"
)
REV_HEADER = re.compile(
    r"^(Name|Created On|Created By|Modified On|Modified By|Size):", re.IGNORECASE
)


def paragraphs(name: str, data: bytes) -> list[str]:
    """The paragraph texts of a .docx; a clear error when it is not a Word document."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ValidationError(f"{name}: not a valid .docx file ({exc})") from exc
    return [p.text for p in document.paragraphs]


def rev_turns(lines: list[str]) -> list[RawTurn]:
    """A speaker paragraph opens a turn; following paragraphs are its text."""
    turns: list[RawTurn] = []
    for line in lines:
        match = REV_SPEAKER.match(line)
        if match:
            turns.append(RawTurn(match.group("speaker"), "", parse_stamp(match.group("stamp"))))
        elif turns:
            turns[-1].text = f"{turns[-1].text}\n{line}" if turns[-1].text else line
    return turns


def read(name: str, data: bytes) -> ParsedTranscript:
    """Parse a Word transcript in either layout."""
    lines = [line for line in paragraphs(name, data) if not REV_HEADER.match(line)]
    is_rev = sum(bool(REV_SPEAKER.match(line)) for line in lines) >= 2
    turns = rev_turns(lines) if is_rev else parse_turns(lines)
    parsed = assemble(name.rsplit(".", 1)[0], "rev" if is_rev else "docx", turns)
    if not parsed.text:
        raise ValidationError(f"{name}: no transcript text found")
    return parsed
