"""Line numbers printed in a transcript's margin (PDFs of research interviews, text pasted from
them): "12 Interviewer: ..." or a bare "12" line. They are layout, not speech, and never memos:
they leave the text before turns are read.

A number is a margin line number when it belongs to a chain of numbered lines counting up by a
fixed step (1, or 5 or 10 for every fifth or tenth line), each close to the previous one: at least
MIN_CHAIN lines, or MIN_BARE_CHAIN lines that hold nothing but the number. A list a participant
dictates ("1 first ... 2 second") is shorter than a chain and keeps its numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBERED = re.compile(r"^\s*(?P<number>\d{1,5})(?:(?:\s+|\t)(?P<rest>\S.*))?\s*$")
STEPS = (1, 5, 10)
MIN_CHAIN = 5
MIN_BARE_CHAIN = 2


@dataclass
class _Numbered:
    index: int
    number: int
    bare: bool


def _numbered_lines(lines: list[str]) -> list[_Numbered]:
    found = []
    for index, line in enumerate(lines):
        match = NUMBERED.match(line)
        if match:
            found.append(_Numbered(index, int(match.group("number")), match.group("rest") is None))
    return found


def _chains(numbered: list[_Numbered]) -> list[list[_Numbered]]:
    """Runs of numbered lines counting up by one step, each within `step + 2` lines of the last."""
    chains: list[list[_Numbered]] = []
    current: list[_Numbered] = []
    step = 0
    for line in numbered:
        if current:
            last = current[-1]
            gap = line.index - last.index
            expected_step = step or line.number - last.number
            if (
                expected_step in STEPS
                and line.number - last.number == expected_step
                and gap <= expected_step + 2
            ):
                current.append(line)
                step = expected_step
                continue
            chains.append(current)
        current, step = [line], 0
    if current:
        chains.append(current)
    return chains


def _is_margin(chain: list[_Numbered]) -> bool:
    if len(chain) >= MIN_CHAIN:
        return True
    return len(chain) >= MIN_BARE_CHAIN and all(line.bare for line in chain)


def strip_line_numbers(lines: list[str]) -> tuple[list[str], int]:
    """(lines without margin numbers, how many numbers were removed): a bare number line goes,
    a numbered line keeps its text."""
    margin = {
        line.index: line
        for chain in _chains(_numbered_lines(lines))
        if _is_margin(chain)
        for line in chain
    }
    if not margin:
        return lines, 0
    kept = []
    for index, line in enumerate(lines):
        if index not in margin:
            kept.append(line)
        elif not margin[index].bare:
            kept.append(NUMBERED.match(line).group("rest"))
    return kept, len(margin)


def line_number_warning(count: int) -> str:
    return f"{count} margin line number(s) removed from the text (layout, not speech)"
