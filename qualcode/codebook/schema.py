"""The codebook file format (YAML or JSON) and its validation.

Validation reports every problem at once, each naming the file, the entry and what is wrong,
so a researcher can fix the file in one pass. Nothing is stored from an invalid file.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from qualcode.errors import ValidationError
from qualcode.validation import Problems

KEY_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")
COLOR_PATTERN = re.compile(r"^#[0-9A-Fa-f]{6}$")
DEFAULT_COLORS = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
]  # fmt: skip

GROUP_FIELDS = {"key", "name", "exclusive", "description"}
CODE_FIELDS = {
    "key", "name", "group", "parent", "definition", "include", "exclude",
    "examples", "color", "evidence", "survey_items",
}  # fmt: skip


@dataclass
class GroupSpec:
    key: str
    name: str
    exclusive: bool = False
    description: str = ""


@dataclass
class CodeSpec:
    key: str
    name: str
    group: str | None = None
    parent: str | None = None
    definition: str = ""
    include: str = ""
    exclude: str = ""
    examples: list[str] = field(default_factory=list)
    color: str = ""
    evidence: list[str] = field(default_factory=list)
    survey_items: list[str] = field(default_factory=list)


@dataclass
class CodebookSpec:
    """A whole codebook as the file format describes it."""

    name: str
    version: int = 1
    description: str = ""
    groups: list[GroupSpec] = field(default_factory=list)
    codes: list[CodeSpec] = field(default_factory=list)

    def group(self, key: str) -> GroupSpec | None:
        return next((g for g in self.groups if g.key == key), None)

    def code(self, key: str) -> CodeSpec | None:
        return next((c for c in self.codes if c.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        """The file structure (what YAML/JSON export writes)."""
        return {
            "name": self.name,
            "version": self.version,
            **({"description": self.description} if self.description else {}),
            "groups": [
                {
                    "key": g.key,
                    "name": g.name,
                    "exclusive": g.exclusive,
                    "description": g.description,
                }
                for g in self.groups
            ],
            "codes": [
                {
                    "key": c.key,
                    "name": c.name,
                    "group": c.group,
                    "parent": c.parent,
                    "definition": c.definition,
                    "include": c.include,
                    "exclude": c.exclude,
                    "examples": list(c.examples),
                    "color": c.color,
                    "evidence": list(c.evidence),
                    "survey_items": list(c.survey_items),
                }
                for c in self.codes
            ],
        }


def _text(value: Any, where: str, name: str, problems: Problems, required: bool = False) -> str:
    if value is None:
        if required:
            problems.add(where, f"'{name}' is required")
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        problems.add(where, f"'{name}' must be text, got {type(value).__name__}")
        return ""
    text = str(value).strip()
    if required and not text:
        problems.add(where, f"'{name}' must not be empty")
    return text


def _text_list(value: Any, where: str, name: str, problems: Problems) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        problems.add(where, f"'{name}' must be a list of text")
        return []
    return [str(v) for v in value]


def _key(value: Any, where: str, problems: Problems) -> str:
    key = _text(value, where, "key", problems, required=True)
    if key and not KEY_PATTERN.match(key):
        problems.add(
            where,
            f"key {key!r} must start with a letter and hold only letters, digits, '_' or '-'",
        )
    return key


def _unknown_fields(entry: dict, allowed: set[str], where: str, problems: Problems) -> None:
    for name in sorted(set(entry) - allowed):
        problems.add(where, f"unknown field '{name}' (allowed: {', '.join(sorted(allowed))})")


def _parse_groups(raw: Any, problems: Problems) -> list[GroupSpec]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.add("groups", "must be a list of groups")
        return []
    groups: list[GroupSpec] = []
    for index, entry in enumerate(raw, start=1):
        where = f"groups[{index}]"
        if not isinstance(entry, dict):
            problems.add(where, "must be a mapping with key and name")
            continue
        if entry.get("key"):
            where = f"group '{entry.get('key')}'"
        _unknown_fields(entry, GROUP_FIELDS, where, problems)
        exclusive = entry.get("exclusive", False)
        if not isinstance(exclusive, bool):
            problems.add(where, "'exclusive' must be true or false")
            exclusive = False
        key = _key(entry.get("key"), where, problems)
        groups.append(
            GroupSpec(
                key=key,
                name=_text(entry.get("name"), where, "name", problems) or key,
                exclusive=exclusive,
                description=_text(entry.get("description"), where, "description", problems),
            )
        )
    return groups


def _parse_codes(raw: Any, problems: Problems) -> list[CodeSpec]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.add("codes", "must be a list of codes")
        return []
    codes: list[CodeSpec] = []
    for index, entry in enumerate(raw, start=1):
        where = f"codes[{index}]"
        if not isinstance(entry, dict):
            problems.add(where, "must be a mapping with key and name")
            continue
        if entry.get("key"):
            where = f"code '{entry.get('key')}'"
        _unknown_fields(entry, CODE_FIELDS, where, problems)
        color = _text(entry.get("color"), where, "color", problems)
        if color and not COLOR_PATTERN.match(color):
            problems.add(where, f"color {color!r} must be a hex colour like '#d62728'")
        codes.append(
            CodeSpec(
                key=_key(entry.get("key"), where, problems),
                name=_text(entry.get("name"), where, "name", problems, required=True),
                group=_text(entry.get("group"), where, "group", problems) or None,
                parent=_text(entry.get("parent"), where, "parent", problems) or None,
                definition=_text(entry.get("definition"), where, "definition", problems),
                include=_text(entry.get("include"), where, "include", problems),
                exclude=_text(entry.get("exclude"), where, "exclude", problems),
                examples=_text_list(entry.get("examples"), where, "examples", problems),
                color=color,
                evidence=_text_list(entry.get("evidence"), where, "evidence", problems),
                survey_items=_text_list(entry.get("survey_items"), where, "survey_items", problems),
            )
        )
    return codes


def _check_references(spec: CodebookSpec, problems: Problems) -> None:
    group_counts = Counter(g.key for g in spec.groups)  # counted once: a codebook may hold 100,000s
    for key in sorted(k for k, n in group_counts.items() if n > 1):
        problems.add(f"group '{key}'", "key is used more than once")
    code_counts = Counter(c.key for c in spec.codes)
    for key in sorted(k for k, n in code_counts.items() if n > 1):
        problems.add(f"code '{key}'", "key is used more than once")
    group_keys = set(group_counts)
    known_codes = {c.key: c for c in spec.codes}
    for code in spec.codes:
        where = f"code '{code.key}'"
        if code.group and code.group not in group_keys:
            problems.add(where, f"group '{code.group}' is not defined under groups")
        if code.parent:
            parent = known_codes.get(code.parent)
            if parent is None:
                problems.add(where, f"parent '{code.parent}' is not a code in this codebook")
            elif code.parent == code.key:
                problems.add(where, "a code cannot be its own parent")
    for (
        code
    ) in spec.codes:  # cycles through parents (a code that is its own parent is reported above)
        seen = {code.key}
        parent = known_codes.get(code.parent) if code.parent and code.parent != code.key else None
        while parent is not None:
            if parent.key in seen:
                problems.add(f"code '{code.key}'", "parents form a cycle")
                break
            seen.add(parent.key)
            parent = known_codes.get(parent.parent) if parent.parent else None


def _assign_colors(spec: CodebookSpec) -> None:
    for index, code in enumerate(spec.codes):
        if not code.color:
            code.color = DEFAULT_COLORS[index % len(DEFAULT_COLORS)]


def parse_codebook(data: Any, source: str = "codebook") -> CodebookSpec:
    """Validate a loaded YAML/JSON structure; raise ValidationError listing every problem."""
    problems = Problems(source, "codebook")
    if not isinstance(data, dict):
        raise ValidationError(f"{source}: a codebook must be a mapping with name, groups and codes")
    for name in sorted(set(data) - {"name", "version", "description", "groups", "codes"}):
        problems.add("top level", f"unknown field '{name}'")
    version = data.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.add("top level", f"'version' must be a whole number from 1 up, got {version!r}")
        version = 1
    spec = CodebookSpec(
        name=_text(data.get("name"), "top level", "name", problems, required=True),
        version=version,
        description=_text(data.get("description"), "top level", "description", problems),
        groups=_parse_groups(data.get("groups"), problems),
        codes=_parse_codes(data.get("codes"), problems),
    )
    _check_references(spec, problems)
    problems.raise_if_any()
    _assign_colors(spec)
    return spec
