"""One variable's report entry (every coefficient, its counts and why it is undefined) from its sums.

The entry is read off the variable's summed per-unit statistics (`statistics.py`), which equal
the direct definitions in `coefficients.py` (checked in the tests): pooled variables (a group,
all codes) then cost a sum of their codes' statistics instead of a pass over every
(code, unit) pair.
"""

from __future__ import annotations

import numpy as np

from qualcode.agreement.bootstrap import THRESHOLDS
from qualcode.agreement.statistics import Layout, coefficients, pairwise_kappa

RELIABLE, TENTATIVE = THRESHOLDS
NO_PAIRS = "no unit has values from two coders"


def interpretation(alpha: float | None) -> str | None:
    """Krippendorff's (2004) reading of alpha: reliable, tentative, or not reliable."""
    if alpha is None:
        return None
    if alpha >= RELIABLE:
        return "reliable"
    if alpha >= TENTATIVE:
        return "tentative"
    return "not reliable"


def rounded(value: float | None) -> float | None:
    """Six decimals; None for undefined (NaN) values."""
    return None if value is None or np.isnan(value) else round(float(value), 6)


def count(value: float) -> float | int:
    """A (possibly weighted) count: an integer when it is one."""
    return int(value) if float(value).is_integer() else round(float(value), 6)


def _kappa(full: np.ndarray, layout: Layout, coders: list[str]) -> tuple[float, float, str, list]:
    """Light's mean of the defined pairwise kappas, its n, its note, and the pairs."""
    values, sizes = pairwise_kappa(full, layout)
    values, sizes = values[0], sizes[0]
    pairs = [
        {"coders": [coders[i], coders[j]], "kappa": rounded(v), "n": count(n)}
        for (i, j), v, n in zip(layout.pairs, values, sizes, strict=True)
    ]
    defined = ~np.isnan(values)
    if defined.any():
        return float(values[defined].mean()), float(sizes[defined].min()), "", pairs
    notes = {
        "no unit coded by both coders" if n == 0 else "no variation: both coders used one and the same value"
        for n in sizes
    }  # fmt: skip
    n = float(sizes.min()) if len(sizes) else 0.0
    return np.nan, n, "; ".join(sorted(notes)) or "no pair of coders", pairs


def coefficient_entry(
    full: np.ndarray, layout: Layout, coders: list[str], no_variation: str = ""
) -> dict:
    """Every coefficient of one variable from its summed statistics, with counts and notes.

    `no_variation` replaces alpha's note when the values do not vary (e.g. "the code was
    never or always applied"). The interval keys start empty (see `intervals.py`).
    """
    parts = layout.slices()
    value = {name: float(v[0]) for name, v in coefficients(full, layout).items()}
    n_pairable = float(full[parts["alpha"]].sum())
    n_units = float(full[parts["ac1"]][0])
    n_complete = float(full[parts["fleiss"]][0])
    kappa, kappa_n, kappa_note, pairs = _kappa(full, layout, coders)
    reasons = {
        "alpha": NO_PAIRS if n_pairable < 2 else no_variation or "no variation: every pairable value is the same",
        "kappa": kappa_note,
        "fleiss_kappa": "no unit coded by every coder" if n_complete == 0
        else "no variation: every coder used one and the same value",
        "percent": NO_PAIRS,
        "ac1": NO_PAIRS if n_units == 0 else "chance agreement is 1",
    }  # fmt: skip
    value["kappa"] = kappa
    notes = [f"{name}: {reasons[name]}" for name in reasons if np.isnan(value[name])]
    alpha = rounded(value["alpha"])
    return {
        "alpha": alpha,
        "alpha_ci": None,
        "alpha_p_below": None,
        "interpretation": interpretation(alpha),
        "kappa": rounded(kappa),
        "kappa_ci": None,
        "kappa_n": count(kappa_n),
        "kappa_pairs": pairs,
        "fleiss_kappa": rounded(value["fleiss_kappa"]),
        "fleiss_kappa_ci": None,
        "fleiss_n": count(n_complete),
        "percent": rounded(value["percent"]),
        "percent_ci": None,
        "ac1": rounded(value["ac1"]),
        "ac1_ci": None,
        "n_units": count(n_units),
        "n_pairable": count(n_pairable),
        "note": "; ".join(notes),
    }
