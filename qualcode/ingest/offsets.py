"""Editing stored text without breaking spans: apply replacements and map old offsets to new ones.

Used when memo anchors leave a transcript and when de-identification replaces names: every span
that points into the text (turns, memos, codings) is carried over with `OffsetMap.span`.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] by `replacement`."""

    start: int
    end: int
    replacement: str = ""


class OffsetMap:
    """Maps offsets of the old text to offsets of the edited text."""

    def __init__(self, edits: list[Edit]) -> None:
        self._edits = edits
        self._starts = [e.start for e in edits]
        shifts, total = [], 0
        for edit in edits:
            total += len(edit.replacement) - (edit.end - edit.start)
            shifts.append(total)
        self._shifts = shifts

    def position(self, offset: int, *, is_end: bool = False) -> int:
        """The new offset. An offset inside a replaced range moves to the replacement's start, or to
        its end when it ends a span, so a span that covered part of a name covers all of its pseudonym."""
        index = bisect_right(self._starts, offset) - 1
        if index < 0:
            return offset
        edit = self._edits[index]
        if offset >= edit.end:
            return offset + self._shifts[index]
        new_start = edit.start + (self._shifts[index - 1] if index > 0 else 0)
        if is_end and offset > edit.start:
            return new_start + len(edit.replacement)
        return new_start

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the old text in the new text (never inverted)."""
        new_start = self.position(start)
        return new_start, max(new_start, self.position(end, is_end=True))


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, OffsetMap]:
    """The edited text and the map from old to new offsets; edits must not overlap."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for previous, current in zip(ordered, ordered[1:], strict=False):
        if current.start < previous.end:
            raise ValueError(
                f"overlapping edits at {previous.start}-{previous.end} and {current.start}"
            )
    pieces, position = [], 0
    for edit in ordered:
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces), OffsetMap(ordered)
