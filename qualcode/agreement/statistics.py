"""Every coefficient as a function of sums of per-unit statistics, so a resample is a weighted sum.

Alpha, percent agreement, Cohen's (pairwise) and Fleiss' kappa and Gwet's AC1 are all ratios of
sums over units. Each unit contributes a fixed vector of statistics (its coincidences, its
agreeing pairs, its category counts, each coder pair's joint table); summing those vectors over
the units of a sample, or over a bootstrap resample of whole documents, gives everything a
coefficient needs. `coefficients` evaluates all of them for many such sums at once (one row per
resample), with the same definitions as `coefficients.py` (checked against it in the tests):
alpha on pairable values, Cohen's and Fleiss' kappa on complete units, percent and AC1 on
pairable values, optional unit weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

COEFFICIENTS = ("alpha", "kappa", "fleiss_kappa", "percent", "ac1")
BINARY = np.array([0.0, 1.0])


@dataclass(frozen=True)
class Layout:
    """Where each coefficient's statistics sit in the vector, for k categories and m coders."""

    domain: np.ndarray  # the category values, sorted
    coders: int
    n_categories: int  # AC1's q: the categories a coder could choose from
    level: str = "nominal"

    @property
    def k(self) -> int:
        return len(self.domain)

    @property
    def pairs(self) -> list[tuple[int, int]]:
        return list(combinations(range(self.coders), 2))

    def slices(self) -> dict[str, slice]:
        """alpha: k x k coincidences; percent: agreeing, all pairs; fleiss: n, sum P_u, counts;
        ac1: pairable weight, sum p_a, rated weight, category shares; kappa: a k x k table per pair."""
        k = self.k
        sizes = {"alpha": k * k, "percent": 2, "fleiss": 2 + k, "ac1": 3 + k,
                 "kappa": len(self.pairs) * k * k}  # fmt: skip
        out, start = {}, 0
        for name, size in sizes.items():
            out[name] = slice(start, start + size)
            start += size
        return out

    @property
    def size(self) -> int:
        return max(s.stop for s in self.slices().values())


def layout_for(values: np.ndarray, n_categories: int = 2, level: str = "nominal") -> Layout:
    """The layout of a variable: its observed categories (binary variables always 0 and 1)."""
    observed = np.unique(values[~np.isnan(values)])
    domain = BINARY if np.isin(observed, BINARY).all() and n_categories == 2 else observed
    return Layout(domain, values.shape[0], max(n_categories, len(domain), 2), level)


def patterns(values: np.ndarray, layout: Layout) -> tuple[np.ndarray, np.ndarray]:
    """The distinct columns of values (coders x patterns) and each unit's pattern index.

    A unit's statistics depend only on its pattern (which coder gave which category, or none)
    and scale with its weight: they are computed once per pattern.
    """
    values = np.asarray(values, dtype=float)
    base = layout.k + 1
    if base ** values.shape[0] >= 2**62:  # too many coders to number the patterns
        return values, np.arange(values.shape[1])
    key = np.zeros(values.shape[1], dtype=np.int64)
    for coder in range(values.shape[0]):
        code = np.searchsorted(layout.domain, values[coder]) + 1  # 0 missing, i + 1 category i
        code[np.isnan(values[coder])] = 0
        key += code * base**coder
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return values[:, first], inverse.ravel()


def unit_statistics(
    values: np.ndarray, layout: Layout, weights: np.ndarray | None = None
) -> np.ndarray:
    """Units x statistics: what each unit (coders x units values, NaN missing) adds to the sums."""
    w = np.ones(np.shape(values)[1]) if weights is None else np.asarray(weights, dtype=float)
    distinct, inverse = patterns(values, layout)
    return _pattern_statistics(distinct, layout)[inverse] * w[:, None]


