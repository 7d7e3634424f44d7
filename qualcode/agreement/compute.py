"""The agreement report: every coefficient per code, per group and overall, as plain data.

Per code the variable is binary (applied or not). An exclusive group is one nominal variable
(which of its codes, or none); any other group, and the overall figure, pool their codes as
binary variables over (code, unit) pairs. The report's shape is the CLI's JSON contract.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from sqlmodel import Session

from qualcode.agreement import coefficients as coef
from qualcode.agreement.data import Selection, StudyData, load_study_data
from qualcode.agreement.entries import RELIABLE, TENTATIVE, coefficient_entry, count, rounded
from qualcode.agreement.intervals import CI_METHODS, IntervalPlan, Resampled
from qualcode.agreement.statistics import BINARY, Layout, layout_for
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

GROUP_UNITIZING = {
    "u_alpha_binary": binary_u_alpha,
    "u_alpha_nominal": u_alpha,
    "cu_alpha": cu_alpha,
}
OVERALL_UNITIZING = {"u_alpha_binary": binary_u_alpha, "Cu_alpha": cu_alpha}
NEVER_OR_ALWAYS = "no variation: the code was never or always applied"


def with_intervals(
    entry: dict,
    plan: IntervalPlan,
    variable: Resampled,
    values_of: Callable[[], np.ndarray],
    weights: np.ndarray | None,
) -> dict:
    """The entry with its intervals filled in and their notes added to its note.

    `values_of` gives the variable's coders x units values, needed by Krippendorff's method only.
    """
    found, notes = plan.intervals(entry, variable, values_of, weights)
    entry |= found
    entry["note"] = "; ".join(filter(None, [entry["note"], *(f"intervals: {n}" for n in notes)]))
    return entry


def uncoded_share(table, rows: list[int]) -> float | None:
    """Share of the pairable characters that no coder coded with any of these codes."""
    present = table.present
    pairable = present.sum(axis=0) >= 2
    coded = (table.applied[rows] & present[None]).any(axis=(0, 1))
    total = float(table.weights[pairable].sum())
    return None if total == 0 else float(table.weights[pairable & ~coded].sum()) / total


def character_caveat(entry: dict, share: float | None) -> dict:
    """At the character unit: the uncoded share, and why it inflates kappa, percent and AC1."""
    entry["uncoded_share"] = rounded(share)
    if share:
        caveat = (
            f"{share:.1%} of the characters were coded by no coder: alpha, kappa, percent and "
            "AC1 on characters count that uncoded text as agreement, which inflates them; read "
            "the unitizing alphas first"
        )
        entry["note"] = "; ".join(filter(None, [caveat, entry["note"]]))
    return entry


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
        entry[key] = rounded(result.value)
        if result.value is None and result.note:
            notes.append(f"{key}: {result.note}")
    if conflicts:
        notes.append(
            f"{count(conflicts)} characters where a coder gave two codes of one group count as a value of their own"
        )
    entry["unitizing_note"] = "; ".join(notes)
    return entry


def agreement_report(
    data: StudyData, resamples: int = 1000, seed: int | None = None, ci: str = "documents"
) -> dict:
    """The whole report for the selected units, coders and codes.

    `ci` is the interval method (`CI_METHODS`): "documents" resamples whole documents,
    "units" single units, "krippendorff" keeps Hayes & Krippendorff's (2007) alpha bootstrap.
    Each code's statistics are summed once; groups and the overall figure add them up.
    """
    table = data.table
    plan = IntervalPlan(ci, table.unit, table.document_ids, resamples, seed)
    character = table.unit == "character"
    coders, w = table.coders, table.weights
    layout = Layout(BINARY, len(coders), 2)
    summed = plan.resample_many(
        [(table.binary_values(row), layout, w) for row in range(len(data.codes))]
    )
    codes = []
    for row, code in enumerate(data.codes):
        entry = coefficient_entry(summed[row].full, layout, coders, NEVER_OR_ALWAYS)
        entry = with_intervals(entry, plan, summed[row], lambda r=row: table.binary_values(r), w)
        if character:  # free spans: Krippendorff's unitizing alpha as well
            only = np.zeros(len(data.codes), dtype=np.int64)
            only[row] = 1
            entry = {
                "u_alpha": rounded(unitizing_alpha(table_spans(table, row)).value),
                **unitizing_entry(table, only, {"u_alpha_binary": binary_u_alpha}),
                **character_caveat(entry, uncoded_share(table, [row])),
            }
        codes.append({"code": code.key, "name": code.name, **entry})
    groups = []
    for group in data.groups:
        rows = [i for i, c in enumerate(data.codes) if c.group_id == group.id]
        if group.exclusive:
            values, conflicts = table.nominal_values(rows)
            variable = plan.resample(values, layout_for(values, len(rows) + 1), w)
            entry = coefficient_entry(variable.full, variable.layout, coders)
            entry = with_intervals(entry, plan, variable, lambda v=values: v, w)
            if conflicts:
                extra = f"{conflicts} units where a coder gave two codes of this exclusive group were left out"
                entry["note"] = "; ".join(filter(None, [entry["note"], extra]))
        else:
            variable = _pooled(summed, rows)
            entry = coefficient_entry(variable.full, layout, coders)
            values_of = lambda r=rows: table.pooled_values(r)[0]  # noqa: E731
            entry = with_intervals(entry, plan, variable, values_of, _tiled(w, rows))
        if character:
            members = np.zeros(len(data.codes), dtype=np.int64)
            members[rows] = np.arange(1, len(rows) + 1)
            entry = {**unitizing_entry(table, members, GROUP_UNITIZING),
                     **character_caveat(entry, uncoded_share(table, rows))}  # fmt: skip
        groups.append(
            {"group": group.key, "name": group.name, "exclusive": group.exclusive, **entry}
        )
    every = list(range(len(data.codes)))
    variable = _pooled(summed, every)
    overall = coefficient_entry(variable.full, layout, coders)
    overall = with_intervals(
        overall, plan, variable, lambda: table.pooled_values(every)[0], _tiled(w, every)
    )
    if character:
        overall = {**unitizing_entry(table, domain_values(data), OVERALL_UNITIZING),
                   **character_caveat(overall, uncoded_share(table, every))}  # fmt: skip
    return {
        "unit": table.unit,
        "coders": coders,
        "codebook_version": data.codebook_version,
        "segmenter": data.segmenter,
        "n_units": table.n_units,
        "n_pairable": overall["n_pairable"],
        "min_overlap": table.min_overlap if table.unit not in ("document", "character") else None,
        "ci_method": ci,
        "bootstrap": plan.describe(),
        "thresholds": {"reliable": RELIABLE, "tentative": TENTATIVE},
        "uncoded_share": overall.get("uncoded_share"),
        "overall": overall,
        "groups": groups,
        "codes": codes,
        "notes": list(table.notes) + plan.notes(),
    }


def _tiled(weights: np.ndarray | None, rows: list[int]) -> np.ndarray | None:
    return None if weights is None else np.tile(weights, len(rows))


def overall_alpha(data: StudyData) -> float | None:
    """Alpha of all the selected codes pooled, on the loaded units and coders (no interval)."""
    values, weights = data.table.pooled_values(list(range(len(data.codes))))
    return coef.alpha(values, "nominal", weights).value


def _pooled(resampled: list[Resampled | None], rows: list[int]) -> Resampled | None:
    """Pooled codes' statistics are the sums of theirs (same units, same resamples)."""
    chosen = [resampled[i] for i in rows]
    if not chosen or any(r is None for r in chosen):
        return None
    total = chosen[0]
    for more in chosen[1:]:
        total = total + more
    return total


def run_agreement(
    session: Session,
    project: Project,
    selection: Selection,
    resamples: int = 1000,
    seed: int | None = None,
    ci: str = "documents",
) -> dict:
    """Read the stored codings and compute the agreement report (writes nothing but cached segments)."""
    if resamples < 0:
        raise ValidationError(f"`resamples` must be 0 or more, not {resamples}")
    if ci not in CI_METHODS:
        raise ValidationError(
            f"unknown interval method {ci!r} (expected one of: {', '.join(CI_METHODS)})"
        )
    return agreement_report(load_study_data(session, project, selection), resamples, seed, ci)
