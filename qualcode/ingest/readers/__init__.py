"""One reader per format; `read_transcript` picks the reader by content, or as told."""

from __future__ import annotations

from pathlib import Path

from qualcode.errors import ValidationError
from qualcode.ingest.readers import docx_reader, text_reader, vtt_reader
from qualcode.ingest.transcript import ParsedTranscript

READERS = {
    "docx": docx_reader.read,
    "rev": docx_reader.read,
    "txt": text_reader.read,
    "vtt": vtt_reader.read,
}


def detect_format(path: Path, head: bytes) -> str:
    """The format of a file, from its first bytes and then its suffix."""
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        return "vtt"
    if path.suffix.lower() in (".txt", ".md", ".text") or not head.startswith(b"PK"):
        return "txt"
    raise ValidationError(f"{path.name}: unsupported file format")


def read_transcript(path: str | Path, fmt: str = "auto") -> ParsedTranscript:
    """Parse one transcript file; a ValidationError names the file and what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path}: no such file")
    data = path.read_bytes()
    if not data.strip():
        raise ValidationError(f"{path.name}: the file is empty")
    chosen = detect_format(path, data[:16]) if fmt == "auto" else fmt
    reader = READERS.get(chosen)
    if reader is None:
        raise ValidationError(
            f"{path.name}: unsupported format '{chosen}' (known: {', '.join(sorted(READERS))})"
        )
    return reader(path.name, data)
