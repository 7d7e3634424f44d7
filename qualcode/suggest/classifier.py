"""One classifier per code: logistic regression on the features, calibrated with Platt's sigmoid.

Balanced class weights let a rare code be learnt from few examples; a sigmoid fitted on
three-fold cross-validated scores (scikit-learn's `CalibratedClassifierCV`, one final model)
turns the score back into a probability that the unit carries the code. Everything is
deterministic for the same data. Stored as plain numbers: weights, intercept, sigmoid a and b.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression

PARAMETERS = {"C": 4.0, "class_weight": "balanced", "solver": "liblinear", "calibration": "sigmoid",
              "folds": 3}  # fmt: skip


@dataclass
class CodeClassifier:
    """p(code | unit) = 1 / (1 + exp(a * (x . w + b0) + b))."""

    weights: np.ndarray
    intercept: float
    a: float
    b: float

    def probabilities(self, features: sparse.csr_matrix) -> np.ndarray:
        scores = features @ self.weights + self.intercept
        return expit(-(self.a * scores + self.b))

    def weight_bytes(self) -> bytes:
        return np.asarray(self.weights, dtype="<f4").tobytes()

    @classmethod
    def from_stored(cls, data: bytes, intercept: float, a: float, b: float) -> CodeClassifier:
        return cls(np.frombuffer(data, dtype="<f4").astype(np.float64), intercept, a, b)


def _base(seed: int) -> LogisticRegression:
    return LogisticRegression(C=PARAMETERS["C"], class_weight=PARAMETERS["class_weight"],
                              solver=PARAMETERS["solver"], random_state=seed, max_iter=1000)  # fmt: skip


def fit_code(features: sparse.csr_matrix, labels: np.ndarray, seed: int = 0) -> CodeClassifier:
    """The calibrated classifier of one code (labels: 1 the unit carries it, 0 not); needs at
    least PARAMETERS['folds'] examples of each class."""
    calibrated = CalibratedClassifierCV(
        _base(seed), method=PARAMETERS["calibration"], cv=PARAMETERS["folds"], ensemble=False
    )
    calibrated.fit(features, labels)
    fitted = calibrated.calibrated_classifiers_[0]
    model, sigmoid = fitted.estimator, fitted.calibrators[0]
    return CodeClassifier(
        model.coef_.ravel().astype(np.float64), float(model.intercept_[0]),
        float(sigmoid.a_), float(sigmoid.b_),
    )  # fmt: skip
