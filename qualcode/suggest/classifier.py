"""Classifiers for every code at once: ridge regression on the features, calibrated by Platt's sigmoid.

Least squares with an L2 penalty (a linear least-squares classifier) is solved for all codes
together: in its dual form through one Cholesky factorisation of the units' kernel X X^T when
there are at most DUAL_LIMIT examples, else per code with LSQR in the primal. A constant feature
gives each code its intercept. The scores are then turned into probabilities with Platt's (1999)
sigmoid, fitted on scores from three-fold cross-validation in which whole documents are held out,
so a probability says how often a unit with that score carried the code in documents the model
had not seen; the sigmoid never falls with the score (a <= 0), so a code the model cannot
recognise in unseen documents gets its base rate everywhere. Everything is deterministic. Stored as plain numbers: weights, intercept, a and b.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg, optimize, sparse
from scipy.sparse.linalg import lsqr
from scipy.special import expit
from threadpoolctl import threadpool_limits

PARAMETERS = {"model": "ridge least squares + Platt sigmoid (a <= 0)", "alpha": 1.0, "folds": 3,
              "folds_by": "document", "dual_limit": 8000}  # fmt: skip
DUAL_LIMIT = PARAMETERS["dual_limit"]


@dataclass
class CodeClassifier:
    """p(code | unit) = 1 / (1 + exp(a * (x . w + intercept) + b))."""

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


def _dual(kernel: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Dual coefficients n x k of ridge regression with the (constant-augmented) kernel."""
    regularised = kernel + PARAMETERS["alpha"] * np.eye(len(kernel))
    return linalg.cho_solve(linalg.cho_factor(regularised, lower=True), targets)


def _primal(features: sparse.csr_matrix, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(weights d x k, intercepts k) of ridge regression, per code with LSQR (many examples)."""
    augmented = sparse.hstack([features, np.ones((features.shape[0], 1))], format="csr")
    solved = np.column_stack([
        lsqr(augmented, targets[:, k], damp=np.sqrt(PARAMETERS["alpha"]), atol=1e-8, btol=1e-8)[0]
        for k in range(targets.shape[1])
    ])  # fmt: skip
    return solved[:-1], solved[-1]


def platt(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Platt's sigmoid (a, b) for p = 1 / (1 + exp(a s + b)), with his smoothed targets."""
    positive = labels.sum()
    negative = len(labels) - positive
    target = np.where(labels > 0, (positive + 1) / (positive + 2), 1 / (negative + 2))

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        z = params[0] * scores + params[1]
        p = expit(-z)
        # -log p = log(1 + e^z) for the coded share, -log(1 - p) = log(1 + e^-z) for the rest
        value = np.sum(np.logaddexp(0, z) * target + np.logaddexp(0, -z) * (1 - target))
        grad = target - p  # d loss / d z
        return float(value), np.array([grad @ scores, grad.sum()])

    prior = np.log((negative + 1) / (positive + 1))
    # a <= 0: a higher score never means a lower probability. Where held-out scores of coded
    # units are no higher than the rest, the model has learnt nothing that carries over to new
    # documents, and every unit gets the code's base rate.
    result = optimize.minimize(loss, np.array([-1.0, prior]), jac=True, method="L-BFGS-B",
                               bounds=[(None, 0.0), (None, None)])  # fmt: skip
    return float(result.x[0]), float(result.x[1])


def _folds(groups: np.ndarray) -> list[np.ndarray]:
    """Example indices of each fold: documents dealt round-robin into PARAMETERS['folds'] folds."""
    documents = np.unique(groups)
    fold_of = {d: i % PARAMETERS["folds"] for i, d in enumerate(documents)}
    assignment = np.array([fold_of[g] for g in groups])
    return [
        np.flatnonzero(assignment == f) for f in range(min(PARAMETERS["folds"], len(documents)))
    ]


def fit_codes(
    features: sparse.csr_matrix, labels: np.ndarray, groups: np.ndarray
) -> list[CodeClassifier]:
    """One calibrated classifier per row of `labels` (codes x examples, 0/1); `groups` names each
    example's document, so calibration scores come from models that did not see the document."""
    with threadpool_limits(limits=1, user_api="blas"):  # small solves: threads only contend
        return _fit_codes(features, labels, groups)


def _fit_codes(
    features: sparse.csr_matrix, labels: np.ndarray, groups: np.ndarray
) -> list[CodeClassifier]:
    targets = labels.T.astype(np.float64)
    n = features.shape[0]
    folds = _folds(groups)
    kernel = (features @ features.T).toarray() + 1.0 if n <= DUAL_LIMIT else None  # + 1: intercept
    if kernel is not None:
        dual = _dual(kernel, targets)
        weights, intercepts = np.asarray(features.T @ dual), dual.sum(axis=0)
    else:
        weights, intercepts = _primal(features, targets)
    if len(folds) < 2:  # one document: calibrate on the fitted scores (optimistic)
        scores = np.asarray(features @ weights) + intercepts
    else:
        scores = np.zeros_like(targets)
        for held in folds:
            train = np.setdiff1d(np.arange(n), held)
            if kernel is not None:
                scores[held] = kernel[np.ix_(held, train)] @ _dual(
                    kernel[np.ix_(train, train)], targets[train]
                )
            else:
                w, c = _primal(features[train], targets[train])
                scores[held] = np.asarray(features[held] @ w) + c
    classifiers = []
    for k in range(targets.shape[1]):
        a, b = platt(scores[:, k], targets[:, k])
        classifiers.append(
            CodeClassifier(np.asarray(weights[:, k]).ravel(), float(intercepts[k]), a, b)
        )
    return classifiers
