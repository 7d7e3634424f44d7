"""Caption cues (WebVTT from Zoom, Teams, Stream, YouTube; SRT) as the words that were spoken.

A timing line opens a cue; its text runs to the next empty line (a line holding only spaces, as
in YouTube's files, stays inside the cue). Cue identifiers, cue settings ("align:start
position:0%") and NOTE, STYLE and REGION blocks are no text. Every tag leaves the text: voice
and class spans, `<00:00:01.500>` word timings, ruby readings, SRT's `{\\an8}` and `<font>`.
A speaker comes from a `<v Name>` voice tag or a "Name: text" line; ">>" or a dialogue dash
starts another speaker's words. YouTube's rolling auto-captions show each line again at the start
of the next cue: when most cues repeat the end of the one before, the repeat is dropped, so the
words are stored once.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from qualcode.ingest.readers.stamps import parse_stamp
from qualcode.ingest.speaker_labels import is_short, looks_like_label, speaker_labels
from qualcode.ingest.transcript import RawTurn

CUE_TIME = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}"
)
VOICE = re.compile(r"<v(?:\.[^\s>]+)?(?:\s+(?P<speaker>[^>]*))?>", re.IGNORECASE)
RUBY_READING = re.compile(r"<rt\b[^>]*>.*?</rt\s*>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"</?[a-zA-Z][^<>\n]*>|<\d[\d:.]*>|\{\\[^{}\n]*\}")
INVISIBLE = re.compile(r"[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NAMED = re.compile(r"^(?P<speaker>[^:\n]{1,40}):\s+(?P<text>.+)$")
CHANGE = re.compile(r"^\s*(?:>>|&gt;&gt;|-\s)\s*")
HEADER_FIELD = re.compile(r"^(?P<key>[A-Za-z][\w-]{0,30}):\s*(?P<value>.*)$")
# the share of cues repeating the previous cue's end that marks a file as rolling captions
ROLLING_SHARE = 0.5


@dataclass
class Cue:
    start: float | None
    lines: list[str] = field(default_factory=list)


@dataclass
class Words:
    """One speaker's words within a cue; `new_turn` when a change marker opened them."""

    speaker: str | None
    text: str
    start: float | None
    new_turn: bool = False


def read_cues(text: str) -> tuple[list[Cue], dict[str, str]]:
    """(cues in file order, the header's "Key: value" fields such as YouTube's Kind and Language)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cues: list[Cue] = []
    header: dict[str, str] = {}
    current: Cue | None = None
    last_body = -2  # the index of the current cue's last text line
    seen_cue = False
    for index, line in enumerate(lines):
        timing = CUE_TIME.match(line)
        if timing:
            if current is not None and last_body == index - 1 and _identifier(lines, index - 1):
                current.lines.pop()  # the next cue's identifier, no blank line before it
            current = Cue(parse_stamp(timing.group("start")))
            cues.append(current)
            seen_cue = True
        elif line == "":
            current = None
        elif current is not None:
            current.lines.append(line)
            last_body = index
        elif not seen_cue and index > 0:
            field_match = HEADER_FIELD.match(line.strip())
            if field_match and "-->" not in line:
                header.setdefault(field_match.group("key"), field_match.group("value").strip())
    return cues, header


def _identifier(lines: list[str], index: int) -> bool:
    """A cue identifier: a number (SRT), or any line after a line of spaces."""
    return lines[index].strip().isdigit() or (index > 0 and not lines[index - 1].strip())


def clean(text: str) -> str:
    """Cue text without tags, entities or invisible direction marks, one space between words."""
    text = TAG.sub("", RUBY_READING.sub("", text))
    text = INVISIBLE.sub("", html.unescape(text)).replace("\u00a0", " ")
    return " ".join(text.split())


def named_lines(cues: list[Cue]) -> set[str]:
    """The labels of "Name: text" cue lines that name speakers: a label that recurs ("jsmith: ...")
    or looks like a name ("Ana Lee"), never a one-off phrase ("so the thing is: ...")."""
    candidates = []
    for cue in cues:
        for number, line in enumerate(line for line in cue.lines if line.strip()):
            change = CHANGE.match(line)
            named = NAMED.match(clean(line[change.end() :] if change else line))
            if named and (change or number == 0):
                candidates.append(named.group("speaker").strip())
    return speaker_labels(candidates) | {
        c for c in candidates if is_short(c) and looks_like_label(c)
    }


def cue_words(cue: Cue, speakers: set[str]) -> list[Words]:
    """A cue's words per speaker: voice tags and "Name:" lines (of `speakers`) name them."""
    found: list[Words] = []
    for line in cue.lines:
        if not line.strip():
            continue
        change = CHANGE.match(line)
        body = line[change.end() :] if change else line
        voices = list(VOICE.finditer(body))
        if voices:
            before = clean(body[: voices[0].start()])
            if before:
                _add(found, None, before, cue.start, bool(change))
            for i, voice in enumerate(voices):
                end = voices[i + 1].start() if i + 1 < len(voices) else len(body)
                speaker = (voice.group("speaker") or "").strip() or None
                _add(found, speaker, clean(body[voice.end() : end]), cue.start, True)
            continue
        plain = clean(body)
        named = NAMED.match(plain) if (change or not found) else None
        if named and named.group("speaker").strip() in speakers:
            _add(found, named.group("speaker").strip(), named.group("text"), cue.start, True)
        elif plain:
            _add(found, None, plain, cue.start, bool(change))
    return found


