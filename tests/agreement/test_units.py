"""Codings become reliability data on documents, segments and characters."""

from __future__ import annotations

import numpy as np
import pytest

from qualcode.agreement import coefficients as coef
from qualcode.agreement.units import SpanCoding, character_runs, unit_table

SENTENCES = {1: [(0, 10), (10, 20), (20, 30)]}
BOTH_CODED = {(0, 1), (1, 1)}


def table(codings, min_overlap=0.0, unit="sentence", units=SENTENCES, coded=BOTH_CODED):
    return unit_table(unit, ["alice", "bob"], ["a", "b"], units, codings, coded, min_overlap)


def test_any_overlap_applies_the_code_by_default():
    t = table([SpanCoding(1, 0, 0, 8, 12)])
    assert t.applied[0, 0].tolist() == [True, True, False]


def test_min_overlap_needs_that_share_of_the_segment():
    t = table([SpanCoding(1, 0, 0, 8, 15)], min_overlap=0.5)
    assert t.applied[0, 0].tolist() == [False, True, False]


def test_a_span_touching_a_segment_boundary_does_not_apply():
    t = table([SpanCoding(1, 0, 0, 10, 20)])
    assert t.applied[0, 0].tolist() == [False, True, False]


def test_a_coder_without_codings_in_a_document_has_missing_values():
    t = table([SpanCoding(1, 0, 0, 0, 5)], coded={(0, 1)})
    values = t.binary_values(0)
    assert values[0].tolist() == [1.0, 0.0, 0.0]
    assert np.isnan(values[1]).all()


def test_whole_document_codings_count_for_the_document_unit_only():
    coding = SpanCoding(1, 1, 1, None, None)
    document = table([coding], unit="document", units={1: [(0, 30)]})
    sentence = table([coding])
    assert document.applied[1, 1].tolist() == [True]
    assert not sentence.applied.any() and "whole-document" in sentence.notes[0]


def test_exclusive_group_becomes_one_nominal_variable_and_conflicts_go_missing():
    codings = [SpanCoding(1, 0, 0, 0, 5), SpanCoding(1, 0, 1, 12, 14), SpanCoding(1, 0, 0, 15, 18),
               SpanCoding(1, 1, 1, 0, 5)]  # fmt: skip
    values, conflicts = table(codings).nominal_values([0, 1])
    assert values[0, 0] == 1.0 and np.isnan(values[0, 1]) and values[0, 2] == 0.0
    assert values[1].tolist() == [2.0, 0.0, 0.0]
    assert conflicts == 1


def test_character_runs_cut_the_text_at_every_boundary():
    assert character_runs(10, [3, 7, 3, 0, 10]) == [(0, 3), (3, 7), (7, 10)]


def test_character_runs_give_the_same_alpha_as_one_unit_per_character():
    codings = [SpanCoding(1, 0, 0, 2, 9), SpanCoding(1, 1, 0, 4, 12), SpanCoding(1, 1, 1, 0, 3)]
    runs = {1: character_runs(20, [b for c in codings for b in (c.start, c.end)])}
    chars = {1: [(i, i + 1) for i in range(20)]}
    grouped, single = table(codings, unit="character", units=runs), table(codings, units=chars)
    for code in (0, 1):
        a = coef.alpha(grouped.binary_values(code), weights=grouped.weights).value
        b = coef.alpha(single.binary_values(code)).value
        assert a == pytest.approx(b)
    assert grouped.n_units == 20


def test_min_overlap_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="min_overlap"):
        table([], min_overlap=1.5)
