"""Form-style Word documents: question paragraphs with "Answer: ..." lines (an interview protocol
filled in by hand). Questions become the interviewer's turns, answers the participant's, and the
protocol's headings, instructions and tables a "Protocol" turn, so no text is lost.
"""

from __future__ import annotations

import re

from qualcode.ingest.memos import attach_memos, parse_memos, split_memo_block
from qualcode.ingest.transcript import ParsedTranscript, RawTurn, assemble

ANSWER = re.compile(r"^\s*(?:answer|a)\s*:\s?", re.IGNORECASE)
QUESTION = re.compile(r"^\s*(?:question|q)\s*:\s?", re.IGNORECASE)
QUESTION_SPEAKER, ANSWER_SPEAKER, PROTOCOL_SPEAKER = "Interviewer", "Participant", "Protocol"


def _lines(block: str) -> list[str]:
    return block.split("\n")


def is_form(found: list) -> bool:
    """At least two "Answer:" lines make a form."""
    count = sum(1 for b in found if isinstance(b, str) for line in _lines(b) if ANSWER.match(line))
    return count >= 2


def table_text(rows: list[list[str]]) -> str:
    """A table as text lines, cells joined by " | " (cells repeated by merging once)."""
    lines = []
    for row in rows:
        cells = [c.strip() for c in dict.fromkeys(row) if c.strip()]
        if cells:
            lines.append(" | ".join(cells))
    return "\n".join(lines)


def form_turns(found: list) -> list[RawTurn]:
    """Turns of a form: each question (with or without an answer), each answer, and protocol text."""
    turns: list[RawTurn] = []

    def add(speaker: str, text: str) -> None:
        if not text.strip():
            return
        if turns and turns[-1].speaker == speaker == PROTOCOL_SPEAKER:
            turns[-1].text += "\n" + text
        else:
            turns.append(RawTurn(speaker, text))

    for block in found:
        if not isinstance(block, str):
            add(PROTOCOL_SPEAKER, table_text(block))
            continue
        lines = _lines(block)
        answer_at = next((i for i, line in enumerate(lines) if ANSWER.match(line)), None)
        if answer_at is not None:
            add(QUESTION_SPEAKER, QUESTION.sub("", "\n".join(lines[:answer_at]), count=1))
            answer = [ANSWER.sub("", lines[answer_at], count=1), *lines[answer_at + 1 :]]
            add(ANSWER_SPEAKER, "\n".join(answer))
        elif block.strip().endswith("?") or QUESTION.match(block):
            add(QUESTION_SPEAKER, QUESTION.sub("", block, count=1))
        else:
            add(PROTOCOL_SPEAKER, block)
    return turns


def read_blocks(title: str, found: list, memos: str = "auto") -> ParsedTranscript:
    """Parse a form's blocks (paragraph texts and tables) into a transcript with its memos."""
    flat: list[str | list[list[str]]] = []
    text_lines = [b for b in found if isinstance(b, str)]
    kept, memo_lines = split_memo_block(text_lines, memos)
    memo_start = len(kept)
    seen = 0
    for block in found:
        if isinstance(block, str):
            if seen < memo_start:
                flat.append(block)
            seen += 1
        elif seen <= memo_start:  # a table before the memo heading
            flat.append(block)
        else:
            memo_lines.append(table_text(block))
    parsed = assemble(title, "form", form_turns(flat))
    return attach_memos(parsed, parse_memos(memo_lines))
