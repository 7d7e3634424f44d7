"""Reading and writing codebook files in YAML and JSON (REFI-QDA .qdc: qualcode.exchange.codebook_files)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from qualcode.codebook.schema import CodebookSpec, parse_codebook
from qualcode.errors import ValidationError
from qualcode.validation import load_yaml

FORMATS = ("yaml", "json")


def parse_codebook_text(text: str, source: str, fmt: str | None = None) -> CodebookSpec:
    """Parse codebook text in YAML or JSON (chosen by `fmt`, else by the source's suffix)."""
    fmt = fmt or ("json" if source.lower().endswith(".json") else "yaml")
    if fmt != "json":
        return parse_codebook(load_yaml(text, source), source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    return parse_codebook(data, source)


def read_codebook_file(path: str | Path) -> CodebookSpec:
    """Read and validate a YAML (.yaml, .yml) or JSON codebook file."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path}: no such codebook file")
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json"):
        raise ValidationError(
            f"{path}: unsupported codebook format '{suffix}' (expected .yaml, .yml, .json or .qdc)"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    return parse_codebook_text(text, str(path), "json" if suffix == ".json" else "yaml")


def dump_codebook(spec: CodebookSpec, fmt: str = "yaml") -> str:
    """The codebook as YAML or JSON text, in the file format's field order."""
    data = spec.to_dict()
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "yaml":
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    raise ValidationError(f"unknown codebook format '{fmt}' (expected one of: yaml, json, qdc)")
