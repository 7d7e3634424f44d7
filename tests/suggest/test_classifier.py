"""The ridge classifiers solved once per unit are scikit-learn's Ridge on one row per example."""

import numpy as np
import pytest
from scipy import sparse
from sklearn.linear_model import Ridge

from qualcode.suggest import classifier
from qualcode.suggest.classifier import PARAMETERS, fit_codes, kernel


def _study(seed: int = 5):
    """60 units in 6 documents, 2 codes; units 0-39 have two coders' examples, which disagree on
    some units; the rest one."""
    rng = np.random.default_rng(seed)
    features = sparse.random(60, 400, density=0.05, format="csr", random_state=seed)
    features.data[:] = rng.random(features.nnz)
    units = np.r_[np.arange(60), np.arange(40)]
    labels = (rng.random((2, len(units))) < 0.3).astype(int)
    groups = units % 6
    return features, units, labels, groups


def _sklearn(features, units, labels):
    augmented = sparse.hstack([features[units], np.ones((len(units), 1))]).toarray()
    ridge = Ridge(alpha=PARAMETERS["alpha"], fit_intercept=False, solver="cholesky")
    coefficients = ridge.fit(augmented, labels.T.astype(float)).coef_
    return coefficients[:, :-1], coefficients[:, -1]


@pytest.mark.parametrize("dual_limit", [8000, 0])  # the dual (Cholesky) and primal (LSQR) solves
def test_the_weights_are_ridge_regression_on_every_example(monkeypatch, dual_limit):
    monkeypatch.setattr(classifier, "DUAL_LIMIT", dual_limit)
    features, units, labels, groups = _study()
    fitted = fit_codes(features, units, labels, groups)
    weights, intercepts = _sklearn(features, units, labels)
    for k, model in enumerate(fitted):
        assert model.weights == pytest.approx(weights[k], abs=1e-6)
        assert model.intercept == pytest.approx(intercepts[k], abs=1e-6)


def test_the_kernel_is_the_product_of_the_features_plus_one():
    features, *_ = _study()
    assert kernel(features) == pytest.approx((features @ features.T).toarray() + 1.0, abs=1e-12)
