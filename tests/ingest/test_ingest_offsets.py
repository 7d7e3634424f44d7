"""Offsets follow text edits: spans before, after, around and inside replaced ranges."""

from qualcode.ingest.offsets import Edit, apply_edits


def test_replacement_shifts_later_spans():
    text, mapping = apply_edits("I met David at Acme.", [Edit(6, 11, "[P3]")])
    assert text == "I met [P3] at Acme."
    assert text[slice(*mapping.span(15, 19))] == "Acme"


def test_span_covering_a_replacement_covers_the_pseudonym():
    text, mapping = apply_edits("I met David at Acme.", [Edit(6, 11, "[P3]")])
    assert text[slice(*mapping.span(2, 11))] == "met [P3]"


def test_span_inside_a_replacement_becomes_the_pseudonym():
    text, mapping = apply_edits("I met David at Acme.", [Edit(6, 11, "[P3]")])
    assert text[slice(*mapping.span(7, 9))] == "[P3]"


def test_span_ending_where_a_replacement_starts_stays_outside():
    text, mapping = apply_edits("I met David at Acme.", [Edit(6, 11, "[P3]")])
    assert text[slice(*mapping.span(2, 6))] == "met "


def test_deletions():
    text, mapping = apply_edits("hub.1 Next.", [Edit(4, 5)])
    assert text == "hub. Next." and text[slice(*mapping.span(6, 11))] == "Next."
