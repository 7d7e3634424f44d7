"""Checking researchers' files: collect every problem in one pass, report them together."""

from __future__ import annotations

from typing import Any

import yaml

from qualcode.errors import ValidationError


class Problems:
    """Problems found in one file, each as 'where: what'; raised together so one edit fixes all."""

    def __init__(self, source: str, kind: str) -> None:
        self.source = source
        self.kind = kind  # what the file is meant to be, e.g. "codebook"
        self.items: list[str] = []

    def add(self, where: str, what: str) -> None:
        self.items.append(f"{where}: {what}")

    def raise_if_any(self) -> None:
        if self.items:
            lines = "\n".join(f"  - {item}" for item in self.items)
            raise ValidationError(
                f"{self.source}: invalid {self.kind} ({len(self.items)} problems)\n{lines}"
            )


def load_yaml(text: str, source: str) -> Any:
    """Parse YAML text; a syntax error names the file, line and column."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise ValidationError(
            f"{source}: not valid YAML{where}: {getattr(exc, 'problem', exc)}"
        ) from exc
