"""A model card's YAML front matter (the block between the first two `---` lines), parsed with YAML."""

from __future__ import annotations

import re

import yaml

FRONT_MATTER = re.compile(r"\A\ufeff?\s*---[ \t]*\r?\n(.*?)^---[ \t]*$", re.DOTALL | re.MULTILINE)
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterError(ValueError):
    """The card starts with a front matter block that is not a YAML mapping."""


def card_metadata(card: str | None) -> dict | None:
    """The card's metadata as a dict (None when the card has no front matter)."""
    if not card:
        return None
    match = FRONT_MATTER.match(card)
    if match is None:
        return None
    try:
        data = yaml.load(match.group(1), Loader=Loader)
    except yaml.YAMLError as exc:
        raise FrontMatterError(str(exc).splitlines()[0]) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError("the front matter is not a mapping of keys to values")
    return data
