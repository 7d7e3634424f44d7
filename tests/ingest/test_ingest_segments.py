"""Units derived from a document: paragraphs and sentences stay inside their turns."""

from __future__ import annotations

from qualcode.ingest.segments import paragraph_spans, segments

TEXT = "Intro line\n\nFirst answer. It has two sentences.\nA second paragraph"


def test_paragraphs_within_a_range_use_document_offsets():
    spans = paragraph_spans(TEXT, 12)
    assert [TEXT[a:b] for a, b in spans] == [
        "First answer. It has two sentences.",
        "A second paragraph",
    ]


def test_sentences_never_cross_a_turn():
    found = segments(TEXT, "sentence", [(0, 10), (12, len(TEXT))])
    assert [TEXT[s.start : s.end] for s in found] == [
        "Intro line",
        "First answer.",
        "It has two sentences.",
        "A second paragraph",
    ]
