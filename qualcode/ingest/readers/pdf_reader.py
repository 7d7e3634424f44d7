"""PDF transcripts with a text layer (pypdf): the page text is read as "Name: text" lines."""

from __future__ import annotations

import io
import logging

from qualcode.errors import ValidationError
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


def read(name: str, data: bytes) -> ParsedTranscript:
    """Parse a PDF transcript; a PDF without a text layer (a scan) is refused."""
    pages = page_texts(name, data)
    text = "\n".join(pages)
    if not text.strip():
        raise ValidationError(f"{name}: the PDF has no text layer (a scan?); run OCR first")
    return read_text(name, text, "pdf")
