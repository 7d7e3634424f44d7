"""YAML built straight from the parser's events (libyaml when installed), for large files.

PyYAML's loaders compose a node tree first (a node and two position marks per value) and only then
build the Python values: a 50 MB survey instrument took gigabytes. Here each event becomes its
value at once and is let go. The same safe schema (PyYAML's resolver and SafeConstructor for the
scalars), anchors and aliases (counted, at most MAX_ALIASES) and the same errors; the rare
constructs this does not build itself (merge keys `<<`, tags such as !!set or !!omap) raise
Unusual, and the caller reads the file with PyYAML's own loader instead.

A caller may also fold the values at one place of the document (e.g. every question of every page)
as each is complete, so that what it builds from them replaces them and the parsed values of a
large file are never all held at once.
"""

from __future__ import annotations

from collections.abc import Callable
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
INDEX = int  # in a fold's place: any position of a sequence
Fold = Callable[[tuple, Any], Any]


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


def _events(text: str) -> Any:
    """The parser's events; a character the parser refuses is named by its place in `text`
    (libyaml counts the bytes of the text encoded as UTF-8)."""
    try:
        yield from yaml.parse(text, Loader=PARSER)
    except yaml.reader.ReaderError as exc:
        if PARSER is not yaml.SafeLoader and not text.isascii():
            exc.position = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
        raise


def _folds(place: tuple, stack: list[list]) -> bool:
    """Whether the container just closed (the last frame of `stack`) sits at `place`, with no
    anchor on it nor on what holds it (an alias would reuse a folded value at another place)."""
    if len(stack) != len(place) + 1 or any(frame[4] for frame in stack):
        return False
    for want, (_, _, key, in_sequence, _) in zip(place, stack[1:], strict=True):
        if not (in_sequence if want is INDEX else not in_sequence and key == want):
            return False
    return True


def load(text: str, max_aliases: int, fold_at: tuple = (), fold: Fold | None = None) -> Any:
    """The single document of `text` as Python values (None for an empty stream). With `fold`,
    each mapping or sequence at `fold_at` (mapping keys, INDEX for any position of a sequence),
    once complete, is replaced by fold(its place, the value); anchored values are not folded."""
    anchors: dict[str, Any] = {}
    aliases, documents = 0, 0
    stack: list[list] = []  # [container, pending key, key in parent, in a sequence?, anchored?]
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

    for event in _events(text):
        if isinstance(event, yaml.ScalarEvent):
            value = _scalar(event)
        elif isinstance(event, yaml.SequenceStartEvent):
            _collection_tag(event, list, SEQ)
            value = []
        elif isinstance(event, yaml.MappingStartEvent):
            _collection_tag(event, dict, MAP)
            value = {}
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            container = stack[-1][0]
            if fold is not None and _folds(fold_at, stack):
                place = tuple(frame[2] for frame in stack[1:])
                container = fold(place, container)
            stack.pop()
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
            if not stack:
                stack.append([value, _NO_KEY, None, False, event.anchor is not None])
                continue
            parent = stack[-1]
            in_sequence = isinstance(parent[0], list)
            key = len(parent[0]) if in_sequence else parent[1]
            stack.append([value, _NO_KEY, key, in_sequence, event.anchor is not None])
        else:
            add(value, event.start_mark)
    return result
