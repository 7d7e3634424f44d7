"""What comes before the first speaker turn: a Rev header ("Name:", "Created On:", ...) and title
lines such as "Interview P4 - 26 July 2022 - remote call". Both are kept as document metadata
(meta["header"], meta["preamble"]), never as a turn or a speaker, and never in the stored text;
so are the lines a transcription tool adds before and after the transcript (meta["tool_header"],
meta["footer"], see tool_notes)."""

from __future__ import annotations

import re

from qualcode.ingest.transcript import ParsedTranscript

REV_HEADER = re.compile(
    r"^\s*(?P<field>Name|Created On|Created By|Modified On|Modified By|Size)\s*:\s?(?P<value>.*)$",
    re.IGNORECASE,
)


def split_header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """(Rev header fields in order, the remaining lines): the header is the leading run of header
    lines (blank lines between them allowed); a line such as "Size: ..." later on is left alone."""
    header: dict[str, str] = {}
    index = 0
    while index < len(lines):
        match = REV_HEADER.match(lines[index])
        if match:
            header.setdefault(match.group("field").strip(), match.group("value").strip())
        elif lines[index].strip():
            break
        index += 1
    return (header, lines[index:]) if header else ({}, lines)


def with_preamble(
    parsed: ParsedTranscript,
    header: dict[str, str],
    preamble: list[str],
    tool_header: list[str] = (),
    footer: list[str] = (),
) -> ParsedTranscript:
    """Keep a header, the tool's header and footer lines, and the non-blank lines before the first
    turn in the transcript's metadata."""
    if header:
        parsed.meta["header"] = header
    if tool_header:
        parsed.meta["tool_header"] = "\n".join(tool_header)
    if footer:
        parsed.meta["footer"] = "\n".join(footer)
    text = "\n".join(line.strip() for line in preamble if line.strip())
    if text:
        parsed.meta["preamble"] = text
        parsed.warnings.append(
            f"{len(text.splitlines())} line(s) before the first speaker turn kept as the "
            "document's preamble (metadata), not as a turn"
        )
    return parsed
