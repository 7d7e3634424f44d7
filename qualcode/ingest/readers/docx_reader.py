"""Word transcripts: Rev-style ("Speaker 1:" paragraph, then the turn), Otter- and Teams-style
("Name  0:03" paragraph, then the turn), "Name: text" paragraphs,
question/answer forms ("Answer: ..." lines), and tables (speaker | text rows, or plain content).

Paragraphs and tables are read in document order. A numbered memo block at the end
("Annotations", then "1 ...", "2 ...") becomes memos, never part of a turn.
"""

from __future__ import annotations

import io
import re
import zipfile

from qualcode.errors import ValidationError
from qualcode.ingest.freed_memory import release_freed_memory
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
W_BODY = f"{W}body"
W_RUN_TEXT = {f"{W}{tag}" for tag in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab")}
STAMP_CELL = re.compile(r"^\s*\[?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\]?\s*$")


MAIN_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
OFFICE_DOCUMENT = "/officeDocument"


def _main_part(archive: zipfile.ZipFile) -> str:
    """The member holding the document body, as the package's relationships name it; refused
    unless its content type is a Word document's (as python-docx refuses templates, .docm)."""
    from lxml import etree

    safe = etree.XMLParser(resolve_entities=False, no_network=True)
    rels = etree.fromstring(archive.read("_rels/.rels"), safe)
    target = next(
        (r.get("Target", "") for r in rels.iter(PACKAGE_RELS) if r.get("Type", "").endswith(OFFICE_DOCUMENT)),
        "",
    )  # fmt: skip
    part = target.lstrip("/")
    types = etree.fromstring(archive.read("[Content_Types].xml"), safe)
    declared = {o.get("PartName", "").lstrip("/"): o.get("ContentType") for o in types.iter(f"{CONTENT_TYPES}Override")}  # fmt: skip
    if declared.get(part) != MAIN_CONTENT_TYPE:
        raise ValueError(f"not a Word document (content type {declared.get(part)!r} of '{part}')")
    return part


def blocks(name: str, data: bytes) -> list[str | list[list[str]]]:
    """The body in document order: paragraph texts (str) and tables (rows of cell texts).

    document.xml is parsed as a stream (lxml iterparse with python-docx's element classes), each
    paragraph or table dropped once read: python-docx's Document held the whole XML tree, about
    20x the file's size for a long transcript."""
    from docx.oxml.parser import element_class_lookup
    from docx.table import Table
    from lxml import etree

    found: list[str | list[list[str]]] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        with archive.open(_main_part(archive)) as member:
            events = etree.iterparse(
                member, events=("end",), tag=(W_PARAGRAPH, W_TABLE), remove_blank_text=True,
                resolve_entities=False, no_network=True, huge_tree=True,
            )  # fmt: skip
            events.set_element_class_lookup(element_class_lookup)
            for _, element in events:
                parent = element.getparent()
                if parent is None or parent.tag != W_BODY:
                    continue  # a paragraph inside a table: read with its table
                if element.tag == W_PARAGRAPH:
                    found.append(paragraph_text(element))
                else:
                    found.append([[c.text for c in row.cells] for row in Table(element, None).rows])
                element.clear()
                while element.getprevious() is not None:
                    del parent[0]
    except Exception as exc:  # zipfile, lxml and python-docx raise many kinds for broken files
        raise ValidationError(
            f"{name}: not a valid .docx file ({type(exc).__name__}: {exc})"
        ) from exc
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
    elif otter_reader.looks_like_lines(lines):  # Otter and Teams Word exports
        turns, preamble = otter_reader.otter_turns(lines)
        fmt = "docx"
    else:
        (turns, preamble), fmt = parse_turns(lines), "docx"
    found.clear()  # the paragraphs live on in the turns: let the blocks go before assembling
    lines.clear()
    release_freed_memory()  # and their memory, before the text is joined
    parsed = attach_memos(assemble(title, fmt, turns), numbered)
    if numbers:
        parsed.warnings.append(line_number_warning(numbers))
    return with_preamble(parsed, header, preamble, tool_header, footer)
