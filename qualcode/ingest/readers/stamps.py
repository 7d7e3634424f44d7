"""Time stamps in transcripts ("01:02:03", "02:03,5") as seconds from the start."""

from __future__ import annotations


def parse_stamp(value: str | None) -> float | None:
    """'01:02:03' or '02:03' (or with a fraction) as seconds."""
    if not value:
        return None
    parts = [float(p) for p in value.replace(",", ".").split(":")]
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds
