"""Unitizing alpha reproduces Krippendorff's (2004) worked example (figure 2) and behaves at the edges."""

from __future__ import annotations

import pytest

from qualcode.agreement.unitizing import merge_spans, unitizing_alpha

# Krippendorff (2004), figure 2: a continuum from 150 to 450 (here 0 to 300), coders i and j.
CODE_C = [(300, [[(75, 145), (220, 250)], [(70, 150), (205, 225), (250, 270)]])]
CODE_K = [(300, [[(30, 90), (150, 200)], [(30, 90), (150, 200)]])]


def test_figure_2_category_c():
    # 0.729, as an independent implementation of the paper (zyocum/text-alpha) also computes
    assert round(unitizing_alpha(CODE_C).value, 3) == 0.729


def test_figure_2_category_k_identical_units_agree_perfectly():
    assert unitizing_alpha(CODE_K).value == pytest.approx(1.0)


def test_disjoint_units_disagree():
    result = unitizing_alpha([(100, [[(0, 40)], [(60, 100)]])])
    assert result.value < 0


def test_no_units_leave_alpha_undefined():
    result = unitizing_alpha([(100, [[], []])])
    assert result.value is None and result.note


def test_a_coders_overlapping_spans_are_merged():
    assert merge_spans([(5, 9), (0, 6), (12, 14), (9, 10)]) == [(0, 10), (12, 14)]


def test_three_coders_who_agree_give_one():
    spans = [(10, 20), (40, 70)]
    assert unitizing_alpha([(100, [spans, spans, spans])]).value == pytest.approx(1.0)
