"""Agreement coefficients on reliability data: a coders x units matrix of values, NaN = missing.

Krippendorff's alpha uses every pairable value (units with at least two values); Cohen's kappa
and Fleiss' kappa use complete units only and say how many; percent agreement and Gwet's AC1
use the pairable values. Optional unit `weights` count a unit that many times (character units
are grouped into runs of identical coding, each weighted by its length).

A coefficient that the data cannot define (no variation, too few values) is a `Coefficient`
with value None and a note; nothing here raises on ordinary data.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import krippendorff
import numpy as np

LEVELS = ("nominal", "ordinal", "interval", "ratio")


@dataclass(frozen=True)
class Coefficient:
    """One coefficient's value (None when undefined), how many units or pairs it used, and why not."""

    value: float | None
    n: float = 0
    note: str = ""


def _weights(values: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    return np.ones(values.shape[1]) if weights is None else np.asarray(weights, dtype=float)


def _undefined(note: str, n: float = 0) -> Coefficient:
    return Coefficient(None, n, note)


def pairable(values: np.ndarray, weights: np.ndarray | None = None) -> tuple[float, float]:
    """(units with at least two values, values in those units), weighted."""
    w = _weights(values, weights)
    m = (~np.isnan(values)).sum(axis=0)
    keep = m >= 2
    return float(w[keep].sum()), float((w * m)[keep].sum())


def alpha(
    values: np.ndarray, level: str = "nominal", weights: np.ndarray | None = None
) -> Coefficient:
    """Krippendorff's alpha through the `krippendorff` package (any level of measurement)."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r} (expected one of: {', '.join(LEVELS)})")
    values = np.asarray(values, dtype=float)
    _, n_pairable = pairable(values, weights)
    if n_pairable < 2:
        return _undefined("no unit has values from two coders", n_pairable)
    keep = (~np.isnan(values)).sum(axis=0) >= 2  # lone values take no part in alpha
    values = values[:, keep]
    domain = np.unique(values[~np.isnan(values)])
    if len(domain) < 2:
        return _undefined("no variation: every pairable value is the same", n_pairable)
    if level == "nominal" and len(domain) == 2:  # the closed form, no value-count matrix
        w = None if weights is None else np.asarray(weights, dtype=float)[keep]
        present = ~np.isnan(values)
        result, _ = binary_alpha((values == domain[1])[None], present, w)
        return Coefficient(float(result[0]), n_pairable)
    counts = np.stack([(values == v).sum(axis=0) for v in domain], axis=1)
    if weights is not None:
        counts = np.repeat(counts, np.asarray(weights, dtype=int)[keep], axis=0)
    result = float(
        krippendorff.alpha(value_counts=counts, value_domain=domain, level_of_measurement=level)
    )
    if np.isnan(result):
        return _undefined("no variation: expected disagreement is zero", n_pairable)
    return Coefficient(result, n_pairable)


def binary_alpha(
    applied: np.ndarray, present: np.ndarray, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Nominal alpha of many binary variables at once (e.g. every code: applied or not).

    `applied` is variables x coders x units (bool), `present` coders x units (bool: the coder has
    a value for the unit). From the binary coincidences o_01 = sum_u n0_u n1_u / (m_u - 1) and
    the marginals n_0, n_1 over pairable units, alpha = 1 - (n - 1) o_01 / (n_0 n_1).
    Returns (alpha per variable, NaN where undefined; n pairable values).
    """
    m = present.sum(axis=0, dtype=np.float64)
    w = np.ones(present.shape[1]) if weights is None else np.asarray(weights, dtype=float)
    w = np.where(m >= 2, w, 0.0)  # lone values take no part
    with np.errstate(divide="ignore", invalid="ignore"):
        per_pair = np.where(m >= 2, w / (m - 1), 0.0)
    ones = np.zeros((applied.shape[0], applied.shape[2]))
    for coder in range(applied.shape[1]):
        ones += applied[:, coder, :] & present[coder]
    n = float(w @ m)
    o01 = (ones * (m - ones)) @ per_pair
    n1 = ones @ w
    n0 = n - n1
    with np.errstate(divide="ignore", invalid="ignore"):
        result = 1.0 - (n - 1.0) * o01 / (n0 * n1)
    result[(n0 == 0) | (n1 == 0)] = np.nan
    return result, np.full(applied.shape[0], n)


def percent_agreement(values: np.ndarray, weights: np.ndarray | None = None) -> Coefficient:
    """Share of agreeing pairs among all pairs of values within units (pairable values only)."""
    values = np.asarray(values, dtype=float)
    w = _weights(values, weights)
    agree = np.zeros(values.shape[1])
    pairs = np.zeros(values.shape[1])
    for i, j in combinations(range(values.shape[0]), 2):
        both = ~np.isnan(values[i]) & ~np.isnan(values[j])
        pairs += both
        agree += both & (values[i] == values[j])
    n_units = float(w[pairs > 0].sum())
    if pairs.sum() == 0:
        return _undefined("no unit has values from two coders")
    return Coefficient(float((w * agree).sum() / (w * pairs).sum()), n_units)


def cohen_kappa(a: np.ndarray, b: np.ndarray, weights: np.ndarray | None = None) -> Coefficient:
    """Cohen's kappa of two coders over the units both coded (n = that number of units)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    w = np.ones(len(a)) if weights is None else np.asarray(weights, dtype=float)
    both = ~np.isnan(a) & ~np.isnan(b)
    a, b, w = a[both], b[both], w[both]
    n = float(w.sum())
    if n == 0:
        return _undefined("no unit coded by both coders")
    categories = np.unique(np.concatenate([a, b]))
    pa = {c: w[a == c].sum() / n for c in categories}
    pb = {c: w[b == c].sum() / n for c in categories}
    observed = w[a == b].sum() / n
    expected = sum(pa[c] * pb[c] for c in categories)
    if expected >= 1.0:
        return _undefined("no variation: both coders used one and the same value", n)
    return Coefficient(float((observed - expected) / (1.0 - expected)), n)


def pairwise_kappa(
    values: np.ndarray, weights: np.ndarray | None = None
) -> dict[tuple[int, int], Coefficient]:
    """Cohen's kappa for every pair of coders (indices into the rows of `values`)."""
    return {
        (i, j): cohen_kappa(values[i], values[j], weights)
        for i, j in combinations(range(values.shape[0]), 2)
    }


def mean_kappa(pairs: dict[tuple[int, int], Coefficient]) -> Coefficient:
    """Cohen's kappa for two coders; for more, the mean of the defined pairwise kappas (Light's kappa)."""
    defined = [c for c in pairs.values() if c.value is not None]
    if not defined:
        notes = {c.note for c in pairs.values() if c.note}
        n = min(
            (c.n for c in pairs.values()), default=0
        )  # complete pairs, even when kappa is undefined
        return _undefined("; ".join(sorted(notes)) or "no pair of coders", n)
    n = min(c.n for c in defined)
    value = float(np.mean([c.value for c in defined]))
    note = (
        "" if len(defined) == len(pairs) else f"{len(pairs) - len(defined)} coder pairs undefined"
    )
    return Coefficient(value, n, note)


def fleiss_kappa(values: np.ndarray, weights: np.ndarray | None = None) -> Coefficient:
    """Fleiss' (1971) kappa over the units every coder coded (n = that number of units)."""
    values = np.asarray(values, dtype=float)
    w = _weights(values, weights)
    complete = ~np.isnan(values).any(axis=0)
    values, w = values[:, complete], w[complete]
    raters = values.shape[0]
    n = float(w.sum())
    if n == 0 or raters < 2:
        return _undefined("no unit coded by every coder")
    categories = np.unique(values)
    counts = np.stack([(values == c).sum(axis=0) for c in categories], axis=1).astype(float)
    p_unit = ((counts * (counts - 1)).sum(axis=1)) / (raters * (raters - 1))
    p_bar = float((w * p_unit).sum() / n)
    p_cat = (w[:, None] * counts).sum(axis=0) / (n * raters)
    p_e = float((p_cat**2).sum())
    if p_e >= 1.0:
        return _undefined("no variation: every coder used one and the same value", n)
    return Coefficient((p_bar - p_e) / (1.0 - p_e), n)


def gwet_ac1(
    values: np.ndarray, n_categories: int | None = None, weights: np.ndarray | None = None
) -> Coefficient:
    """Gwet's AC1 for any number of coders with missing values (Gwet 2014, ch. 4).

    Observed agreement over units with two or more values; chance agreement
    1/(q-1) * sum_k pi_k (1 - pi_k) with pi_k the mean share of category k over coded units.
    """
    values = np.asarray(values, dtype=float)
    w = _weights(values, weights)
    m = (~np.isnan(values)).sum(axis=0).astype(float)
    rated = m >= 1
    pairable_units = m >= 2
    if not pairable_units.any():
        return _undefined("no unit has values from two coders")
    categories = np.unique(values[~np.isnan(values)])
    q = max(n_categories or 0, len(categories), 2)
    counts = np.stack([(values == c).sum(axis=0) for c in categories], axis=1).astype(float)
    wp, mp, cp = w[pairable_units], m[pairable_units], counts[pairable_units]
    p_a = float((wp * (cp * (cp - 1)).sum(axis=1) / (mp * (mp - 1))).sum() / wp.sum())
    pi = (w[rated, None] * counts[rated] / m[rated, None]).sum(axis=0) / w[rated].sum()
    p_e = float((pi * (1 - pi)).sum() / (q - 1))
    if p_e >= 1.0:
        return _undefined("chance agreement is 1", float(wp.sum()))
    return Coefficient((p_a - p_e) / (1.0 - p_e), float(wp.sum()))
