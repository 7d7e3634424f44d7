"""The transcript as escaped HTML for the span selector: text pieces carrying their UTF-16 offset
and the codings that cover them, highlighted in the codes' colours (overlaps stacked as bars);
open suggestions are dashed outlines in their code's colour, the focused one shaded."""

from __future__ import annotations

from collections.abc import Sequence
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
class Hint:
    """One open suggestion as the view needs it."""

    suggestion_id: int
    start: int
    end: int
    color: str
    label: str  # "Suggested: Code (p=0.83) · assistant"
    focused: bool = False


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


def _hint_style(hints: list[Hint], start: int, end: int) -> str:
    """Dashed top and bottom; the sides only where a suggestion begins or ends (pieces are inline)."""
    hint = next((h for h in hints if h.focused), hints[0])
    color = safe_color(hint.color)
    style = f"border:2px dashed {color};border-left:none;border-right:none"
    if any(h.start == start for h in hints):
        style += f";border-left:2px dashed {color}"
    if any(h.end == end for h in hints):
        style += f";border-right:2px dashed {color}"
    return style + (f";background-color:{color}40" if hint.focused else "")


def _pieces(text: str, blocks: list[Block], marks: list[Mark], hints: list[Hint]):
    """(start, end, marks, hints) pieces covering every block, split wherever a coding or a
    suggestion starts or ends."""
    starts: dict[int, list[Mark | Hint]] = {}
    ends: dict[int, list[Mark | Hint]] = {}
    points = {0, len(text)}
    for block in blocks:
        points.update((block.start, block.end))
    for item in [*marks, *hints]:
        starts.setdefault(item.start, []).append(item)
        ends.setdefault(item.end, []).append(item)
        points.update((item.start, item.end))
    ordered = sorted(p for p in points if 0 <= p <= len(text))
    active: dict[tuple[str, int], Mark | Hint] = {}

    def key(item: Mark | Hint) -> tuple[str, int]:
        return ("m", item.coding_id) if isinstance(item, Mark) else ("h", item.suggestion_id)

    pieces = []
    for here, after in zip(ordered, ordered[1:], strict=False):
        for item in ends.get(here, ()):
            active.pop(key(item), None)
        for item in starts.get(here, ()):
            active[key(item)] = item
        now = sorted(active.items())
        pieces.append((here, after, [i for k, i in now if k[0] == "m"],
                       [i for k, i in now if k[0] == "h"]))  # fmt: skip
    return pieces


def transcript_html(
    text: str, blocks: list[Block], marks: list[Mark], hints: Sequence[Hint] = ()
) -> str:  # fmt: skip
    """The whole transcript as HTML; every piece of user text is escaped."""
    blocks = sorted(blocks, key=lambda b: b.start) or [Block(0, len(text))]
    utf16 = Utf16Map(text)
    pieces = _pieces(text, blocks, marks, list(hints))
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
            start, end, active, hinted = pieces[index]
            index += 1
            body = escape(text[start:end], quote=False)
            if active or hinted:
                ids = " ".join(str(m.coding_id) for m in active)
                title = escape("\n".join(m.label for m in [*active, *hinted]), quote=True)
                attributes = f'data-u="{utf16.to_utf16(start)}" data-c="{ids}"'
                if hinted:
                    focus = " data-focus" if any(h.focused for h in hinted) else ""
                    attributes += (' class="qc-suggested" data-s="'
                                   + " ".join(str(h.suggestion_id) for h in hinted) + f'"{focus}')  # fmt: skip
                style = ";".join(
                    ([_style(active)] if active else []) + ([_hint_style(hinted, start, end)]
                                                            if hinted else [])
                )  # fmt: skip
                out.append(f'<span {attributes} style="{style}" title="{title}">{body}</span>')
            else:
                out.append(f'<span data-u="{utf16.to_utf16(start)}">{body}</span>')
        out.append("</div></div>")
    return "".join(out)
