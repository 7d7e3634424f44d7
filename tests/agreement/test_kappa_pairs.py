"""Cohen's kappa reports how many complete pairs it rests on, also when it is undefined."""

import numpy as np

from qualcode.agreement.coefficients import mean_kappa, pairwise_kappa


def test_undefined_kappa_still_counts_its_complete_pairs():
    same = np.array([[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]])  # no variation: kappa undefined
    kappa = mean_kappa(pairwise_kappa(same))
    assert kappa.value is None and kappa.n == 3
