"""Which "Label: text" lines open a speaker turn, and which are just text with a colon.

A speaker label is short (at most 4 words and 40 characters) and starts a line. It opens a turn
when it is a known speaker of the file (it labels two or more lines), or when it looks like a name
or role label ("Ana Lee", "Speaker 2", "P3", "Interviewer") and is not a one-off among speakers who
recur: in a file where "Interviewer" and "Participant" take turns, a single "Note: ..." or
"My checklist was simple: ..." line is part of the current turn. Generic labels ("Speaker 3",
"P7", labels naming a role such as "Interviewer 2" or "Int.") are speakers even when they speak once.
"""

from __future__ import annotations

import re
from collections import Counter

from qualcode.ingest.roles import named_role
from qualcode.ingest.transcript import has_cjk

MAX_WORDS = 4
MAX_CHARS = 40
MAX_CJK_CHARS = 8  # "访谈者", "受访者 2": a longer run of characters is a sentence
PARTICLES = {"al", "bin", "da", "de", "del", "der", "di", "du", "la", "le", "van", "von"}
GENERIC_LABEL = re.compile(
    r"^(?:speaker|participant|interviewee|respondent|person|p|s|r|i)\s*\d{1,3}$"
    r"|^(?:interviewer|moderator|researcher|facilitator|participant|interviewee|respondent|"
    r"question|answer|q|a)$",
    re.IGNORECASE,
)


EMPHASISED_LABEL = re.compile(
    r"^(?P<indent>\s*)(?P<mark>\*\*|__|\*|_)(?P<label>[^*_\n]{1,60}?)(?P=mark)"
)


def without_emphasis(line: str) -> str:
    """The line with Markdown emphasis around a leading label removed ("**Emma:** hi", "**Emma**
    0:03", "__Ann__: hi"), as transcripts saved from Markdown editors mark the speaker."""
    if line.lstrip()[:1] not in ("*", "_"):  # most lines: no regex needed
        return line
    return EMPHASISED_LABEL.sub(r"\g<indent>\g<label>", line, count=1)


def is_short(label: str) -> bool:
    """At most MAX_WORDS words and MAX_CHARS characters, and not a bare number."""
    label = label.strip()
    return 0 < len(label) <= MAX_CHARS and len(label.split()) <= MAX_WORDS and not label.isdigit()


def looks_like_label(label: str) -> bool:
    """Capitalised words, initials or numbers ("Dr. Ana de Souza", "Speaker 2", "P3"), or a short
    label in a script without capitals ("访谈者", "聞き手")."""
    words = [w.strip("()[]") for w in label.split()]
    if not words or not _capital(words[0]):
        return False
    if has_cjk(label) and len(label.strip()) > MAX_CJK_CHARS:
        return False
    return all(
        _capital(w) or w.isdigit() or (i and w.casefold() in PARTICLES)
        for i, w in enumerate(words)
        if w
    )


def _capital(word: str) -> bool:
    """Starts with a capital letter or a letter of a script without case."""
    return word[:1].isalpha() and not word[:1].islower()


def speaker_labels(candidates: list[str]) -> set[str]:
    """The labels, among those found at line starts (one entry per line), that name speakers."""
    counts = Counter(label.strip() for label in candidates if is_short(label))
    recurring = {label for label, count in counts.items() if count >= 2}
    return recurring | {
        label
        for label in counts
        if looks_like_label(label)
        and (
            not recurring
            or GENERIC_LABEL.match(label)
            or named_role(label) in ("interviewer", "participant", "unknown")
        )
    }
