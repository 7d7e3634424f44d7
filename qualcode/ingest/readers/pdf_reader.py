"""PDF transcripts with a text layer (pypdf): the page text is read as "Name: text" lines, after
the layout is undone (see pdf_text): running page headers and footers, margin line numbers, tabs,
in-sentence line breaks and line-end hyphens leave the text."""

from __future__ import annotations

import io
import logging

from qualcode.errors import ValidationError
from qualcode.ingest.line_numbers import line_number_warning, without_line_numbers
from qualcode.ingest.readers.pdf_text import reflow, running_lines, tidy_spaces, vocabulary
from qualcode.ingest.readers.text_reader import read_text
from qualcode.ingest.transcript import ParsedTranscript


def page_texts(name: str, data: bytes) -> list[str]:
    """The text of each page; a clear error for a broken PDF."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(f"{name}: the PDF is encrypted; export it without a password")
        return [page.extract_text() or "" for page in reader.pages]
    except ValidationError:
        raise
    except Exception as exc:  # pypdf raises many kinds for damaged files
        raise ValidationError(f"{name}: not a readable PDF ({type(exc).__name__}: {exc})") from exc


def read(name: str, data: bytes, memos: str = "auto") -> ParsedTranscript:
    """Parse a PDF transcript; a PDF without a text layer (a scan) is refused."""
    pages, numbers = _without_line_numbers(
        [tidy_spaces(page).split("\n") for page in page_texts(name, data)]
    )
    pages, running = running_lines(pages)
    text = "\n".join(line for lines in pages for line in lines)
    if not text.strip():
        raise ValidationError(f"{name}: the PDF has no text layer (a scan?); run OCR first")
    words = vocabulary(text)
    parsed = read_text(name, text, "pdf", memos, reflow=lambda turn: reflow(turn, words))
    if running:
        parsed.meta["page_marks"] = "\n".join(running)
    if numbers:
        parsed.warnings.append(line_number_warning(numbers))
    return parsed


def _without_line_numbers(pages: list[list[str]]) -> tuple[list[list[str]], int]:
    """Margin line numbers out of every page (their count may run on across pages)."""
    flat = [(page, line) for page, lines in enumerate(pages) for line in lines]
    cleaned = without_line_numbers([line for _, line in flat])
    out: list[list[str]] = [[] for _ in pages]
    for (page, _), line in zip(flat, cleaned, strict=True):
        if line is not None:
            out[page].append(line)
    removed = sum(1 for (_, old), new in zip(flat, cleaned, strict=True) if old != new)
    return out, removed
