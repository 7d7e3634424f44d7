"""Hayes & Krippendorff's (2007) bootstrap of alpha: `--ci krippendorff`, kept for comparison.

Caveat: M is capped at 25 q, so for a binary code the interval stops shrinking at about 70
units and is far too wide for large samples; the default interval is the percentile bootstrap
over documents in `resampling.py`.

The procedure of Hayes's KALPHA macro (Hayes & Krippendorff, "Answering the call for a standard
reliability measure for coding data", Communication Methods and Measures 1(1), 2007, and
Krippendorff, "Algorithm for bootstrapping Krippendorff's alpha"): keep the expected
disagreement D_e fixed; draw M pairs of values from the observed coincidences (pair c-k with
probability 2 o_ck / n, c-c with o_cc / n), M = min(25 q, (m - 1) n / 2) with q the non-empty
cells of the coincidence matrix and m the number of coders; each sample gives
alpha* = 1 - sum(delta of the drawn pairs) / (M D_e), floored at -1. Samples without any
disagreement are corrected as in the macro, and the interval is read off the sorted samples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

THRESHOLDS = (0.800, 0.667)  # Krippendorff (2004): reliable; tentative conclusions only


@dataclass(frozen=True)
class Coincidences:
    """Observed coincidence matrix of one variable and what the bootstrap needs besides."""

    domain: np.ndarray  # the values, sorted
    matrix: np.ndarray  # o_ck
    pairs: float  # sum over pairable units of m_u (m_u - 1) / 2
    coders: int


@dataclass(frozen=True)
class Bootstrap:
    """The bootstrap distribution of alpha summarised: interval and chance of missing a threshold."""

    low: float
    high: float
    resamples: int
    seed: int
    below: dict[float, float]  # threshold -> share of resamples with alpha below it


def coincidences(values: np.ndarray, weights: np.ndarray | None = None) -> Coincidences:
    """o_ck = sum over pairable units of w_u n_uc (n_uk - [c = k]) / (m_u - 1)."""
    values = np.asarray(values, dtype=float)
    w = np.ones(values.shape[1]) if weights is None else np.asarray(weights, dtype=float)
    m = (~np.isnan(values)).sum(axis=0).astype(float)
    keep = m >= 2
    values, w, m = values[:, keep], w[keep], m[keep]
    domain = np.unique(values[~np.isnan(values)])
    counts = np.stack([(values == v).sum(axis=0) for v in domain], axis=1).astype(float)
    scaled = counts * (w / (m - 1))[:, None]
    matrix = scaled.T @ counts - np.diag(scaled.sum(axis=0))
    return Coincidences(domain, matrix, float((w * m * (m - 1) / 2).sum()), values.shape[0])


def distances(domain: np.ndarray, marginals: np.ndarray, level: str) -> np.ndarray:
    """Krippendorff's squared difference function delta^2_ck for a level of measurement."""
    c, k = np.meshgrid(np.arange(len(domain)), np.arange(len(domain)), indexing="ij")
    if level == "nominal":
        return (c != k).astype(float)
    if level == "ordinal":
        cumulative = np.concatenate([[0.0], np.cumsum(marginals)])
        low, high = np.minimum(c, k), np.maximum(c, k)
        between = cumulative[high + 1] - cumulative[low]
        return (between - (marginals[c] + marginals[k]) / 2) ** 2
    v, u = domain[c], domain[k]
    if level == "interval":
        return (v - u) ** 2
    if level == "ratio":
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.nan_to_num(((v - u) / (v + u)) ** 2)
    raise ValueError(f"unknown level {level!r}")


def bootstrap_alpha(
    data: Coincidences, level: str = "nominal", resamples: int = 1000, seed: int | None = None
) -> Bootstrap | None:
    """The 95% bootstrap interval of alpha; None when alpha is undefined (no variation)."""
    o = data.matrix
    n = float(o.sum())
    marginals = o.sum(axis=1)
    if len(data.domain) < 2 or n < 2 or resamples < 1:
        return None
    delta = distances(data.domain, marginals, level)
    expected = (np.outer(marginals, marginals) - np.diag(marginals)) / (n - 1)
    d_e = float((expected * delta).sum() / n)
    if d_e <= 0:
        return None
    upper = np.triu_indices(len(data.domain))
    probability = np.where(upper[0] == upper[1], 1.0, 2.0) * o[upper] / n
    cell_delta = delta[upper]
    q = int((o > 0).sum())
    draws = int(min(25 * q, (data.coders - 1) * n / 2))
    if draws < 1:
        return None
    seed = int(np.random.SeedSequence().entropy % 2**32) if seed is None else seed
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(draws, probability / probability.sum(), size=resamples)
    samples = 1.0 - (counts @ cell_delta) / (d_e * draws)
    samples = np.maximum(samples, -1.0)
    diagonal = np.diag(o)
    nonzero_diagonal = int((diagonal > 0).sum())
    perfect = samples == 1.0
    if nonzero_diagonal == 1:
        samples[perfect] = 0.0
    elif nonzero_diagonal > 1:
        expected_perfect = round(resamples * float(((diagonal / n) ** data.pairs).sum()))
        fix = np.flatnonzero(perfect)[: min(expected_perfect, int(perfect.sum()))]
        samples[fix] = 0.0
    samples.sort()
    low = samples[max(int(0.025 * resamples), 1) - 1]
    high = samples[min(int(0.975 * resamples) + 1, resamples) - 1]
    below = {t: float((samples < t).mean()) for t in THRESHOLDS}
    return Bootstrap(float(low), float(high), resamples, seed, below)
