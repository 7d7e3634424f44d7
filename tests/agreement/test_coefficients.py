"""Coefficients reproduce published worked examples and agree with independent implementations."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from qualcode.agreement import coefficients as coef

NAN = np.nan


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_alpha_reproduces_krippendorff_2011(krippendorff_2011, level, expected):
    assert round(coef.alpha(krippendorff_2011, level).value, 3) == expected


def test_alpha_counts_pairable_values_of_krippendorff_2011(krippendorff_2011):
    assert coef.alpha(krippendorff_2011).n == 40  # n.. in Krippendorff's coincidence matrix


def test_fleiss_kappa_reproduces_fleiss_1971(fleiss_1971):
    assert round(coef.fleiss_kappa(fleiss_1971).value, 3) == 0.430


def reliability_data(coders: int, max_units: int = 60, missing: bool = True):
    """Coders x units of small integer values, optionally with missing values."""
    elements = st.sampled_from([0.0, 1.0, 2.0, NAN] if missing else [0.0, 1.0, 2.0])
    return st.integers(2, max_units).flatmap(
        lambda n: arrays(np.float64, (coders, n), elements=elements)
    )


def binary_data():
    return st.integers(2, 60).flatmap(
        lambda n: st.tuples(
            arrays(np.bool_, (4, 3, n)), arrays(np.bool_, (3, n), elements=st.booleans())
        )
    )


@settings(max_examples=60, deadline=None)
@given(binary_data())
def test_binary_alpha_equals_krippendorff_package_per_code(data):
    applied, present = data
    fast, _ = coef.binary_alpha(applied, present)
    for row in range(applied.shape[0]):
        values = np.where(present, applied[row].astype(float), NAN)
        try:
            expected = krippendorff.alpha(values, level_of_measurement="nominal")
        except ValueError:  # the package refuses data without two values or two coders
            assert np.isnan(fast[row])
            continue
        if np.isnan(expected):
            assert np.isnan(fast[row])
        else:
            assert fast[row] == pytest.approx(expected, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(reliability_data(3))
def test_alpha_equals_krippendorff_package(values):
    result = coef.alpha(values)
    try:
        expected = krippendorff.alpha(values, level_of_measurement="nominal")
    except ValueError:
        assert result.value is None
        return
    if result.value is None:
        assert np.isnan(expected) or len(np.unique(values[~np.isnan(values)])) < 2
    else:
        assert result.value == pytest.approx(expected, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(reliability_data(2))
def test_cohen_kappa_equals_scikit_learn_on_complete_pairs(values):
    both = ~np.isnan(values).any(axis=0)
    result = coef.cohen_kappa(values[0], values[1])
    assert result.n == both.sum()
    a, b = values[0, both], values[1, both]
    if result.value is None:
        assert len(a) == 0 or len(np.unique(np.concatenate([a, b]))) == 1
    else:
        assert result.value == pytest.approx(cohen_kappa_score(a, b), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(reliability_data(4))
def test_fleiss_kappa_equals_statsmodels_on_complete_units(values):
    complete = values[:, ~np.isnan(values).any(axis=0)]
    result = coef.fleiss_kappa(values)
    assert result.n == complete.shape[1]
    if result.value is None:
        assert complete.shape[1] == 0 or len(np.unique(complete)) == 1
    else:
        table, _ = aggregate_raters(complete.T.astype(int))
        assert result.value == pytest.approx(statsmodels_fleiss(table), abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(reliability_data(3, max_units=20), st.lists(st.integers(1, 4), min_size=20, max_size=20))
def test_weighted_units_equal_repeated_units(values, repeat):
    weights = np.asarray(repeat[: values.shape[1]], dtype=float)
    expanded = np.repeat(values, weights.astype(int), axis=1)
    for name in ("alpha", "percent_agreement", "fleiss_kappa", "gwet_ac1"):
        weighted = getattr(coef, name)(values, weights=weights)
        plain = getattr(coef, name)(expanded)
        assert (weighted.value is None) == (plain.value is None)
        if plain.value is not None:
            assert weighted.value == pytest.approx(plain.value, abs=1e-9)


def test_gwet_ac1_for_two_coders_matches_the_two_rater_formula():
    a = np.array([1, 1, 0, 0, 1, 1, 1, 0, 1, 1], dtype=float)
    b = np.array([1, 0, 0, 0, 1, 1, 1, 1, 1, 1], dtype=float)
    p_a = (a == b).mean()
    pi = (a.mean() + b.mean()) / 2
    p_e = 2 * pi * (1 - pi)
    assert coef.gwet_ac1(np.stack([a, b])).value == pytest.approx((p_a - p_e) / (1 - p_e))


def test_percent_agreement_counts_agreeing_pairs():
    values = np.array([[1, 1, 0, NAN], [1, 0, 0, 1], [1, 1, NAN, NAN]], dtype=float)
    # unit 1: 3 of 3 pairs agree, unit 2: 1 of 3, unit 3: 1 of 1, unit 4 has one value
    assert coef.percent_agreement(values).value == pytest.approx(5 / 7)


def test_no_variation_leaves_alpha_and_kappa_undefined_with_a_note():
    values = np.ones((2, 5))
    assert coef.alpha(values).value is None and "no variation" in coef.alpha(values).note
    assert coef.cohen_kappa(values[0], values[1]).value is None
    assert coef.fleiss_kappa(values).note


def test_mean_kappa_averages_the_coder_pairs():
    values = np.array([[1, 0, 1, 0, 1, 1], [1, 0, 1, 1, 1, 1], [0, 0, 1, 0, 1, 1]], dtype=float)
    pairs = coef.pairwise_kappa(values)
    expected = np.mean(
        [cohen_kappa_score(values[i], values[j]) for i, j in [(0, 1), (0, 2), (1, 2)]]
    )
    assert coef.mean_kappa(pairs).value == pytest.approx(expected)
