"""Confidence intervals of every coefficient, by the method the researcher chose, with their notes.

`documents` (the default): percentile bootstrap over documents, the independent clusters
(at the document unit the documents are the units). `units`: percentile bootstrap over units,
for designs where units were sampled independently. `krippendorff`: Hayes & Krippendorff's
(2007) KALPHA bootstrap of alpha, kept for comparison with published figures (see
`bootstrap.py` and its caveat). A variable without any observed disagreement gets no interval
but a note: every resample would agree perfectly too, which says nothing about the population.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from qualcode.agreement.bootstrap import THRESHOLDS, bootstrap_alpha, coincidences
from qualcode.agreement.resampling import (
    Draws,
    cluster_index,
    percentile_interval,
    seed_or_fresh,
    share_below,
)
from qualcode.agreement.statistics import (
    Layout,
    cluster_patterns,
    cluster_statistics,
    coefficients,
    disagreements,
    layout_for,
)

CI_METHODS = ("documents", "units", "krippendorff")
INTERVAL_KEYS = {"alpha": "alpha_ci", "kappa": "kappa_ci", "fleiss_kappa": "fleiss_kappa_ci",
                 "percent": "percent_ci", "ac1": "ac1_ci"}  # fmt: skip
METHOD_DESCRIPTIONS = {
    "documents": "percentile bootstrap over documents (whole documents resampled with replacement)",
    "units": "percentile bootstrap over units (each unit resampled on its own, as if independent)",
    "krippendorff": (
        "Hayes & Krippendorff (2007) bootstrap of alpha (KALPHA): caveat, it draws at most 25 "
        "pairs of values per filled coincidence cell, so its interval does not shrink as units "
        "are added; alpha only"
    ),
}
FEW_CLUSTERS = 30
NO_DISAGREEMENT = "no disagreement observed, so no interval (every resample agrees too)"


@dataclass(frozen=True)
class Resampled:
    """A variable's summed statistics in the sample and in every resample (pooling adds them)."""

    layout: Layout
    full: np.ndarray  # statistics
    resampled: np.ndarray | None  # resamples x statistics (None: no percentile bootstrap)

    def __add__(self, other: Resampled) -> Resampled:
        both = None if self.resampled is None else self.resampled + other.resampled
        return Resampled(self.layout, self.full + other.full, both)


def no_intervals() -> dict:
    """Every interval key, empty."""
    return {key: None for key in INTERVAL_KEYS.values()} | {"alpha_p_below": None}


def _rounded(interval: tuple[float, float] | None) -> list[float] | None:
    return None if interval is None else [round(interval[0], 6), round(interval[1], 6)]


