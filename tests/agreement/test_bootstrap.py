"""The Hayes & Krippendorff bootstrap: reproducible, around alpha, honest about undefined alpha."""

from __future__ import annotations

import numpy as np
import pytest

from qualcode.agreement import coefficients as coef
from qualcode.agreement.bootstrap import bootstrap_alpha, coincidences, distances


def test_coincidences_of_krippendorff_2011_sum_to_the_pairable_values(krippendorff_2011):
    data = coincidences(krippendorff_2011)
    assert data.matrix.sum() == 40
    assert data.matrix[0, 0] == pytest.approx(7)  # Krippendorff (2011): o_11 = 7
    assert np.allclose(data.matrix, data.matrix.T)


def test_the_same_seed_gives_the_same_interval(krippendorff_2011):
    data = coincidences(krippendorff_2011)
    assert bootstrap_alpha(data, "interval", 500, 11) == bootstrap_alpha(data, "interval", 500, 11)


def test_the_interval_brackets_alpha():
    rng = np.random.default_rng(0)
    truth = rng.integers(0, 3, 400).astype(float)
    values = np.stack(
        [np.where(rng.random(400) < 0.8, truth, rng.integers(0, 3, 400)) for _ in range(3)]
    )
    result = bootstrap_alpha(coincidences(values), "nominal", 1000, 5)
    alpha = coef.alpha(values).value
    assert result.low < alpha < result.high
    assert result.resamples == 1000 and result.seed == 5


def test_the_bootstrap_distances_match_the_krippendorff_package(krippendorff_2011):
    data = coincidences(krippendorff_2011)
    marginals = data.matrix.sum(axis=1)
    n = marginals.sum()
    for level, expected in (("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)):
        delta = distances(data.domain, marginals, level)
        e = (np.outer(marginals, marginals) - np.diag(marginals)) / (n - 1)
        assert round(1 - (data.matrix * delta).sum() / (e * delta).sum(), 3) == expected


def test_no_variation_gives_no_interval():
    assert bootstrap_alpha(coincidences(np.ones((2, 6))), "nominal", 100, 1) is None
