"""Splitting Qualtrics multi-select cells ("A,B (x, y),C") into the chosen option labels.

Qualtrics joins the chosen labels with a bare comma, and labels may hold commas themselves.
Against known options, a cell is cut at the commas that give a sequence of known labels (the
fewest, longest labels win). Without options, a comma splits only when it is outside parentheses,
brackets and quotes and not followed by a space (a label's own commas are written ", ").
"""

from __future__ import annotations

OPENERS = {"(": ")", "[": "]", "{": "}"}
QUOTES = {'"', "“", "”"}


def split_known(cell: str, options: list[str]) -> list[str] | None:
    """The known labels that make up the cell, or None when no cut fits."""
    known = {o.strip() for o in options}
    parts = cell.split(",")
    best: list[list[str] | None] = [[]] + [None] * len(parts)
    for end in range(1, len(parts) + 1):
        for start in range(end):
            if best[start] is None:
                continue
            piece = ",".join(parts[start:end]).strip()
            if piece in known and (best[end] is None or len(best[start]) + 1 < len(best[end])):
                best[end] = [*best[start], piece]
    return best[-1]


def split_learned(cell: str) -> list[str]:
    """Cut at top-level commas not followed by a space; commas in (), [], {} or quotes never split."""
    pieces, current, closers, in_quote = [], [], [], False
    for index, char in enumerate(cell):
        if char in QUOTES:
            in_quote = not in_quote
        elif not in_quote and char in OPENERS:
            closers.append(OPENERS[char])
        elif not in_quote and closers and char == closers[-1]:
            closers.pop()
        follower = cell[index + 1 : index + 2]
        if char == "," and not closers and not in_quote and not follower.isspace() and follower:
            pieces.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    pieces.append("".join(current).strip())
    return [p for p in pieces if p]


def split_cell(cell: str, options: list[str] | None = None) -> tuple[list[str], list[str]]:
    """(chosen labels, parts that are not known options); without options every part is a label."""
    if not cell.strip():
        return [], []
    if options:
        known = split_known(cell, options)
        if known is not None:
            return known, []
        parts = split_learned(cell)
        return [p for p in parts if p in options], [p for p in parts if p not in options]
    return split_learned(cell), []
