"""Line numbers printed in a transcript's margin (PDFs of research interviews, text pasted from
them): "12 Interviewer: ..." or a bare "12" line. They are layout, not speech, and never memos:
they leave the text before turns are read.

A number is a margin line number when it belongs to a chain of numbered lines counting up by a
fixed step (1, or 5 or 10 for every fifth or tenth line), each close to the previous one:
MIN_BARE_CHAIN lines in a row counting from 1, or MIN_CHAIN lines, that hold nothing but the
number (a number alone on a line, "2" then "3", is speech); MIN_SPARSE_CHAIN lines numbered every
fifth or tenth line; or MIN_CHAIN lines numbered one by one that start the file, break a sentence
from one numbered line to the next (text wrapped at the margin), or follow such a chain (numbers
restarting on each page). A list a participant dictates ("1 first ... 2 second") and numbered
notes after the transcript do none of this and keep their numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBERED = re.compile(r"^\s*(?P<number>\d{1,5})(?:(?:\s+|\t)(?P<rest>\S.*))?\s*$")
STEPS = (1, 5, 10)
MIN_CHAIN = 5
MIN_SPARSE_CHAIN = 3
MIN_BARE_CHAIN = 2
SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]]\s*$")


@dataclass
class _Numbered:
    index: int
    number: int
    bare: bool
    rest: str = ""


def _numbered_lines(lines: list[str]) -> list[_Numbered]:
    found = []
    for index, line in enumerate(lines):
        match = NUMBERED.match(line)
        if match:
            rest = match.group("rest")
            found.append(_Numbered(index, int(match.group("number")), rest is None, rest or ""))
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


def _margin_chains(lines: list[str], chains: list[list[_Numbered]]) -> list[list[_Numbered]]:
    """The chains that are margin numbering (see the module's rules), in file order."""
    margin: list[list[_Numbered]] = []
    for chain in chains:
        step = chain[1].number - chain[0].number if len(chain) > 1 else 1
        bare = all(line.bare for line in chain)
        adjacent = all(b.index == a.index + 1 for a, b in zip(chain, chain[1:], strict=False))
        counts_from_one = chain[0].number == 1
        if (
            bare
            and len(chain) >= MIN_BARE_CHAIN
            and ((adjacent and counts_from_one) or len(chain) >= MIN_CHAIN)
        ):
            margin.append(chain)
        elif step > 1 and len(chain) >= MIN_SPARSE_CHAIN:
            margin.append(chain)
        elif len(chain) >= MIN_CHAIN and (
            any(not line.bare for c in margin for line in c)
            or not any(line.strip() for line in lines[: chain[0].index])
            or _wraps(chain)
        ):
            margin.append(chain)
    return margin


def _wraps(chain: list[_Numbered]) -> bool:
    """Whether a sentence runs on from one numbered line into the next."""
    return any(
        b.index == a.index + 1
        and a.rest
        and not SENTENCE_END.search(a.rest)
        and b.rest[:1].islower()
        for a, b in zip(chain, chain[1:], strict=False)
    )


def without_line_numbers(lines: list[str]) -> list[str | None]:
    """Each line without its margin number; None for a line that held only the number."""
    margin = {
        line.index: line
        for chain in _margin_chains(lines, _chains(_numbered_lines(lines)))
        for line in chain
    }
    return [
        line
        if index not in margin
        else None
        if margin[index].bare
        else NUMBERED.match(line).group("rest")
        for index, line in enumerate(lines)
    ]


def strip_line_numbers(lines: list[str]) -> tuple[list[str], int]:
    """(lines without margin numbers, how many numbers were removed): a bare number line goes,
    a numbered line keeps its text."""
    cleaned = without_line_numbers(lines)
    removed = sum(1 for old, new in zip(lines, cleaned, strict=True) if old != new)
    return [line for line in cleaned if line is not None], removed


def line_number_warning(count: int) -> str:
    return f"{count} margin line number(s) removed from the text (layout, not speech)"
