"""Classifiers for every code at once: ridge regression on the features, calibrated by Platt's sigmoid.

Least squares with an L2 penalty (a linear least-squares classifier) is solved for all codes
together. Two coders who coded a unit give two examples with the same features, and the squared
errors of a unit's examples add up to its number of examples times the error on their mean label
(plus a constant), so the solve runs once per unit on the mean labels, each unit weighted by its
examples: the same model as one row per example, for a fraction of the work. It is solved in its
dual form through one Cholesky factorisation of the units' kernel X X^T when there are at most
DUAL_LIMIT units, else per code with LSQR in the primal. A constant feature gives each code its
intercept. The scores are then turned into probabilities with Platt's (1999) sigmoid, fitted on
every example's score from three-fold cross-validation in which whole documents are held out, so
a probability says how often a unit with that score carried the code in documents the model had
not seen; the sigmoid never falls with the score (a <= 0), so a code the model cannot recognise
in unseen documents gets its base rate everywhere. Everything is deterministic. Stored as plain
numbers: weights, intercept, a and b.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import linalg, optimize, sparse
from scipy.linalg import blas
from scipy.sparse.linalg import lsqr
from scipy.special import expit
from threadpoolctl import threadpool_limits

PARAMETERS = {"model": "ridge least squares + Platt sigmoid (a <= 0)", "alpha": 1.0, "folds": 3,
              "folds_by": "document", "dual_limit": 8000}  # fmt: skip
DUAL_LIMIT = PARAMETERS["dual_limit"]
SHARED_SHARE = 16  # a feature of at least 1/16 of the units goes into the dense part of X X^T


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


def _dual(kernel: np.ndarray, targets: np.ndarray, examples: np.ndarray) -> np.ndarray:
    """Dual coefficients (units x codes) of ridge regression with the (constant-augmented)
    kernel, each unit's squared error weighted by its number of examples. The kernel is
    overwritten (callers pass a copy, or the full kernel when done with it)."""
    kernel[np.diag_indices_from(kernel)] += PARAMETERS["alpha"] / examples
    factor = linalg.cho_factor(kernel, lower=True, overwrite_a=True, check_finite=False)
    return linalg.cho_solve(factor, targets, check_finite=False)


def _primal(
    features: sparse.csr_matrix, targets: np.ndarray, examples: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(weights d x k, intercepts k) of ridge regression, per code with LSQR (many units); a
    unit's row is scaled by the square root of its number of examples."""
    scale = np.sqrt(examples)
    augmented = sparse.diags(scale) @ sparse.hstack(
        [features, np.ones((features.shape[0], 1))], format="csr"
    )
    solved = np.column_stack([
        lsqr(augmented, scale * targets[:, k], damp=np.sqrt(PARAMETERS["alpha"]), atol=1e-8,
             btol=1e-8)[0]
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


def kernel(features: sparse.csr_matrix) -> np.ndarray:
    """X X^T + 1 (the constant feature gives the intercept), dense. Character n-grams that many
    units share make the product nearly dense, which a sparse product builds slowly: those
    columns are multiplied as a dense matrix, the rest as a sparse one (the same sums)."""
    n = features.shape[0]
    shared = np.bincount(features.indices, minlength=features.shape[1]) >= max(2, n // SHARED_SHARE)
    common = features[:, np.flatnonzero(shared)].toarray()
    rare = features[:, np.flatnonzero(~shared)]
    result = (rare @ rare.T).toarray()
    result += 1.0
    # result += common common^T, in place: the matrix is symmetric, so its C-ordered buffer is
    # also the Fortran-ordered one BLAS writes
    return blas.dgemm(1.0, common, common, beta=1.0, c=result.T, trans_b=True, overwrite_c=True).T


def fit_codes(
    features: sparse.csr_matrix, units: np.ndarray, labels: np.ndarray, groups: np.ndarray
) -> list[CodeClassifier]:
    """One calibrated classifier per row of `labels` (codes x examples, 0/1). Example i is the
    unit in row `units[i]` of `features` (two coders who coded a unit give two examples of it);
    `groups` names each example's document, so calibration scores come from models that did not
    see the document."""
    with threadpool_limits(limits=1, user_api="blas"):  # small solves: threads only contend
        return _fit_codes(features, units, labels, groups)


def _fit_codes(
    unit_features: sparse.csr_matrix, units: np.ndarray, labels: np.ndarray, groups: np.ndarray
) -> list[CodeClassifier]:
    present, example_unit, examples = np.unique(units, return_inverse=True, return_counts=True)
    features = unit_features[present]
    n = len(present)
    targets = np.zeros((n, labels.shape[0]))
    np.add.at(targets, example_unit, labels.T.astype(np.float64))
    targets /= examples[:, None]  # each unit's mean label
    unit_groups = np.empty(n, dtype=np.asarray(groups).dtype)
    unit_groups[example_unit] = groups
    folds = _folds(unit_groups)
    kernel_matrix = kernel(features) if n <= DUAL_LIMIT else None

    def solve(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(weights, intercepts) learnt from these units; all units last (it overwrites the
        kernel, which is large)."""
        if kernel_matrix is None:
            return _primal(features[rows], targets[rows], examples[rows])
        within = kernel_matrix if len(rows) == n else kernel_matrix[np.ix_(rows, rows)]
        dual = _dual(within, targets[rows], examples[rows])
        return np.asarray(features[rows].T @ dual), dual.sum(axis=0)

    scores = np.zeros_like(targets)
    for held in folds if len(folds) >= 2 else []:
        w, c = solve(np.setdiff1d(np.arange(n), held))
        scores[held] = np.asarray(features[held] @ w) + c
    weights, intercepts = solve(np.arange(n))
    if len(folds) < 2:  # one document: calibrate on the fitted scores (optimistic)
        scores = np.asarray(features @ weights) + intercepts
    scores = scores[example_unit]  # every example: its unit's score
    example_labels = labels.T.astype(np.float64)
    classifiers = []
    for k in range(targets.shape[1]):
        a, b = platt(scores[:, k], example_labels[:, k])
        classifiers.append(
            CodeClassifier(np.asarray(weights[:, k]).ravel(), float(intercepts[k]), a, b)
        )
    return classifiers
