"""One reader per format; `read_transcript` picks the reader by content, or as told."""

from __future__ import annotations

from pathlib import Path

from qualcode.errors import ValidationError
from qualcode.ingest.memos import MEMO_POLICIES, check_memo_share
from qualcode.ingest.readers import (
    docx_reader,
    otter_reader,
    pdf_reader,
    srt_reader,
    text_reader,
    vtt_reader,
)
from qualcode.ingest.readers.encoding import decoding_warnings
from qualcode.ingest.readers.safety import ZIP_MAGIC, check_archive, check_size
from qualcode.ingest.transcript import CJK_WORD_UNIT, ParsedTranscript, has_cjk

READERS = {
    "docx": docx_reader.read,
    "rev": docx_reader.read,
    "txt": text_reader.read,
    "otter": otter_reader.read,
    "vtt": vtt_reader.read,
    "srt": srt_reader.read,
    "pdf": pdf_reader.read,
}
SHEETS = ("csv", "xlsx")
FORMATS = ("auto", *READERS, *SHEETS)
TEXT_SUFFIXES = (".txt", ".md", ".text", ".csv", ".vtt", ".srt")
KNOWN_SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf", ".xlsx", ".xlsm")


def detect_format(path: Path, data: bytes) -> str:
    """The format of a file from its content (magic bytes, then text patterns), then its suffix;
    a suffix that is no transcript format (study.yaml, notes.json) is refused, not read as text."""
    suffix = path.suffix.lower()
    if suffix and suffix not in KNOWN_SUFFIXES:
        raise ValidationError(
            f"{path.name}: unsupported file type '{suffix}' (transcripts: "
            f"{' '.join(KNOWN_SUFFIXES)}, or no suffix); give `format` to read it anyway"
        )
    if data.startswith(ZIP_MAGIC):
        return "xlsx" if suffix in (".xlsx", ".xlsm") or b"xl/workbook" in data[:4096] else "docx"
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        return "vtt"
    if suffix == ".csv":
        return "csv"
    if suffix in (".docx", ".xlsx", ".pdf"):
        raise ValidationError(
            f"{path.name}: the content is not a {suffix[1:]} file (damaged or renamed?)"
        )
    text = text_reader.decode(path.name, data)
    if srt_reader.looks_like(text):
        return "srt"
    if otter_reader.looks_like(text):
        return "otter"
    return "txt"


def read_bytes(
    name: str, data: bytes, fmt: str = "auto", max_mb: float | None = None, memos: str = "auto"
) -> ParsedTranscript:
    """Parse one transcript from its bytes after the size and archive checks; `memos` says how
    numbered memos are read (see memos.MEMO_POLICIES)."""
    if memos not in MEMO_POLICIES:
        raise ValidationError(
            f"unknown --memos {memos!r} (expected one of: {', '.join(MEMO_POLICIES)})"
        )
    check_size(name, data, max_mb)
    chosen = detect_format(Path(name), data) if fmt == "auto" else fmt
    if chosen in SHEETS:
        raise ValidationError(f"{name}: a {chosen} sheet holds answers, not one transcript")
    reader = READERS.get(chosen)
    if reader is None:
        raise ValidationError(
            f"{name}: unsupported format '{chosen}' (known: {', '.join(FORMATS)})"
        )
    if data.startswith(ZIP_MAGIC) or chosen in ("docx", "rev"):
        check_archive(name, data, max_mb)
    parsed = reader(name, data, memos)
    check_memo_share(name, parsed, memos)
    if has_cjk(parsed.text):
        parsed.warnings.append(f"word count: {CJK_WORD_UNIT}")
    if chosen in ("txt", "otter", "vtt", "srt"):
        parsed.warnings.extend(decoding_warnings(name, data))
    return parsed


def read_transcript(
    path: str | Path, fmt: str = "auto", max_mb: float | None = None, memos: str = "auto"
) -> ParsedTranscript:
    """Parse one transcript file; a ValidationError names the file and what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path}: no such file")
    return read_bytes(path.name, path.read_bytes(), fmt, max_mb, memos)
