"""The shape every reader returns: one normalised text, its speaker turns and memos, as offsets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(slots=True)  # slots: a transcript at the upload limit has 400,000 turns
class RawTurn:
    """A turn as a reader finds it, before the text is assembled."""

    speaker: str
    text: str
    timestamp: float | None = None


def continue_turn(turns: list[RawTurn], preamble: list[str], line: str) -> None:
    """A line that opens no turn continues the current one; before the first turn it is preamble."""
    if turns:
        turn = turns[-1]
        if not turn.text:
            turn.text = line
            return
        # grown in place: with the turn's reference dropped, `text` is the string's only one and
        # CPython extends it without a copy; a new string per line made a long turn quadratic
        # (a 4 MB turn took two minutes)
        text, turn.text = turn.text, ""
        text += "\n"
        text += line
        turn.text = text
    else:
        preamble.append(line)


@dataclass(slots=True)
class TurnSpan:
    speaker: str
    start: int
    end: int
    timestamp: float | None = None
    role: str = "other"


@dataclass
class MemoSpan:
    """A researcher's memo found in the file, anchored to a passage of the text (or to none)."""

    text: str
    label: str = ""
    start: int | None = None
    end: int | None = None


@dataclass
class ParsedTranscript:
    """A transcript ready to store: `text` is normalised; every span indexes into it."""

    title: str
    format: str
    text: str
    turns: list[TurnSpan] = field(default_factory=list)
    memos: list[MemoSpan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    interview_date: str | None = None
    meta: dict = field(default_factory=dict)  # e.g. "header", "preamble": kept, not in `text`

    @property
    def speakers(self) -> list[str]:
        """Distinct speakers in order of first appearance."""
        return list(dict.fromkeys(t.speaker for t in self.turns))

    @property
    def word_count(self) -> int:
        return count_words(self.text)


TURN_SEPARATOR = "\n\n"
# Scripts written without spaces between words (Chinese, Japanese): each character is one word.
CJK_CHARS = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
CJK_PUNCTUATION = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
CJK = re.compile(f"[{CJK_CHARS}]")
# A word: one CJK character, or a run of other non-space characters (CJK punctuation is no word)
WORD = re.compile(f"[{CJK_CHARS}]|[^\\s{CJK_CHARS}{CJK_PUNCTUATION}]+")
CJK_WORD_UNIT = "in Chinese and Japanese text each character counts as one word (no spaces)"


def count_words(text: str) -> int:
    """Whitespace-delimited words, the way transcription services count them; in Chinese and
    Japanese, which have no spaces, each character is one word (the usual unit for those scripts).
    Counted match by match: a list of every word took 7x the text's size in memory."""
    return sum(1 for _ in WORD.finditer(text))


def has_cjk(text: str) -> bool:
    """Whether the text holds Chinese or Japanese characters (counted one word each)."""
    return CJK.search(text) is not None


def normalise(text: str) -> str:
    """Unicode NFC, newlines as \\n, no trailing spaces on lines; done once before storing."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\ufeff", "")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def assemble(
    title: str, fmt: str, raw_turns: list[RawTurn], warnings: list[str] | None = None
) -> ParsedTranscript:
    """Join turns into one text (a blank line between turns) and record each turn's offsets."""
    parts: list[str] = []
    spans: list[TurnSpan] = []
    # one string per speaker, not per turn: 400,000 turns held 23 MB of copies of two names
    speakers: dict[str, str] = {}
    position = 0
    for turn in raw_turns:
        body = normalise(turn.text)
        if not body:
            continue
        if parts:
            parts.append(TURN_SEPARATOR)
            position += len(TURN_SEPARATOR)
        speaker = normalise(turn.speaker) or "Unknown"
        speaker = speakers.setdefault(speaker, speaker)
        spans.append(TurnSpan(speaker, position, position + len(body), turn.timestamp))
        parts.append(body)
        position += len(body)
    return ParsedTranscript(
        title=title, format=fmt, text="".join(parts), turns=spans, warnings=list(warnings or [])
    )


MARKER = re.compile(
    r"\[(?:inaudible|crosstalk|unintelligible|indiscernible|laughter|laughs|laughing|silence|pause|"
    r"overlapping|overtalk|music|noise|background noise|foreign|applause|coughs?|coughing|"
    r"phonetic|sic)\b[^\]\n]{0,40}\]",
    re.IGNORECASE,
)


def transcription_markers(text: str) -> list[dict]:
    """Markers such as `[inaudible 00:06:48]` or `[crosstalk]`: they stay in the text and are listed for review."""
    return [{"start": m.start(), "end": m.end(), "text": m.group(0)} for m in MARKER.finditer(text)]
