"""Coefficients from summed per-unit statistics equal the direct definitions and independent packages."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

from qualcode.agreement.statistics import coefficients, layout_for, unit_statistics
from tests.agreement.conftest import direct_coefficients


def _noisy(seed: int, coders: int, units: int, categories: int, missing: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, categories, units)
    values = np.where(
        rng.random((coders, units)) < 0.75, truth, rng.integers(0, categories, (coders, units))
    )
    values = values.astype(float)
    values[rng.random(values.shape) < missing] = np.nan
    return values


def _from_statistics(values, n_categories=2, weights=None, level="nominal"):
    layout = layout_for(values, n_categories, level)
    totals = unit_statistics(values, layout, weights).sum(axis=0)
    return {name: float(v[0]) for name, v in coefficients(totals, layout).items()}


@pytest.mark.parametrize("coders,categories,missing", [(2, 2, 0.0), (3, 2, 0.1), (4, 4, 0.15)])
def test_every_coefficient_equals_its_direct_definition(coders, categories, missing):
    values = _noisy(coders * 10 + categories, coders, 300, categories, missing)
    weights = np.random.default_rng(1).integers(1, 9, values.shape[1]).astype(float)
    for w in (None, weights):
        summed = _from_statistics(values, categories, w)
        direct = direct_coefficients(values, categories, w)
        assert summed == pytest.approx(direct, abs=1e-12)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_at_every_level_equals_the_krippendorff_package(krippendorff_2011, level):
    summed = _from_statistics(krippendorff_2011, 5, level=level)["alpha"]
    assert summed == pytest.approx(
        krippendorff.alpha(krippendorff_2011, level_of_measurement=level), abs=1e-12
    )


def test_kappa_of_two_coders_equals_scikit_learn():
    values = _noisy(7, 2, 500, 3, 0.0)
    assert _from_statistics(values, 3)["kappa"] == pytest.approx(
        cohen_kappa_score(values[0], values[1]), abs=1e-12
    )


def test_fleiss_kappa_equals_statsmodels_on_fleiss_1971(fleiss_1971):
    table, _ = aggregate_raters(fleiss_1971.T)
    assert _from_statistics(fleiss_1971, 5)["fleiss_kappa"] == pytest.approx(
        fleiss_kappa(table), abs=1e-12
    )


def test_undefined_coefficients_are_nan_not_errors():
    summed = _from_statistics(np.zeros((3, 10)))
    assert np.isnan(summed["alpha"]) and np.isnan(summed["kappa"]) and summed["percent"] == 1.0


def test_per_pattern_cluster_sums_equal_summing_every_unit():
    from qualcode.agreement.statistics import cluster_statistics

    values = _noisy(9, 3, 400, 3, 0.2)
    weights = np.random.default_rng(2).integers(1, 50, 400).astype(float)
    document = np.sort(np.random.default_rng(3).integers(0, 25, 400))
    layout = layout_for(values, 3)
    expected = np.zeros((25, layout.size))
    np.add.at(expected, document, unit_statistics(values, layout, weights))
    assert np.allclose(cluster_statistics(values, layout, document, 25, weights), expected)
