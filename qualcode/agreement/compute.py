"""The agreement report: every coefficient per code, per group and overall, as plain data.

Per code the variable is binary (applied or not). An exclusive group is one nominal variable
(which of its codes, or none); any other group, and the overall figure, pool their codes as
binary variables over (code, unit) pairs. The report's shape is the CLI's JSON contract.
"""

from __future__ import annotations

import numpy as np
from sqlmodel import Session

from qualcode.agreement import coefficients as coef
from qualcode.agreement.bootstrap import THRESHOLDS, bootstrap_alpha, coincidences
from qualcode.agreement.data import Selection, StudyData, load_study_data
from qualcode.agreement.unitizing import table_spans, unitizing_alpha
from qualcode.errors import ValidationError
from qualcode.store.models import Project

RELIABLE, TENTATIVE = THRESHOLDS


def interpretation(alpha: float | None) -> str | None:
    """Krippendorff's (2004) reading of alpha: reliable, tentative, or not reliable."""
    if alpha is None:
        return None
    if alpha >= RELIABLE:
        return "reliable"
    if alpha >= TENTATIVE:
        return "tentative"
    return "not reliable"


def _round(value: float | None) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 6)


def _count(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(float(value), 6)


def variable_entry(
    values: np.ndarray,
    coders: list[str],
    *,
    weights: np.ndarray | None = None,
    n_categories: int = 2,
    alpha: coef.Coefficient | None = None,
    resamples: int = 0,
    seed: int | None = None,
) -> dict:
    """All coefficients of one variable (coders x units); `alpha` when already computed."""
    alpha = alpha or coef.alpha(values, "nominal", weights)
    pairs = coef.pairwise_kappa(values, weights)
    kappa = coef.mean_kappa(pairs)
    fleiss = coef.fleiss_kappa(values, weights)
    percent = coef.percent_agreement(values, weights)
    ac1 = coef.gwet_ac1(values, n_categories, weights)
    n_units, n_pairable = coef.pairable(values, weights)
    interval = None
    below = None
    if resamples and alpha.value is not None:
        result = bootstrap_alpha(coincidences(values, weights), "nominal", resamples, seed)
        if result is not None:
            interval = [_round(result.low), _round(result.high)]
            below = {f"{t:.3f}": result.below[t] for t in THRESHOLDS}
    notes = {
        name: c.note
        for name, c in (("alpha", alpha), ("kappa", kappa), ("fleiss_kappa", fleiss),
                        ("percent", percent), ("ac1", ac1))
        if c.value is None and c.note
    }  # fmt: skip
    return {
        "alpha": _round(alpha.value),
        "alpha_ci": interval,
        "alpha_p_below": below,
        "interpretation": interpretation(alpha.value),
        "kappa": _round(kappa.value),
        "kappa_n": _count(kappa.n),
        "kappa_pairs": [
            {"coders": [coders[i], coders[j]], "kappa": _round(c.value), "n": _count(c.n)}
            for (i, j), c in pairs.items()
        ],
        "fleiss_kappa": _round(fleiss.value),
        "fleiss_n": _count(fleiss.n),
        "percent": _round(percent.value),
        "ac1": _round(ac1.value),
        "n_units": _count(n_units),
        "n_pairable": _count(n_pairable),
        "note": "; ".join(f"{k}: {v}" for k, v in notes.items()),
    }


def agreement_report(data: StudyData, resamples: int = 1000, seed: int | None = None) -> dict:
    """The whole report for the selected units, coders and codes."""
    table = data.table
    if seed is None and resamples:
        seed = int(np.random.SeedSequence().entropy % 2**32)
    alphas, n_pairable = coef.binary_alpha(table.applied, table.present, table.weights)
    codes = []
    for row, code in enumerate(data.codes):
        value = alphas[row]
        note = "" if not np.isnan(value) else "no variation: the code was never or always applied"
        alpha = coef.Coefficient(None if np.isnan(value) else float(value), n_pairable[row], note)
        entry = variable_entry(
            table.binary_values(row), table.coders, weights=table.weights, alpha=alpha,
            resamples=resamples, seed=seed,
        )  # fmt: skip
        if table.unit == "character":  # free spans: Krippendorff's unitizing alpha as well
            u_alpha = unitizing_alpha(table_spans(table, row))
            entry["u_alpha"] = _round(u_alpha.value)
        codes.append({"code": code.key, "name": code.name, **entry})
    groups = []
    for group in data.groups:
        rows = [i for i, c in enumerate(data.codes) if c.group_id == group.id]
        if group.exclusive:
            values, conflicts = table.nominal_values(rows)
            entry = variable_entry(
                values, table.coders, weights=table.weights, n_categories=len(rows) + 1,
                resamples=resamples, seed=seed,
            )  # fmt: skip
            if conflicts:
                extra = f"{conflicts} units where a coder gave two codes of this exclusive group were left out"
                entry["note"] = "; ".join(filter(None, [entry["note"], extra]))
        else:
            values, weights = table.pooled_values(rows)
            entry = variable_entry(
                values, table.coders, weights=weights, resamples=resamples, seed=seed
            )
        groups.append(
            {"group": group.key, "name": group.name, "exclusive": group.exclusive, **entry}
        )
    values, weights = table.pooled_values(list(range(len(data.codes))))
    overall = variable_entry(values, table.coders, weights=weights, resamples=resamples, seed=seed)
    return {
        "unit": table.unit,
        "coders": table.coders,
        "codebook_version": data.codebook_version,
        "n_units": table.n_units,
        "n_pairable": overall["n_pairable"],
        "min_overlap": table.min_overlap if table.unit not in ("document", "character") else None,
        "bootstrap": {"resamples": resamples, "seed": seed} if resamples else None,
        "thresholds": {"reliable": RELIABLE, "tentative": TENTATIVE},
        "overall": overall,
        "groups": groups,
        "codes": codes,
        "notes": list(table.notes),
    }


def run_agreement(
    session: Session,
    project: Project,
    selection: Selection,
    resamples: int = 1000,
    seed: int | None = None,
) -> dict:
    """Read the stored codings and compute the agreement report (never writes)."""
    if resamples < 0:
        raise ValidationError(f"--bootstrap must be 0 or more resamples, not {resamples}")
    return agreement_report(load_study_data(session, project, selection), resamples, seed)
