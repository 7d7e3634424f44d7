"""Codebook files in every format qualcode reads and writes: YAML and JSON (codebook.files) and
REFI-QDA .qdc (refi_codebook). The CLI and pages go through here, so the codebook package never
reaches up into exchange."""

from __future__ import annotations

from pathlib import Path

from qualcode.codebook import files
from qualcode.codebook.schema import CodebookSpec
from qualcode.exchange.refi_codebook import qdc_bytes, read_qdc

FORMATS = ("yaml", "json", "qdc")


def read_codebook_file(path: str | Path, current: CodebookSpec | None = None) -> CodebookSpec:
    """Read and validate a codebook file (.yaml, .yml, .json, .qdc; `current` lends a .qdc its keys)."""
    if Path(path).suffix.lower() == ".qdc":
        return read_qdc(path, current)
    return files.read_codebook_file(path)


def dump_codebook(spec: CodebookSpec, fmt: str = "yaml") -> str:
    """The codebook as YAML, JSON or .qdc text."""
    if fmt == "qdc":
        return qdc_bytes(spec).decode("utf-8")
    return files.dump_codebook(spec, fmt)
