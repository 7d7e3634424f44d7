"""Units of analysis derived from a document (never stored twice): turns, paragraphs, sentences, the whole.

Sentences come from spaCy: the trained pipeline named by QUALCODE_SPACY_MODEL (an error when it
is not installed), else a blank English pipeline with the rule-based sentencizer. Nothing is ever
downloaded. `segment_store` keeps the result per document and segmenter.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

from qualcode.ingest.spacy_model import configured_model, load_model, model_version

UNITS = ("document", "turn", "paragraph", "sentence")
LINE_BREAKS = re.compile(r"\n+")


@dataclass(frozen=True)
class Segment:
    """One unit: its kind, its position among units of that kind, and its offsets."""

    unit: str
    index: int
    start: int
    end: int


RULES_VERSION = 1  # bump when the trimming or container rules below change the spans


SENTENCIZER = "use the rule-based sentencizer (sentence units depend on the model)"


def segmenter_name(unit: str, model: str | None = None) -> str | None:
    """Which segmenter cuts this unit, with versions: what stored segments and reports record."""
    if unit == "paragraph":
        return f"qualcode paragraphs (line breaks), rules {RULES_VERSION}"
    if unit != "sentence":
        return None
    name = configured_model() if model is None else model
    spacy_version = metadata.version("spacy")
    if name:
        return (
            f"spaCy {spacy_version} pipeline {name} {model_version(name, SENTENCIZER)}; "
            f"rules {RULES_VERSION}"
        )
    return f"spaCy {spacy_version} blank en + sentencizer; rules {RULES_VERSION}"


def sentence_pipeline(model: str | None = None):
    """The spaCy pipeline used for sentences: the configured trained one, else blank + sentencizer."""
    return _pipeline(configured_model() if model is None else model)


@lru_cache(maxsize=4)
def _pipeline(name: str):
    import spacy

    if name:
        return load_model(name, ["ner", "lemmatizer", "textcat"], SENTENCIZER)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraph_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Paragraphs (separated by blank lines, or single newlines) within [start, end)."""
    end = len(text) if end is None else end
    spans = []
    position = start
    for match in LINE_BREAKS.finditer(text, start, end):
        a, b = _trimmed(text, position, match.start())
        if a < b:
            spans.append((a, b))
        position = match.end()
    a, b = _trimmed(text, position, end)
    if a < b:
        spans.append((a, b))
    return spans


def sentence_spans(
    text: str, within: list[tuple[int, int]] | None = None, model: str | None = None
) -> list[tuple[int, int]]:
    """Sentences, never crossing the given containers (turns or paragraphs)."""
    containers = within or paragraph_spans(text)
    nlp = sentence_pipeline(model)
    spans = []
    pieces = [text[a:b] for a, b in containers]
    for (offset, _), doc in zip(containers, nlp.pipe(pieces, batch_size=256), strict=True):
        for sent in doc.sents:
            a, b = _trimmed(text, offset + sent.start_char, offset + sent.end_char)
            if a < b:
                spans.append((a, b))
    return spans


def segments(text: str, unit: str, turns: list[tuple[int, int]] | None = None) -> list[Segment]:
    """The units of one document; `turns` are (start, end) pairs of its speaker turns when known."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r} (expected one of: {', '.join(UNITS)})")
    model = os.environ.get("QUALCODE_SPACY_MODEL", "") if unit == "sentence" else ""
    spans = _spans(text, unit, tuple(tuple(t) for t in turns) if turns else None, model)
    return [Segment(unit, i, a, b) for i, (a, b) in enumerate(spans)]


@lru_cache(maxsize=512)
def _spans(
    text: str, unit: str, turns: tuple[tuple[int, int], ...] | None, model: str
) -> tuple[tuple[int, int], ...]:
    """Unit spans, computed once per text, unit, turns and sentence model in this process:
    sentence splitting runs a spaCy pipeline, and pages such as Reconcile need every document's
    sentences on each run."""
    if unit == "document":
        spans = [(0, len(text))]
    elif unit == "turn":
        spans = list(turns) if turns else [(0, len(text))]
    elif unit == "paragraph":
        spans = [p for a, b in (turns or [(0, len(text))]) for p in paragraph_spans(text, a, b)]
    else:
        containers = [
            p for a, b in (turns or [(0, len(text))]) for p in paragraph_spans(text, a, b)
        ]
        spans = sentence_spans(text, containers, model or None)
    return tuple(spans)