def cluster_patterns(
    values: np.ndarray,
    layout: Layout,
    index: np.ndarray,
    n_clusters: int,
    weights: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(clusters x patterns weighted counts, patterns x statistics): their product sums each cluster.

    A cluster's statistics are its pattern counts times the patterns' statistics; keeping the two
    apart lets a bootstrap resample the (usually few) pattern counts instead of every statistic.
    With very many patterns the first is the clusters' statistics and the second the identity.
    """
    distinct, inverse = patterns(values, layout)
    n_patterns = distinct.shape[1]
    if n_clusters * n_patterns > 20_000_000:  # many patterns: sum the units' rows instead
        out = np.zeros((n_clusters, layout.size))
        np.add.at(out, index, unit_statistics(values, layout, weights))
        return out, np.eye(layout.size)
    cells = np.bincount(
        index * n_patterns + inverse, weights=weights, minlength=n_clusters * n_patterns
    ).reshape(n_clusters, n_patterns)
    return cells, _pattern_statistics(distinct, layout)


def cluster_statistics(
    values: np.ndarray,
    layout: Layout,
    index: np.ndarray,
    n_clusters: int,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Clusters x statistics: the units' statistics summed within each cluster (index 0..G-1)."""
    cells, statistics = cluster_patterns(values, layout, index, n_clusters, weights)
    return cells @ statistics


def _pattern_statistics(values: np.ndarray, layout: Layout) -> np.ndarray:
    """Unweighted statistics of each column of values."""
    n_units = values.shape[1]
    w = np.ones(n_units)
    k, parts = layout.k, layout.slices()
    counts = np.stack([(values == v).sum(axis=0) for v in layout.domain], axis=1).astype(float)
    m = counts.sum(axis=1)
    pairable = m >= 2
    out = np.zeros((n_units, layout.size))
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(pairable, w / (m - 1), 0.0)
        same = np.where(pairable, (counts * (counts - 1)).sum(axis=1), 0.0)
        coincide = counts[:, :, None] * counts[:, None, :] - counts[:, :, None] * np.eye(k)
        out[:, parts["alpha"]] = (coincide * scale[:, None, None]).reshape(n_units, k * k)
        agree = same / 2
        pairs = m * (m - 1) / 2
        out[:, parts["percent"]] = np.stack([w * agree, w * pairs], axis=1)
        complete = m == layout.coders
        wc = np.where(complete, w, 0.0)
        p_unit = np.where(complete, same / (layout.coders * (layout.coders - 1)), 0.0)
        out[:, parts["fleiss"]] = np.column_stack([wc, wc * p_unit, wc[:, None] * counts])
        wp = np.where(pairable, w, 0.0)
        p_a = np.where(pairable, same / (m * (m - 1)), 0.0)
        wr = np.where(m >= 1, w, 0.0)
        shares = np.where(m[:, None] >= 1, counts / m[:, None], 0.0)
        out[:, parts["ac1"]] = np.column_stack([wp, wp * p_a, wr, wr[:, None] * shares])
    tables = []
    for i, j in layout.pairs:
        a = np.stack([values[i] == v for v in layout.domain], axis=1)
        b = np.stack([values[j] == v for v in layout.domain], axis=1)
        tables.append((a[:, :, None] & b[:, None, :]) * w[:, None, None])
    if tables:
        out[:, parts["kappa"]] = np.stack(tables, axis=1).reshape(n_units, -1)
    return out


def _ratio(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(bottom > 0, top / np.where(bottom > 0, bottom, 1.0), np.nan)


def _delta(layout: Layout, marginals: np.ndarray) -> np.ndarray:
    """Krippendorff's squared differences, rows x k x k (ordinal depends on each row's marginals)."""
    k = layout.k
    c, d = np.meshgrid(np.arange(k), np.arange(k), indexing="ij")
    if layout.level == "nominal":
        return np.broadcast_to((c != d).astype(float), (len(marginals), k, k))
    if layout.level == "ordinal":
        cumulative = np.concatenate([np.zeros((len(marginals), 1)), marginals.cumsum(1)], axis=1)
        low, high = np.minimum(c, d), np.maximum(c, d)
        between = cumulative[:, high + 1] - cumulative[:, low]
        return (between - (marginals[:, c] + marginals[:, d]) / 2) ** 2
    v, u = layout.domain[c], layout.domain[d]
    if layout.level == "interval":
        return np.broadcast_to((v - u) ** 2, (len(marginals), k, k))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.broadcast_to(np.nan_to_num(((v - u) / (v + u)) ** 2), (len(marginals), k, k))


def coefficients(totals: np.ndarray, layout: Layout) -> dict[str, np.ndarray]:
    """Each coefficient for every row of summed statistics (rows x statistics); NaN = undefined."""
    totals = np.atleast_2d(np.asarray(totals, dtype=float))
    rows, k, parts = totals.shape[0], layout.k, layout.slices()
    o = totals[:, parts["alpha"]].reshape(rows, k, k)
    marginals = o.sum(axis=2)
    n = marginals.sum(axis=1)
    delta = _delta(layout, marginals)
    observed = (o * delta).sum(axis=(1, 2))
    expected = (marginals[:, :, None] * marginals[:, None, :] * delta).sum(axis=(1, 2))
    alpha = 1.0 - (n - 1.0) * _ratio(observed, expected)
    alpha[n < 2] = np.nan

    agree, pairs = totals[:, parts["percent"]].T
    percent = _ratio(agree, pairs)

    fleiss = totals[:, parts["fleiss"]]
    n_complete = fleiss[:, 0]
    p_bar = _ratio(fleiss[:, 1], n_complete)
    p_cat = _ratio(fleiss[:, 2:], (n_complete * layout.coders)[:, None])
    fleiss_kappa = _chance_corrected(p_bar, (p_cat**2).sum(axis=1))

    ac1 = totals[:, parts["ac1"]]
    p_a = _ratio(ac1[:, 1], ac1[:, 0])
    pi = _ratio(ac1[:, 3:], ac1[:, 2][:, None])
    gwet = _chance_corrected(p_a, (pi * (1 - pi)).sum(axis=1) / (layout.n_categories - 1))

    pairwise, _ = pairwise_kappa(totals, layout)
    defined = ~np.isnan(pairwise)
    kappa = _ratio(np.where(defined, pairwise, 0.0).sum(axis=1), defined.sum(axis=1))
    return {"alpha": alpha, "kappa": kappa, "fleiss_kappa": fleiss_kappa, "percent": percent,
            "ac1": gwet}  # fmt: skip


def pairwise_kappa(totals: np.ndarray, layout: Layout) -> tuple[np.ndarray, np.ndarray]:
    """Cohen's kappa of every coder pair (rows x pairs; NaN undefined) and the units each pair shares."""
    totals = np.atleast_2d(np.asarray(totals, dtype=float))
    k = layout.k
    tables = totals[:, layout.slices()["kappa"]].reshape(len(totals), len(layout.pairs), k, k)
    size = tables.sum(axis=(2, 3))
    share_a = _ratio(tables.sum(axis=3), size[:, :, None])
    share_b = _ratio(tables.sum(axis=2), size[:, :, None])
    agreed = _ratio(np.trace(tables, axis1=2, axis2=3), size)
    return _chance_corrected(agreed, (share_a * share_b).sum(axis=2)), size


def _chance_corrected(observed: np.ndarray, chance: np.ndarray) -> np.ndarray:
    """(p_o - p_e) / (1 - p_e), undefined where chance agreement is 1 (no variation)."""
    defined = ~np.isnan(observed) & ~np.isnan(chance) & (chance < 1.0 - 1e-12)
    out = np.full(np.broadcast(observed, chance).shape, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        out[defined] = ((observed - chance) / (1.0 - chance))[defined]
    return out


def disagreements(totals: np.ndarray, layout: Layout) -> float:
    """Pairs of values that differ within units (weighted): 0 means perfect observed agreement."""
    agree, pairs = np.asarray(totals, dtype=float)[layout.slices()["percent"]]
    return float(pairs - agree)
