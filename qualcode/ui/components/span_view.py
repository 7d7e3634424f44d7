"""The transcript as escaped HTML for the span selector: text pieces carrying their UTF-16 offset
and the codings that cover them, highlighted in the codes' colours (overlaps stacked as bars)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from qualcode.codebook.schema import COLOR_PATTERN
from qualcode.coding.offsets import Utf16Map
from qualcode.ui.markup import timestamp

ROLE_COLORS = {"interviewer": "#6b7280", "participant": "#1d4ed8", "other": "#7c3aed"}
MAX_BARS = 5


@dataclass(frozen=True)
class Mark:
    """One coding as the view needs it."""

    coding_id: int
    start: int
    end: int
    color: str
    label: str  # "Code name · coder"


@dataclass(frozen=True)
class Block:
    """A speaker turn (or the whole text when there are no turns)."""

    start: int
    end: int
    speaker: str = ""
    role: str = ""
    at: float | None = None


def safe_color(color: str) -> str:
    """A colour fit for an inline style: #rrggbb or a neutral grey."""
    return color if COLOR_PATTERN.match(color or "") else "#888888"


def _style(marks: list[Mark]) -> str:
    colors = [safe_color(m.color) for m in marks[:MAX_BARS]]
    bars = ", ".join(f"0 {2 * (i + 1)}px 0 {c}" for i, c in enumerate(colors))
    return f"background:{colors[0]}2e;box-shadow:{bars}"


def _pieces(text: str, blocks: list[Block], marks: list[Mark]):
    """(start, end, marks) pieces covering every block, split wherever a coding starts or ends."""
    starts: dict[int, list[Mark]] = {}
    ends: dict[int, list[Mark]] = {}
    points = {0, len(text)}
    for block in blocks:
        points.update((block.start, block.end))
    for mark in marks:
        starts.setdefault(mark.start, []).append(mark)
        ends.setdefault(mark.end, []).append(mark)
        points.update((mark.start, mark.end))
    ordered = sorted(p for p in points if 0 <= p <= len(text))
    active: dict[int, Mark] = {}
    pieces = []
    for here, after in zip(ordered, ordered[1:], strict=False):
        for mark in ends.get(here, ()):
            active.pop(mark.coding_id, None)
        for mark in starts.get(here, ()):
            active[mark.coding_id] = mark
        pieces.append((here, after, sorted(active.values(), key=lambda m: m.coding_id)))
    return pieces


def transcript_html(text: str, blocks: list[Block], marks: list[Mark]) -> str:
    """The whole transcript as HTML; every piece of user text is escaped."""
    blocks = sorted(blocks, key=lambda b: b.start) or [Block(0, len(text))]
    utf16 = Utf16Map(text)
    pieces = _pieces(text, blocks, marks)
    out: list[str] = []
    index = 0
    for block in blocks:
        out.append('<div class="qc-turn">')
        if block.speaker:
            color = ROLE_COLORS.get(block.role, "#374151")
            when = (
                f' <span class="qc-time">{timestamp(block.at)}</span>'
                if block.at is not None
                else ""
            )
            out.append(
                f'<div class="qc-speaker" style="color:{color}">{escape(block.speaker)} '
                f'<span class="qc-role">({escape(block.role)})</span>{when}</div>'
            )
        out.append('<div class="qc-body">')
        while index < len(pieces) and pieces[index][0] < block.start:
            index += 1
        while index < len(pieces) and pieces[index][1] <= block.end:
            start, end, active = pieces[index]
            index += 1
            body = escape(text[start:end], quote=False)
            if active:
                ids = " ".join(str(m.coding_id) for m in active)
                title = escape("\n".join(m.label for m in active), quote=True)
                out.append(f'<span data-u="{utf16.to_utf16(start)}" data-c="{ids}" '
                           f'style="{_style(active)}" title="{title}">{body}</span>')  # fmt: skip
            else:
                out.append(f'<span data-u="{utf16.to_utf16(start)}">{body}</span>')
        out.append("</div></div>")
    return "".join(out)
