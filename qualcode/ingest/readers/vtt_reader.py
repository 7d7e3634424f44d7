"""WebVTT captions (Zoom, Teams, Stream, YouTube): cues become turns, one speaker's cues merged."""

from __future__ import annotations

from qualcode.errors import ValidationError
from qualcode.ingest.readers.captions import caption_turns, read_cues
from qualcode.ingest.readers.text_reader import decode
from qualcode.ingest.transcript import ParsedTranscript, assemble


def read(name: str, data: bytes, memos: str = "auto") -> ParsedTranscript:
    """Parse a WebVTT file (captions carry no memo blocks: `memos` is not used)."""
    text = decode(name, data)
    if not text.lstrip("\ufeff").lstrip().startswith("WEBVTT"):
        raise ValidationError(f"{name}: not a WebVTT file (it must start with 'WEBVTT')")
    return captions(name, text, "vtt")


def captions(name: str, text: str, fmt: str) -> ParsedTranscript:
    """Caption cues (WebVTT or SRT) as turns; the header's fields are kept as metadata."""
    cues, header = read_cues(text)
    if not cues:
        raise ValidationError(f"{name}: no cues with timings found")
    turns, rolling = caption_turns(cues)
    parsed = assemble(name.rsplit(".", 1)[0], fmt, turns)
    if not parsed.text:
        raise ValidationError(f"{name}: the cues hold no text")
    if header:
        parsed.meta["header"] = header
    if rolling:
        parsed.warnings.append(
            "rolling captions (each cue repeats the end of the one before, as in YouTube's "
            "auto-captions): the repeated words are stored once"
        )
    return parsed
