"""Plain-text transcripts: "Name: text" turns, optional [hh:mm:ss] stamps, continuation lines."""

from __future__ import annotations

import re

from charset_normalizer import from_bytes

from qualcode.errors import ValidationError
from qualcode.ingest.line_numbers import line_number_warning, strip_line_numbers
from qualcode.ingest.memos import attach_memos, parse_memos, split_memo_block
from qualcode.ingest.readers.encoding import read_utf8
from qualcode.ingest.readers.preamble import split_header, with_preamble
from qualcode.ingest.readers.rev_layout import is_rev_layout, rev_turns
from qualcode.ingest.readers.stamps import parse_stamp
from qualcode.ingest.speaker_labels import (
    is_short,
    looks_like_label,
    speaker_labels,
    without_emphasis,
)
from qualcode.ingest.tool_notes import split_tool_notes
from qualcode.ingest.transcript import ParsedTranscript, RawTurn, assemble, continue_turn

CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?"
STAMP = rf"\[?(?P<stamp>{CLOCK})\]?"
TURN_LINE = re.compile(
    rf"^\s*(?:{STAMP}\s+)?(?P<speaker>[^\s:：][^:：\n]{{0,40}}?)\s*(?:[\[(]?(?P<stamp2>{CLOCK})[\])]?\s*)?(?::\s+|：\s*)"
    rf"(?:\[(?P<stamp3>{CLOCK})\]\s*)?(?P<text>.*)$"  # a bracketed stamp after the name: "Ann: [00:05] ..."
)  # after a full-width colon ("访谈者：...") no space is needed


CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark shows zero bytes at every other position."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) > 0.9 * len(zeros):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def decode(name: str, data: bytes) -> str:
    """Bytes to text: UTF-8 (BOM or not), UTF-16 (BOM or not), Windows-1252, else the detected
    encoding; binary data is refused with a clear message."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                f"{name}: broken UTF-16 text ({exc.reason} at byte {exc.start})"
            ) from exc
    else:
        text = _utf16_without_bom(data) or _decode_8bit(name, data)
    if len(CONTROL.findall(text[:8192])) > max(2, len(text[:8192]) // 100):
        raise ValidationError(f"{name}: binary data, not a text transcript")
    return text


def _decode_8bit(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise ValidationError(f"{name}: binary data, not a text transcript")
    reading = read_utf8(data)
    if reading.mostly_utf8:  # a few broken bytes in UTF-8 text (see encoding.decoding_warnings)
        return reading.text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise ValidationError(
            f"{name}: cannot tell the text encoding (expected UTF-8, UTF-16 or Windows-1252)"
        )
    return str(best)


SEGMENT = re.compile(rf"^\s*\[(?P<start>{CLOCK})(?P<span>\s*-->\s*{CLOCK})?\]\s*(?P<rest>.*)$")


def without_segment_times(lines: list[str]) -> tuple[list[str], float | None]:
    """Speech recognisers' segment lines ("[00:04.200 --> 00:09.000]  text", Whisper; "[00:00:05]
    text" of other tools) as text, or as "[00:04.200] Name: text" when a segment names its speaker
    (a diarised WhisperX segment of the speaker before continues that turn); and the first
    segment's start, the time of a transcript without speakers."""
    out, first, speaker = [], None, None
    for line in lines:
        segment = SEGMENT.match(line)
        if not segment:
            out.append(line)
            continue
        first = parse_stamp(segment.group("start")) if first is None else first
        rest = segment.group("rest")
        named = TURN_LINE.match(rest)
        if named and segment.group("span") and named.group("speaker").strip() == speaker:
            out.append(named.group("text"))  # the same speaker's next segment continues the turn
        else:
            out.append(f"[{segment.group('start')}] {rest}" if named else rest)
        speaker = named.group("speaker").strip() if named else speaker
    return out, first


def parse_turns(lines: list[str]) -> tuple[list[RawTurn], list[str]]:
    """(turns, preamble): a "Name: text" line whose label names a speaker (see speaker_labels) opens
    a turn, and so does a short label with a time stamp ("Ben (00:07): ..."); other lines continue
    the current turn; lines before the first turn are the preamble. Without any speaker line, the
    whole text is one "Unknown" turn."""
    lines, first_time = without_segment_times(lines)
    # matched twice rather than kept: a match object per line of a long transcript is 50 MB
    labels = (TURN_LINE.match(without_emphasis(line)) for line in lines)
    speakers = speaker_labels([m.group("speaker") for m in labels if m])
    turns: list[RawTurn] = []
    preamble: list[str] = []
    for line in lines:
        match = TURN_LINE.match(without_emphasis(line))
        stamp = match and (match.group("stamp") or match.group("stamp2") or match.group("stamp3"))
        label = match.group("speaker").strip() if match else ""
        if match and (label in speakers or (stamp and is_short(label) and looks_like_label(label))):
            turns.append(
                RawTurn(match.group("speaker").strip(), match.group("text"), parse_stamp(stamp))
            )
        else:
            continue_turn(turns, preamble, line)
    if not turns and any(line.strip() for line in preamble):
        return [RawTurn("Unknown", "\n".join(preamble), first_time)], []
    return turns, preamble


def read(name: str, data: bytes, memos: str = "auto") -> ParsedTranscript:
    """Parse a plain-text transcript (a numbered memo block at its end becomes memos)."""
    return read_text(name, decode(name, data), "txt", memos)


def read_text(name: str, text: str, fmt: str, memos: str = "auto", reflow=None) -> ParsedTranscript:
    """Parse decoded "Name: text" lines; shared by the text and PDF readers (`reflow` rejoins
    each turn's lines, for PDF layout)."""
    header, lines = split_header(text.splitlines())
    tool_header, lines, footer = split_tool_notes(lines)
    lines, memo_lines = split_memo_block(lines, memos)
    lines, numbers = strip_line_numbers(lines)
    if is_rev_layout(lines, sum(bool(TURN_LINE.match(without_emphasis(x))) for x in lines)):
        turns, preamble = rev_turns(lines, anchors_follow_labels=bool(memo_lines))
    else:
        turns, preamble = parse_turns(lines)
    if reflow is not None:
        for turn in turns:
            turn.text = reflow(turn.text)
    parsed = attach_memos(assemble(name.rsplit(".", 1)[0], fmt, turns), parse_memos(memo_lines))
    if not parsed.text:
        raise ValidationError(f"{name}: no transcript text found")
    if all(t.speaker == "Unknown" for t in parsed.turns):
        parsed.warnings.append("no 'Name: text' speaker turns found; the whole text is one turn")
    if numbers:
        parsed.warnings.append(line_number_warning(numbers))
    return with_preamble(parsed, header, preamble, tool_header, footer)
