"""YAML built straight from the parser's events (libyaml when installed), for large files.

PyYAML's loaders compose a node tree first (a node and two position marks per value) and only then
build the Python values: a 50 MB survey instrument took gigabytes. Here each event becomes its
value at once and is let go. The same safe schema (PyYAML's resolver and SafeConstructor for the
scalars), anchors and aliases (counted, at most MAX_ALIASES) and the same errors; the rare
constructs this does not build itself (merge keys `<<`, tags such as !!set or !!omap) raise
Unusual, and the caller reads the file with PyYAML's own loader instead.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError, SafeConstructor

PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAP, SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
MERGE = "tag:yaml.org,2002:merge"
_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = SafeConstructor()
_NO_KEY = object()


class Unusual(Exception):
    """A construct left to PyYAML's own loader."""


class TooManyAliases(yaml.YAMLError):
    pass


def _scalar(event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == MERGE:
        raise Unusual("merge key")
    build = _CONSTRUCTOR.yaml_constructors.get(tag) or _CONSTRUCTOR.yaml_constructors[None]
    return build(
        _CONSTRUCTOR, yaml.ScalarNode(tag, event.value, event.start_mark, style=event.style)
    )


def _collection_tag(event: yaml.CollectionStartEvent, kind: type, default: str) -> None:
    tag = event.tag
    if tag is not None and tag != "!" and tag != default:
        raise Unusual(f"tag {tag}")


def load(text: str, max_aliases: int) -> Any:
    """The single document of `text` as Python values (None for an empty stream)."""
    anchors: dict[str, Any] = {}
    aliases, documents = 0, 0
    stack: list[list] = []  # [container, pending key] per open sequence or mapping
    result: Any = None

    def add(value: Any, mark: Any) -> None:
        nonlocal result
        if not stack:
            result = value
            return
        frame = stack[-1]
        if isinstance(frame[0], list):
            frame[0].append(value)
        elif frame[1] is _NO_KEY:
            if isinstance(value, (list, dict)):
                raise ConstructorError(
                    "while constructing a mapping", None, "found unhashable key", mark
                )
            frame[1] = value
        else:
            frame[0][frame[1]] = value
            frame[1] = _NO_KEY

    for event in yaml.parse(text, Loader=PARSER):
        if isinstance(event, yaml.ScalarEvent):
            value = _scalar(event)
        elif isinstance(event, yaml.SequenceStartEvent):
            _collection_tag(event, list, SEQ)
            value = []
        elif isinstance(event, yaml.MappingStartEvent):
            _collection_tag(event, dict, MAP)
            value = {}
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            container = stack.pop()[0]
            add(container, event.start_mark)
            continue
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > max_aliases:
                raise TooManyAliases(f"more than {max_aliases} aliases (*name); refused")
            if event.anchor not in anchors:
                raise ComposerError(
                    None, None, f"found undefined alias {event.anchor!r}", event.start_mark
                )
            add(anchors[event.anchor], event.start_mark)
            continue
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise ComposerError("expected a single document in the stream", None,
                                    "but found another document", event.start_mark)  # fmt: skip
            continue
        else:
            continue
        if event.anchor is not None:
            anchors[event.anchor] = value
        if isinstance(value, (list, dict)) and not isinstance(event, yaml.ScalarEvent):
            stack.append([value, _NO_KEY])
        else:
            add(value, event.start_mark)
    return result
