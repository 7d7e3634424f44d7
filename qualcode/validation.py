"""Checking researchers' files: collect every problem in one pass, report them together."""

from __future__ import annotations

import json
from typing import Any

import yaml

from qualcode import yaml_events
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


MAX_ALIASES = 100  # YAML anchors reused more often than this are refused (billion laughs)
MAX_DEPTH = 100  # nesting of lists and mappings in JSON and YAML
MAX_DIGITS = 100  # digits of a JSON integer
MAX_NODES = 2_000_000  # values in a parsed file once aliases are expanded
INDEX = yaml_events.INDEX  # in the place of the parts to fold: any position of a sequence


class _TooManyAliases(yaml.YAMLError):
    pass


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, counting alias uses so that a small file cannot expand without end."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _TooManyAliases(f"more than {MAX_ALIASES} aliases (*name); refused")
        return super().compose_node(parent, index)


class _TooBig(Exception):
    pass


class Folded:
    """What a caller built from a part of a YAML file while it was read (see yaml_events), with
    the size checks of the part it replaces, so the limits hold as if the part were still there."""

    __slots__ = ("value", "nodes", "refused")

    def __init__(self, value: Any, part: Any, depth: int) -> None:
        self.value = value
        self.nodes, self.refused = 0, ""
        try:
            self.nodes = _size(part, depth, {}, set())
        except _TooBig as exc:  # raised where the whole file is checked, after its syntax
            self.refused = str(exc)


def _size(value: Any, depth: int, seen: dict[int, int], open_: set[int]) -> int:
    """Nodes of `value` once expanded (aliases count every time they are used); raises _TooBig
    beyond MAX_DEPTH levels, MAX_NODES nodes or on a cycle."""
    if isinstance(value, Folded):
        if value.refused:
            raise _TooBig(value.refused)
        return value.nodes
    if not isinstance(value, (list, dict)):
        return 1
    if depth > MAX_DEPTH:
        raise _TooBig(f"nested more than {MAX_DEPTH} levels deep")
    key = id(value)
    if key in seen:
        return seen[key]
    if key in open_:
        raise _TooBig("refers to itself (a recursive alias)")
    open_.add(key)
    children = list(value.values()) if isinstance(value, dict) else value
    total = 1
    for child in children:
        total += _size(child, depth + 1, seen, open_)
        if total > MAX_NODES:
            raise _TooBig(f"expands to more than {MAX_NODES:,} values")
    open_.discard(key)
    seen[key] = total
    return total


def _check_depth(data: Any, source: str, kind: str) -> Any:
    try:
        _size(data, 1, {}, set())
    except _TooBig as exc:
        raise ValidationError(f"{source}: {kind} {exc}; refused") from None
    return data


def load_yaml(
    text: str, source: str, fold_at: tuple = (), fold: yaml_events.Fold | None = None
) -> Any:
    """Parse YAML text (safe tags only, at most MAX_ALIASES aliases, MAX_DEPTH levels); a syntax
    error names the file, line and column. `fold` may replace the parts at `fold_at` by Folded
    values as they are read (see yaml_events.load); files read by PyYAML's loader are not folded."""
    try:
        try:
            data = yaml_events.load(text, MAX_ALIASES, fold_at, fold)
        except yaml_events.Unusual:  # merge keys, !!set and the like: PyYAML's own loader
            data = _pyyaml_load(text)
        return _check_depth(data, source, "YAML")
    except (_TooManyAliases, yaml_events.TooManyAliases) as exc:
        raise ValidationError(f"{source}: not accepted as YAML: {exc}") from exc
    except yaml.reader.ReaderError as exc:  # a control character: named with its line
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise ValidationError(
            f"{source}: not valid YAML (line {line}, column {column}): character "
            f"#x{exc.character:04x} is not allowed in YAML"
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise ValidationError(
            f"{source}: not valid YAML{where}: {getattr(exc, 'problem', exc)}"
        ) from exc
    except RecursionError as exc:
        raise ValidationError(f"{source}: YAML nested too deeply; refused") from exc


def _pyyaml_load(text: str) -> Any:
    """The document read by PyYAML's safe loader, alias uses counted (it copies the text, so it
    is made only for the rare files that need it)."""
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"a number with {len(text.lstrip('-'))} digits (at most {MAX_DIGITS})")
    return int(text)


def load_json(data: str | bytes, source: str) -> Any:
    """Parse JSON from untrusted files: bounded nesting and integer size; every failure (syntax,
    encoding, depth, huge numbers) is a ValidationError naming the file and the reason."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{source}: not UTF-8 text (byte {exc.start}), so not JSON") from exc
    try:
        parsed = json.loads(text, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except RecursionError as exc:
        raise ValidationError(f"{source}: JSON nested too deeply; refused") from exc
    except ValueError as exc:
        raise ValidationError(f"{source}: not accepted as JSON: {exc}") from exc
    # JSON has no aliases: its values are bounded by its size (the upload limit), so only the
    # nesting is checked; the node cap of YAML refused the project's own backups of a large study
    try:
        _check_nesting(parsed, 1)
    except _TooBig as exc:
        raise ValidationError(f"{source}: JSON {exc}; refused") from None
    return parsed


def _check_nesting(value: Any, depth: int) -> None:
    """Raise _TooBig when lists and objects nest more than MAX_DEPTH levels."""
    if isinstance(value, (list, dict)):
        if depth > MAX_DEPTH:
            raise _TooBig(f"nested more than {MAX_DEPTH} levels deep")
        for child in value.values() if isinstance(value, dict) else value:
            _check_nesting(child, depth + 1)
