"""Coverage of the default interval (percentile bootstrap over documents) by simulation.

Data come from a process with a known population alpha: documents of 5 to 15 units, each with
its own prevalence of the code (Beta) and its own coder reliability (Beta(8, 2)); each coder
copies the true value with that reliability, else guesses from the document's prevalence.
Units within a document are therefore dependent, as in interviews. The population alpha is
computed once per session from 10^6 units (10^5 documents).

Replications: 1,000 per cell. At a true coverage of .95 the empirical coverage has a binomial
SD of sqrt(.95 x .05 / 1000) = .0069, so the accepted band [.92, .98] is +-4.3 SD: a correct
interval fails a cell with probability < 1e-4, while one of true coverage .90 (Hayes &
Krippendorff's at n = 50) or .99 (theirs at n = 200) fails with probability > 99.8%. Measured
with this seed: .936-.948 at 50 documents (the expanded percentile; the plain one gave
.927-.941), .937-.953 at 200, .942-.959 at 1,000; the lowest, .936, is 2.3 SD inside the band,
so another seed fails that cell with probability about 1% (all 12: a few per cent at worst). The width check compares the mean width with 3.92 x the SD of alpha over
the replications (SD known to +-2.2% from 1,000 replications); +-25% is far outside that noise
and catches an interval twice too wide (Hayes & Krippendorff's at n = 200).

Replications are batched (the library's own statistics, draws and coefficients, one matrix
product per batch), so the 12 cells take seconds, not minutes.
"""

from __future__ import annotations

import numpy as np
import pytest

from qualcode.agreement.intervals import variable_intervals
from qualcode.agreement.resampling import Draws, percentile_interval
from qualcode.agreement.statistics import (
    cluster_statistics,
    coefficients,
    layout_for,
    unit_statistics,
)

REPLICATIONS = 1000
RESAMPLES = 1000
BATCH = 100
SEED = 20261201
CODES = {"common": (3.5, 6.5), "rare": (1.0, 19.0)}  # Beta prevalence: means .35 and .05


def draw(rng, documents: int, coders: int, prevalence: tuple[float, float]):
    """Coders x units values (0/1) and each unit's document, from the clustered process."""
    sizes = rng.integers(5, 16, documents)
    document = np.repeat(np.arange(documents), sizes)
    p = rng.beta(*prevalence, documents)[document]
    reliability = rng.beta(8.0, 2.0, documents)[document]
    truth = rng.random(len(document)) < p
    copies = rng.random((coders, len(document))) < reliability
    guesses = rng.random((coders, len(document))) < p
    return np.where(copies, truth, guesses).astype(float), document


@pytest.fixture(scope="session")
def population_alpha() -> dict:
    """Alpha of each process from 10^6 units (10^5 documents of 10 units on average)."""
    out = {}
    for coders in (2, 3):
        for code, prevalence in CODES.items():
            values, _ = draw(np.random.default_rng(1), 100_000, coders, prevalence)
            layout = layout_for(values)
            out[coders, code] = float(
                coefficients(unit_statistics(values, layout).sum(0), layout)["alpha"][0]
            )
    return out


def simulate(coders: int, prevalence, documents: int) -> tuple[np.ndarray, np.ndarray]:
    """(alpha, 95% interval) of every replication, via the library's building blocks."""
    rng = np.random.default_rng([SEED, coders, documents, int(prevalence[1])])
    alphas, intervals = [], []
    for batch in range(REPLICATIONS // BATCH):
        draws = Draws(documents, RESAMPLES, seed=SEED + batch)
        totals = []
        for _ in range(BATCH):
            values, document = draw(rng, documents, coders, prevalence)
            layout = layout_for(values)
            totals.append(cluster_statistics(values, layout, document, documents))
        stacked = np.concatenate(totals, axis=1)  # documents x (replications x statistics)
        resampled = draws.apply(stacked).reshape(RESAMPLES * BATCH, -1)
        alpha = coefficients(resampled, layout)["alpha"].reshape(RESAMPLES, BATCH)
        full = np.stack([t.sum(axis=0) for t in totals])
        alphas += list(coefficients(full, layout)["alpha"])
        intervals += [percentile_interval(alpha[:, r], documents) for r in range(BATCH)]
    return np.asarray(alphas), np.asarray(intervals)


@pytest.mark.parametrize("documents", [50, 200, 1000])
@pytest.mark.parametrize("code", list(CODES))
@pytest.mark.parametrize("coders", [2, 3])
def test_the_document_interval_covers_the_population_alpha(
    population_alpha, coders, code, documents
):
    truth = population_alpha[coders, code]
    alphas, intervals = simulate(coders, CODES[code], documents)
    coverage = float(((intervals[:, 0] <= truth) & (truth <= intervals[:, 1])).mean())
    assert 0.92 <= coverage <= 0.98, f"coverage {coverage:.3f} (population alpha {truth:.3f})"
    ratio = float((intervals[:, 1] - intervals[:, 0]).mean() / (3.92 * alphas.std(ddof=1)))
    assert 0.75 <= ratio <= 1.25, f"mean width / (3.92 SD) = {ratio:.3f}"


def test_the_batched_simulation_is_the_reports_interval():
    values, document = draw(np.random.default_rng(5), 60, 3, CODES["common"])
    layout = layout_for(values)
    totals = cluster_statistics(values, layout, document, 60)
    alpha = coefficients(Draws(60, 500, seed=9).apply(totals), layout)["alpha"]
    expected = [round(v, 6) for v in percentile_interval(alpha, 60)]
    assert variable_intervals(values, document, resamples=500, seed=9)["alpha_ci"] == expected