def _add(found: list[Words], speaker: str | None, text: str, start, new_turn: bool) -> None:
    if not text:
        return
    if found and not new_turn and speaker is None:
        found[-1].text = f"{found[-1].text} {text}"
    else:
        found.append(Words(speaker, text, start, new_turn))


def _overlap(previous: list[str], current: list[str]) -> int:
    """The most items (words or lines) that end `previous` and start `current`."""
    for size in range(min(len(previous), len(current)), 0, -1):
        if previous[-size:] == current[:size]:
            return size
    return 0


def line_words(cue: Cue, speakers: set[str]) -> list[tuple[str, ...]]:
    """The spoken words of each of a cue's lines, as cue_words reads them (no tags, markers or
    speaker labels)."""
    found = []
    for line in (line for line in cue.lines if line.strip()):
        change = CHANGE.match(line)
        text = clean(VOICE.sub(" ", line[change.end() :] if change else line))
        named = NAMED.match(text) if (change or not found) else None
        if named and named.group("speaker").strip() in speakers:
            text = named.group("text")
        if text:
            found.append(tuple(text.split()))
    return found


def _repeat(previous: list[tuple[str, ...]], current: list[tuple[str, ...]]) -> int:
    """How many words at the start of `current` repeat the end of `previous`: whole lines when
    the cue shows the previous line again (YouTube), else words (captions that grow word by word)."""
    lines = _overlap(previous, current)
    if lines:
        return sum(len(line) for line in current[:lines])
    return _overlap([w for line in previous for w in line], [w for line in current for w in line])


def collapse_rolling(
    cues: list[list[Words]], lines: Callable[[int], list[tuple[str, ...]]]
) -> tuple[list[list[Words]], bool]:
    """(cues, whether they were rolling): when most cues start with the end of the cue before,
    each keeps only its new words. `lines(i)` gives cue i's line words, computed when needed: as
    a list for every cue they held each word of a long transcript as its own string."""
    pairs = repeated = 0
    before = lines(0) if cues else []
    for index in range(1, len(cues)):
        current = lines(index)
        if before and current:
            pairs += 1
            repeated += bool(_repeat(before, current))
        before = current
    if pairs < 2 or repeated < ROLLING_SHARE * pairs:
        return cues, False
    collapsed: list[list[Words]] = []
    previous: list[tuple[str, ...]] = []
    for index, words in enumerate(cues):
        current = lines(index)
        drop = _repeat(previous, current)
        kept: list[Words] = []
        for part in words:
            tokens = part.text.split()
            cut, drop = min(drop, len(tokens)), drop - min(drop, len(tokens))
            if tokens[cut:]:
                kept.append(Words(part.speaker, " ".join(tokens[cut:]), part.start, part.new_turn))
        collapsed.append(kept)
        if current:
            previous = current
    return collapsed, True


def caption_turns(cues: list[Cue]) -> tuple[list[RawTurn], bool]:
    """(turns, rolling): consecutive words of one speaker become one turn that keeps the time of
    its first cue; words without a speaker continue the current speaker's turn."""
    speakers = named_lines(cues)
    collapsed, rolling = collapse_rolling(
        [cue_words(cue, speakers) for cue in cues], lambda i: line_words(cues[i], speakers)
    )
    turns: list[RawTurn] = []
    for words in collapsed:
        for part in words:
            speaker = part.speaker or (turns[-1].speaker if turns and not part.new_turn else None)
            if turns and speaker == turns[-1].speaker and not (part.new_turn and not part.speaker):
                text, turns[-1].text = turns[-1].text, ""  # grown in place, see continue_turn
                text += " "
                text += part.text
                turns[-1].text = text
            else:
                turns.append(RawTurn(speaker or "Unknown", part.text, part.start))
    return turns, rolling
