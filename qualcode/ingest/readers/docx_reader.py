"""Word transcripts: Rev-style ("Speaker 1:" paragraph, then the turn), Otter- and Teams-style
("Name  0:03" paragraph, then the turn), "Name: text" paragraphs,
question/answer forms ("Answer: ..." lines), and tables (speaker | text rows, or plain content).

Paragraphs and tables are read in document order. A numbered memo block at the end
("Annotations", then "1 ...", "2 ...") becomes memos, never part of a turn.
"""

from __future__ import annotations

import io
import re

from qualcode.errors import ValidationError
from qualcode.ingest.line_numbers import line_number_warning, strip_line_numbers
from qualcode.ingest.memos import attach_memos, parse_memos, split_memo_block
from qualcode.ingest.readers import docx_form, otter_reader
from qualcode.ingest.readers.preamble import split_header, with_preamble
from qualcode.ingest.readers.rev_layout import is_rev_layout, rev_turns
from qualcode.ingest.readers.stamps import parse_stamp
from qualcode.ingest.readers.text_reader import parse_turns
from qualcode.ingest.tool_notes import split_tool_notes
from qualcode.ingest.transcript import ParsedTranscript, RawTurn, assemble

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_PARAGRAPH, W_TABLE, W_RUN, W_HYPERLINK = f"{W}p", f"{W}tbl", f"{W}r", f"{W}hyperlink"
W_RUN_TEXT = {f"{W}{tag}" for tag in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab")}
STAMP_CELL = re.compile(r"^\s*\[?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\]?\s*$")


def open_document(name: str, data: bytes):
    """The python-docx Document; a clear error when the bytes are not a Word document."""
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx and zipfile raise many kinds for broken files
        raise ValidationError(
            f"{name}: not a valid .docx file ({type(exc).__name__}: {exc})"
        ) from exc


def blocks(name: str, data: bytes) -> list[str | list[list[str]]]:
    """The body in document order: paragraph texts (str) and tables (rows of cell texts)."""
    from docx.table import Table

    document = open_document(name, data)
    found: list[str | list[list[str]]] = []
    for child in document.element.body.iterchildren():
        if child.tag == W_PARAGRAPH:
            found.append(paragraph_text(child))
        elif child.tag == W_TABLE:
            rows = [[cell.text for cell in row.cells] for row in Table(child, document._body).rows]
            found.append(rows)
    return found


def paragraph_text(element) -> str:
    """What python-docx's Paragraph.text gives (runs and hyperlinks; tabs, breaks and no-break
    hyphens as characters), by walking the children instead of running two XPath queries per
    paragraph and per run, which took half of the time of reading a transcript."""
    parts: list[str] = []
    for child in element:
        runs = (child,) if child.tag == W_RUN else child if child.tag == W_HYPERLINK else ()
        for run in runs:
            if run.tag == W_RUN:
                parts.extend(str(e) for e in run if e.tag in W_RUN_TEXT)
    return "".join(parts)


def paragraphs(name: str, data: bytes) -> list[str]:
    """The paragraph texts of a .docx (tables left out)."""
    return [b for b in blocks(name, data) if isinstance(b, str)]


def table_turns(rows: list[list[str]]) -> list[RawTurn] | None:
    """A transcript table (speaker | [time |] text per row) as turns, or None for another table."""
    rows = [[c.strip() for c in row] for row in rows if any(c.strip() for c in row)]
    if len(rows) < 2 or not all(2 <= len(row) <= 3 for row in rows):
        return None
    if rows[0][0].casefold() in ("speaker", "name", "who"):
        rows = rows[1:]
    speakers = [row[0] for row in rows]
    if not speakers or any(len(s) > 40 or not s for s in speakers) or len(set(speakers)) > 8:
        return None
    turns = []
    for row in rows:
        stamp = row[1] if len(row) == 3 and STAMP_CELL.match(row[1]) else None
        turns.append(RawTurn(row[0], row[-1], parse_stamp(stamp.strip("[]")) if stamp else None))
    return turns


def read(name: str, data: bytes, memos: str = "auto") -> ParsedTranscript:
    """Parse a Word transcript in any of the layouts above."""
    found = blocks(name, data)
    title = name.rsplit(".", 1)[0]
    if docx_form.is_form(found):
        parsed = docx_form.read_blocks(title, found, memos)
    else:
        parsed = _read_turn_layout(title, found, memos)
    if not parsed.text:
        raise ValidationError(f"{name}: no transcript text found")
    return parsed


def _read_turn_layout(
    title: str, found: list[str | list[list[str]]], memos: str = "auto"
) -> ParsedTranscript:
    lines: list[str] = []
    table_based: list[RawTurn] = []
    for block in found:
        if isinstance(block, str):
            lines.append(block)
        else:
            turns = table_turns(block)
            if turns is not None:
                table_based.extend(turns)
            else:
                lines.extend(docx_form.table_text(block).splitlines())
    header, lines = split_header(lines)
    tool_header, lines, footer = split_tool_notes(lines)
    lines, memo_lines = split_memo_block(lines, memos)
    lines, numbers = strip_line_numbers(lines)
    numbered = parse_memos(memo_lines)
    is_rev = is_rev_layout(lines)
    preamble: list[str] = []
    if table_based and not is_rev:
        turns, fmt = table_based, "docx"
    elif is_rev:
        turns, preamble = rev_turns(lines, anchors_follow_labels=bool(numbered))
        fmt = "rev"
    elif otter_reader.looks_like("\n".join(lines)):  # Otter and Teams Word exports
        turns, preamble = otter_reader.otter_turns(lines)
        fmt = "docx"
    else:
        (turns, preamble), fmt = parse_turns(lines), "docx"
    parsed = attach_memos(assemble(title, fmt, turns), numbered)
    if numbers:
        parsed.warnings.append(line_number_warning(numbers))
    return with_preamble(parsed, header, preamble, tool_header, footer)
