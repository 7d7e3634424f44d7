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
from qualcode.agreement.unitizing_family import (
    binary_u_alpha,
    cu_alpha,
    length_coincidences,
    table_continua,
    u_alpha,
)  # fmt: skip
from qualcode.errors import ValidationError
from qualcode.store.models import Project

RELIABLE, TENTATIVE = THRESHOLDS
GROUP_UNITIZING = {
    "u_alpha_binary": binary_u_alpha,
    "u_alpha_nominal": u_alpha,
    "cu_alpha": cu_alpha,
}
OVERALL_UNITIZING = {"u_alpha_binary": binary_u_alpha, "Cu_alpha": cu_alpha}


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


def domain_values(data: StudyData) -> np.ndarray:
    """Each code's semantic domain as a value (its group; a code without a group is its own)."""
    domains: dict = {}
    return np.asarray(
        [domains.setdefault(c.group_id or f"code {c.id}", len(domains) + 1) for c in data.codes],
        dtype=np.int64,
    )


def unitizing_entry(table, value_of: np.ndarray, coefficients: dict) -> dict:
    """Krippendorff et al.'s (2016) unitizing alphas of one variable (codes -> values), with notes."""
    continua, n_values, conflicts = table_continua(table, value_of)
    if not continua:
        return {key: None for key in coefficients} | {
            "unitizing_note": "no document was coded by every coder"
        }
    matrices = length_coincidences(continua, n_values)
    entry, notes = {}, []
    for key, function in coefficients.items():
        result = function(matrices)
        entry[key] = _round(result.value)
        if result.value is None and result.note:
            notes.append(f"{key}: {result.note}")
    if conflicts:
        notes.append(
            f"{_count(conflicts)} characters where a coder gave two codes of one group count as a value of their own"
        )
    entry["unitizing_note"] = "; ".join(notes)
    return entry


def agreement_report(data: StudyData, resamples: int = 1000, seed: int | None = None) -> dict:
    """The whole report for the selected units, coders and codes."""
    table = data.table
    notes = list(table.notes)
    if table.unit == "character" and resamples:
        # Characters are not independently sampled units, and Krippendorff's bootstrap draws at most
        # 25 pairs per filled coincidence cell: an interval here would mislead.
        resamples = 0
        notes.append(
            "No bootstrap interval on the character unit: characters are not independent units; "
            "use a document or segment unit for confidence intervals."
        )
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
            entry["u_alpha"] = _round(unitizing_alpha(table_spans(table, row)).value)
            only = np.zeros(len(data.codes), dtype=np.int64)
            only[row] = 1
            entry |= unitizing_entry(table, only, {"u_alpha_binary": binary_u_alpha})
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
        if table.unit == "character":
            members = np.zeros(len(data.codes), dtype=np.int64)
            members[rows] = np.arange(1, len(rows) + 1)
            entry |= unitizing_entry(table, members, GROUP_UNITIZING)
        groups.append(
            {"group": group.key, "name": group.name, "exclusive": group.exclusive, **entry}
        )
    values, weights = table.pooled_values(list(range(len(data.codes))))
    overall = variable_entry(values, table.coders, weights=weights, resamples=resamples, seed=seed)
    if table.unit == "character":
        overall |= unitizing_entry(table, domain_values(data), OVERALL_UNITIZING)
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
        "notes": notes,
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
        raise ValidationError(f"`resamples` must be 0 or more, not {resamples}")
    return agreement_report(load_study_data(session, project, selection), resamples, seed)
