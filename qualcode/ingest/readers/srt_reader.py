"""SubRip (.srt) captions: numbered cues with "00:00:01,000 --> 00:00:04,000" timings."""

from __future__ import annotations

import re

from qualcode.errors import ValidationError
from qualcode.ingest.readers.text_reader import decode
from qualcode.ingest.readers.vtt_reader import captions

SRT_TIMING = re.compile(r"^\s*\d+\s*\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s+-->", re.MULTILINE)


def looks_like(text: str) -> bool:
    """A cue number line followed by a timing line."""
    return bool(SRT_TIMING.search(text[:2000].replace("\r\n", "\n")))


def read(name: str, data: bytes, memos: str = "auto"):
    """Parse an SRT file; speakers come from "Name: text" cues or voice tags."""
    text = decode(name, data)
    if not looks_like(text):
        raise ValidationError(
            f"{name}: not an SRT file (expected a cue number, then a timing line)"
        )
    return captions(name, text, "srt")
