"""Lines transcription tools add to their exports: "Transcribed by https://otter.ai", Rev's and
Temi's "Transcript by Rev.com" and page lines, Descript's, Zoom's and Teams' notes. They are kept as the
document's header or footer (metadata), never as a speaker's words or a turn.
"""

from __future__ import annotations

import re

TOOL_LINES = {
    "otter": (
        r"transcribed by (?:https?://)?(?:www\.)?otter\.ai\b.*",
        # Otter's title block: "Tue, Mar 01, 2022 10:02AM • 45:12", keywords and speaker lists
        r"[A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, \d{4}\s+\d{1,2}:\d{2}\s?[AP]M\s*•.*",
        r"summary keywords|speakers",
    ),
    "rev": (
        r"transcript by rev\.com",
        r".{1,120} \(completed \d{1,2}/\d{1,2}/\d{2,4}\)(?:\s*page \d+ of \d+)?",
        r"this transcript was exported on .{4,40}? - view latest version here\.?",
        r"rev\.com\s*(?:page \d+ of \d+)?",
    ),
    "temi": (r"transcript by temi\.com", r"temi\.com\s*(?:page \d+ of \d+)?"),
    "descript": (
        r"(?:transcribed|transcript (?:generated|created|exported)) (?:by|with|in|using|from) "
        r"descript\b.*",
    ),
    "zoom": (
        r"zoom (?:meeting|webinar|cloud recording) transcript\b.*",
        r"meeting id:\s*\d[\d ]{6,}\d",
        r"(?:recording|transcription) (?:started|stopped|paused|resumed)\.?",
    ),
    "teams": (r".{1,60} (?:started|stopped) (?:transcription|recording)",),
    "pages": (r"page \d+(?: of \d+)?", r"- ?\d+ ?-", r"\d+ of \d+"),
}
TOOL_LINE = re.compile(
    "|".join(f"(?:{p})" for patterns in TOOL_LINES.values() for p in patterns), re.IGNORECASE
)


def is_tool_line(line: str) -> bool:
    """A whole line that a transcription tool adds to its export (never speech)."""
    return bool(TOOL_LINE.fullmatch(line.strip()))


def split_tool_notes(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(header notes, the lines between, footer notes): the leading and trailing runs of tool
    lines, blank lines between them allowed."""
    start = 0
    header: list[str] = []
    while start < len(lines) and (not lines[start].strip() or is_tool_line(lines[start])):
        if lines[start].strip():
            header.append(lines[start].strip())
        start += 1
    end = len(lines)
    footer: list[str] = []
    while end > start and (not lines[end - 1].strip() or is_tool_line(lines[end - 1])):
        if lines[end - 1].strip():
            footer.insert(0, lines[end - 1].strip())
        end -= 1
    return header, lines[start:end], footer
