"""Text from a PDF's text layer as a reader would type it: the layout's tabs and runs of spaces
become one space, a line broken inside a sentence is joined with a space, a word hyphenated at a
line end is joined, and running page headers and footers (a title, "Page 3 of 12", a tool's mark
on every page) leave the text. Phrase search then finds what the page shows.
"""

from __future__ import annotations

import re
from collections import Counter

from qualcode.ingest.tool_notes import is_tool_line

SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
SENTENCE_END = re.compile(r"[.!?…:][\"”’')\]]*$")
HYPHENATED = re.compile(r"(?P<before>\w*[^\W\d_])-$")
NEXT_WORD = re.compile(r"^(?P<after>[^\W\d_][\w]*)")
WORDS = re.compile(r"[\w-]+")
DIGITS = re.compile(r"\d+")
SPEECH = re.compile(r"^[^:]{1,40}:\s")  # "Name: text" opens a turn: never a running line


def tidy_spaces(text: str) -> str:
    """Tabs and runs of layout spaces as one space; no spaces at line ends."""
    return "\n".join(SPACES.sub(" ", line).strip() for line in text.split("\n"))


def running_lines(pages: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    """(pages without their running header/footer lines, those lines once each): the first and
    last lines of a page while they are a tool's mark or recur (digits aside) at the edges of
    every page, or of two thirds of three or more pages, and neither end a sentence nor open a
    turn."""
    edges: Counter[str] = Counter()
    for lines in pages:
        for line in {_first(lines), _last(lines)} - {""}:
            edges[DIGITS.sub("#", line)] += 1
    recurring = {
        line
        for line, count in edges.items()
        if len(pages) >= 2
        and (count == len(pages) or (len(pages) >= 3 and count >= len(pages) * 2 / 3))
        and not SENTENCE_END.search(line)
        and not SPEECH.match(line)
    }
    removed: list[str] = []
    cleaned = []
    for lines in pages:
        lines = list(lines)
        for edge in (0, -1):
            while lines and (not lines[edge].strip() or _is_running(lines[edge], recurring)):
                line = lines.pop(edge).strip()
                if line and line not in removed:
                    removed.append(line)
        cleaned.append(lines)
    return cleaned, removed


def _first(lines: list[str]) -> str:
    return next((line.strip() for line in lines if line.strip()), "")


def _last(lines: list[str]) -> str:
    return next((line.strip() for line in reversed(lines) if line.strip()), "")


def _is_running(line: str, recurring: set[str]) -> bool:
    return is_tool_line(line) or DIGITS.sub("#", line.strip()) in recurring


def reflow(text: str, vocabulary: set[str]) -> str:
    """Join the lines of one turn: a break inside a sentence becomes a space, a word hyphenated
    at a line end is joined (keeping its hyphen when the document writes it hyphenated elsewhere
    and not joined), and a break after a sentence end stays."""
    lines = text.split("\n")
    out = lines[0] if lines else ""
    for line in lines[1:]:
        hyphen = HYPHENATED.search(out)
        after = NEXT_WORD.match(line)
        if hyphen and after and after.group("after")[:1].islower():
            before, rest = hyphen.group("before"), after.group("after")
            joined = (before + rest).casefold()
            keep = joined not in vocabulary and f"{before}-{rest}".casefold() in vocabulary
            out = out[: hyphen.start()] + before + ("-" if keep else "") + line
        elif not line.strip() or not out.strip():
            out = f"{out}\n{line}"
        elif SENTENCE_END.search(out) and not line[:1].islower():
            out = f"{out}\n{line}"
        else:
            out = f"{out} {line}"
    return out


def vocabulary(text: str) -> set[str]:
    """The document's words (hyphenated ones whole), casefolded, for deciding line-end hyphens.
    Matched one at a time: a list of every word of a long PDF took 300 MB."""
    return {m.group().casefold() for m in WORDS.finditer(text)}
