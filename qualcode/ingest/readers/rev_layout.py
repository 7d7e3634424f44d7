"""Rev's layout (Word and text exports of Rev, Temi and others): a label paragraph
"Speaker 1:" or "Speaker 1 (00:04):" on its own line, then the turn's text on the next lines."""

from __future__ import annotations

import re

from qualcode.ingest.readers.stamps import parse_stamp
from qualcode.ingest.speaker_labels import without_emphasis
from qualcode.ingest.transcript import RawTurn, continue_turn

REV_SPEAKER = re.compile(
    r"^\s*(?P<speaker>(?!\d)[^\s:][^:]{0,40}?)\s*(?:\((?P<stamp>\d{1,2}:\d{2}(?::\d{2})?)\))?\s*:\s*$"
)
REV_SPEAKER_WITH_ANCHOR = re.compile(r"^(?P<label>.*:)\s*(?P<digits>\d{1,3})\s*$")


def _label(line: str) -> re.Match | None:
    return REV_SPEAKER.match(without_emphasis(line))


def is_rev_layout(lines: list[str], other_labels: int = 0) -> bool:
    """Two or more label-only lines make the layout, when they outnumber the lines that open
    turns in another layout (`other_labels`, e.g. "Name: text" lines)."""
    count = sum(bool(_label(line)) for line in lines)
    return count >= 2 and count > other_labels


def rev_turns(
    lines: list[str], anchors_follow_labels: bool = False
) -> tuple[list[RawTurn], list[str]]:
    """(turns, preamble): a speaker paragraph opens a turn; following paragraphs are its text; the
    lines before the first speaker are the preamble. With memos present, digits glued to a speaker
    label ("Speaker 1:12") are the previous answer's memo anchor."""
    turns: list[RawTurn] = []
    preamble: list[str] = []
    for line in lines:
        match = _label(line)
        glued = REV_SPEAKER_WITH_ANCHOR.match(line) if anchors_follow_labels and not match else None
        if glued and _label(glued.group("label")) and turns:
            turns[-1].text += glued.group("digits")
            match = _label(glued.group("label"))
        if match:
            turns.append(RawTurn(match.group("speaker"), "", parse_stamp(match.group("stamp"))))
        else:
            continue_turn(turns, preamble, line)
    return turns, preamble