class IntervalPlan:
    """The interval method of one report: which clusters it resamples and the shared draws."""

    def __init__(
        self,
        method: str,
        unit: str,
        document_ids: np.ndarray,
        resamples: int = 1000,
        seed: int | None = None,
    ) -> None:
        if method not in CI_METHODS:
            raise ValueError(
                f"unknown interval method {method!r} (expected one of: {', '.join(CI_METHODS)})"
            )
        self.method, self.resamples = method, resamples
        self.seed = seed_or_fresh(seed) if resamples else None
        self.reason = ""  # why there are no intervals at all
        if resamples and unit == "character" and method != "documents":
            self.reason = (
                f"No {method} interval on the character unit: characters are not independent "
                "units; use --ci documents (the default) to resample whole documents."
            )
        labels = document_ids if method == "documents" else np.arange(len(document_ids))
        self.index, self.n_clusters = cluster_index(labels)
        if resamples and not self.reason and method != "krippendorff" and self.n_clusters < 2:
            self.reason = f"No interval: the bootstrap over {method} needs at least two, found {self.n_clusters}."
        self.draws = None
        if self.active and method != "krippendorff":
            self.draws = Draws(self.n_clusters, resamples, self.seed)

    @property
    def active(self) -> bool:
        return bool(self.resamples) and not self.reason

    def describe(self) -> dict | None:
        """The report's `bootstrap` entry: method, resamples, seed and clusters."""
        if not self.active:
            return None
        clusters = None if self.method == "krippendorff" else self.n_clusters
        return {"method": self.method, "resamples": self.resamples, "seed": self.seed,
                "clusters": clusters, "description": METHOD_DESCRIPTIONS[self.method]}  # fmt: skip

    def notes(self) -> list[str]:
        """Report-wide notes on the intervals."""
        if self.reason:
            return [self.reason]
        if not self.active:
            return []
        if self.method == "krippendorff":
            return [f"Intervals: {METHOD_DESCRIPTIONS['krippendorff']}."]
        if self.n_clusters < FEW_CLUSTERS:
            return [
                f"Only {self.n_clusters} {self.method} to resample: with so few independent "
                "clusters a percentile bootstrap interval tends to be too narrow; read it as a guide."
            ]
        return []

    def resample(self, values: np.ndarray, layout: Layout, weights=None) -> Resampled:
        """A variable's statistics summed over the sample and, with draws, over every resample."""
        return self.resample_many([(values, layout, weights)])[0]

    def resample_many(self, variables: list[tuple]) -> list[Resampled]:
        """Several (values, layout, weights) variables at once: one product for all their resamples.

        Each variable contributes its clusters' pattern counts (or, with more patterns than
        statistics, its clusters' statistics); stacking them side by side reads the draws once.
        """
        if self.draws is None:
            out = []
            for values, layout, weights in variables:
                whole = np.zeros(np.shape(values)[1], dtype=np.int64)
                full = cluster_statistics(values, layout, whole, 1, weights)[0]
                out.append(Resampled(layout, full, None))
            return out
        parts = []
        for values, layout, weights in variables:
            cells, statistics = cluster_patterns(
                values, layout, self.index, self.n_clusters, weights
            )
            if cells.shape[1] > statistics.shape[1]:  # more patterns than statistics
                cells, statistics = cells @ statistics, np.eye(statistics.shape[1])
            parts.append((layout, cells, statistics))
        resampled = self.draws.apply(np.concatenate([cells for _, cells, _ in parts], axis=1))
        out, column = [], 0
        for layout, cells, statistics in parts:
            width = cells.shape[1]
            block = resampled[:, column : column + width]
            column += width
            out.append(Resampled(layout, cells.sum(axis=0) @ statistics, block @ statistics))
        return out

    def intervals(
        self, entry: dict, variable: Resampled, values_of: Callable[[], np.ndarray], weights=None
    ) -> tuple[dict, list[str]]:
        """The *_ci keys and alpha_p_below of one variable whose point values are in `entry`."""
        out = no_intervals()
        if not self.active or entry.get("alpha") is None and entry.get("percent") is None:
            return out, []
        if disagreements(variable.full, variable.layout) <= 0:
            return out, [NO_DISAGREEMENT]
        if self.method == "krippendorff":
            return self._krippendorff(entry, values_of(), weights)
        samples = coefficients(variable.resampled, variable.layout)
        for name, key in INTERVAL_KEYS.items():
            if entry.get(name) is not None:
                out[key] = _rounded(percentile_interval(samples[name], self.n_clusters))
        notes = []
        if out["alpha_ci"] is not None:
            out["alpha_p_below"] = {
                f"{t:.3f}": share_below(samples["alpha"], t) for t in THRESHOLDS
            }
            undefined = int(np.isnan(samples["alpha"]).sum())
            if undefined:
                notes.append(
                    f"alpha undefined (no variation) in {undefined} of {self.resamples} resamples, "
                    "left out of its interval"
                )
        return out, notes

    def _krippendorff(self, entry: dict, values: np.ndarray, weights) -> tuple[dict, list[str]]:
        out = no_intervals()
        if entry.get("alpha") is None:
            return out, []
        result = bootstrap_alpha(
            coincidences(values, weights), "nominal", self.resamples, self.seed
        )
        if result is not None:
            out["alpha_ci"] = _rounded((result.low, result.high))
            out["alpha_p_below"] = {f"{t:.3f}": result.below[t] for t in THRESHOLDS}
        return out, []


def variable_intervals(
    values: np.ndarray,
    document_ids: np.ndarray,
    *,
    method: str = "documents",
    resamples: int = 1000,
    seed: int | None = None,
    n_categories: int = 2,
    weights: np.ndarray | None = None,
) -> dict:
    """The intervals of one variable (coders x units values, NaN missing; each unit's document).

    Returns the point values (`alpha`, `kappa`, ...), the interval keys, `alpha_p_below`,
    `notes`, and `bootstrap` (method, resamples, seed, clusters). Nominal level.
    """
    values = np.asarray(values, dtype=float)
    plan = IntervalPlan(method, "segment", np.asarray(document_ids), resamples, seed)
    layout = layout_for(values, n_categories)
    variable = plan.resample(values, layout, weights)
    point = {name: (None if np.isnan(v[0]) else float(v[0]))
             for name, v in coefficients(variable.full, layout).items()}  # fmt: skip
    found, notes = plan.intervals(point, variable, lambda: values, weights)
    return point | found | {"notes": plan.notes() + notes, "bootstrap": plan.describe()}
