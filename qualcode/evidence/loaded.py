"""What a loader returns, and the checks every loader shares (file present, errors that name it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qualcode.errors import ValidationError
from qualcode.evidence.registry_data import RegistryData


@dataclass
class Loaded:
    """A parsed source: its data, record count, warnings about the file, and facts for the store."""

    data: RegistryData
    records: int
    warnings: list[str] = field(default_factory=list)
    meta: dict = field(default_factory=dict)


def require_file(path: Path) -> Path:
    """The path, or a clear error when it is not a readable file."""
    if not path.is_file():
        raise ValidationError(f"{path}: file not found")
    return path


def record_error(path: Path, record: str, problem: str) -> ValidationError:
    """An error naming the file, the record and what is wrong with it (a field, a value)."""
    return ValidationError(f"{path}: {record}: {problem}; nothing was loaded")
