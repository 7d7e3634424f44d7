"""Hugging Face metadata fields written as text, read back as the values they stand for.

Records saved from `huggingface_hub` objects often hold `str()` or `repr()` of them instead of
JSON: siblings as "RepoSibling(rfilename='README.md', size=None, ...)", card data as the YAML
that `ModelCardData.__str__` prints (or the dict's Python repr), tags and configs as Python
literals. Each reader here returns the value, or raises `Unreadable` when the text is not one
of those forms, so the loader can count unreadable records instead of reading them as empty.
"""

from __future__ import annotations

import ast
import json
import re

import yaml

from qualcode.evidence.frontmatter import FRONT_MATTER, Loader

RFILENAME = re.compile(r"""rfilename\s*=\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")""")
MAX_TEXT = 1 << 20  # a field's text beyond 1 MiB is not metadata a person wrote


class Unreadable(ValueError):
    """The field's text is none of the forms its value is written in."""


def _literal(text: str):
    """JSON, else a Python literal (repr of dicts, lists, strings, numbers, None, booleans)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        pass
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError) as exc:
        raise Unreadable(str(exc)) from None


def _checked(text: str) -> str:
    if len(text) > MAX_TEXT:
        raise Unreadable("longer than 1 MiB")
    return text.strip()


def card_data(text: str) -> dict:
    """Card metadata from JSON, a Python dict repr, or YAML (with or without its `---` fences)."""
    text = _checked(text)
    if not text:
        return {}
    if text.startswith("{"):
        try:
            value = _literal(text)
        except Unreadable:
            value = None
        if isinstance(value, dict):
            return value
    match = FRONT_MATTER.match(text)
    body = match.group(1) if match else text
    try:
        value = yaml.load(body, Loader=Loader)
    except yaml.YAMLError as exc:
        raise Unreadable(str(exc).splitlines()[0]) from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise Unreadable("not a mapping of keys to values")
    return value


def string_list(text: str) -> list[str]:
    """A list of strings written as JSON or as a Python list literal."""
    text = _checked(text)
    if not text.startswith("["):
        raise Unreadable("not a list")
    value = _literal(text)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise Unreadable("not a list of strings")
    return value


def mapping(text: str) -> dict:
    """A dict written as JSON or as a Python dict literal (a model's `config`)."""
    text = _checked(text)
    value = _literal(text) if text.startswith("{") else None
    if not isinstance(value, dict):
        raise Unreadable("not a mapping of keys to values")
    return value


def records(text: str) -> list:
    """A list of mappings (a top-level `model_index`) as JSON, a Python literal or YAML."""
    text = _checked(text)
    try:
        value = _literal(text)
    except Unreadable:
        try:
            value = yaml.load(text, Loader=Loader)
        except yaml.YAMLError as exc:
            raise Unreadable(str(exc).splitlines()[0]) from None
    if not isinstance(value, list):
        raise Unreadable("not a list")
    return value


def sibling_files(text: str) -> list[str]:
    """File names of a repository's siblings, from the text of `RepoSibling(...)` objects (one
    string for the whole list, a JSON list of such strings) or from plain file names."""
    text = _checked(text)
    if text.startswith("["):
        try:
            items = json.loads(text)
        except (ValueError, RecursionError):
            items = None
        if isinstance(items, list):
            return [name for item in items for name in _sibling(item)]
    found = [a or b for a, b in RFILENAME.findall(text)]
    if found:
        return found
    if text.startswith("["):
        return [name for item in string_list(text) for name in _sibling(item)]
    return _sibling(text)


def _sibling(item) -> list[str]:
    """The file name(s) of one sibling: an object with `rfilename`, its text, or a plain name."""
    if isinstance(item, dict) and isinstance(item.get("rfilename"), str):
        return [item["rfilename"]]
    if not isinstance(item, str):
        raise Unreadable("a sibling is neither an object nor text")
    found = [a or b for a, b in RFILENAME.findall(item)]
    if found:
        return found
    if item and not any(c in item for c in "(){}[]<>=\"'\n"):
        return [item]  # a plain file name
    raise Unreadable("no 'rfilename' in the sibling's text")
