"""The catalogue of report tables with their charts: what the Reports page, `qualcode package` and the
benchmark build. Each entry names the command that reproduces it.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from qualcode.analysis import charts
from qualcode.analysis.cooccurrence import UnitLookup, cooccurrence_matrix
from qualcode.analysis.crosstab import attribute_crosstab, attribute_names
from qualcode.analysis.framework import framework_matrix
from qualcode.analysis.saturation import saturation
from qualcode.analysis.study import Study
from qualcode.analysis.tables import WORKFLOW_GROUP, code_counts, code_table, workflow_view


@dataclass
class Report:
    """One table (and chart) with a file-safe name, a caption and the command that reproduces it."""

    name: str
    caption: str
    frame: pd.DataFrame
    chart: alt.TopLevelMixin | None
    command: str
    note: str = ""


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)


def all_reports(
    study: Study, units: UnitLookup | None = None, k: int = 2, choice_flag: str = ""
) -> list[Report]:
    """Every table for the study: per group code tables, matrices, frequencies, cross-tabs by every
    attribute, co-occurrence, saturation, framework matrix and (when present) the workflow view."""
    flag = f" {choice_flag}" if choice_flag else ""
    who = study.choice.label
    reports: list[Report] = []
    for key, name in zip(study.groups["key"], study.groups["name"], strict=True):
        if not (study.codes["group"] == key).any():
            continue
        table = code_table(study, key)
        reports.append(Report(
            f"code_table_{_safe(key)}", f"{name}: participants who mentioned each code ({who})",
            table, charts.code_table_chart(table),
            f"qualcode report code-table --group {key}{flag} --format FORMAT",
        ))  # fmt: skip
    for by in ("participant", "coder", "document"):
        matrix = code_counts(study, by)
        reports.append(Report(
            f"code_by_{by}", f"Codings per code and {by} ({who})", matrix,
            charts.matrix_chart(matrix, by), f"qualcode report matrix --by {by}{flag} --format FORMAT",
        ))  # fmt: skip
    presence = code_counts(study, "participant", presence=True)
    reports.append(Report(
        "code_by_participant_presence", f"Codes mentioned by each participant (1 = yes; {who})", presence,
        None, f"qualcode report matrix --by participant --presence{flag} --format FORMAT",
    ))  # fmt: skip
    for attribute in attribute_names(study):
        table = attribute_crosstab(study, attribute)
        reports.append(Report(
            f"crosstab_{_safe(attribute)}", f"Participants per code by {attribute} ({who})", table,
            charts.crosstab_chart(table, attribute),
            f"qualcode report crosstab --attribute {attribute}{flag} --format FORMAT",
        ))  # fmt: skip
    matrix = cooccurrence_matrix(study, "overlap")
    reports.append(Report(
        "cooccurrence_overlap", f"Codes applied to overlapping spans ({who})", matrix,
        charts.cooccurrence_chart(matrix), f"qualcode report cooccurrence --mode overlap{flag} --format FORMAT",
    ))  # fmt: skip
    if units is not None:
        matrix = cooccurrence_matrix(study, "turn", units=units)
        reports.append(Report(
            "cooccurrence_turn", f"Codes applied within the same speaker turn ({who})", matrix,
            charts.cooccurrence_chart(matrix), f"qualcode report cooccurrence --mode turn{flag} --format FORMAT",
        ))  # fmt: skip
    result = saturation(study, "date", k)
    reports.append(Report(
        "saturation", f"New and cumulative codes per participant in interview order ({who})",
        result.rows, charts.saturation_chart(result),
        f"qualcode report saturation --order date --k {k}{flag} --format FORMAT", result.statement,
    ))  # fmt: skip
    reports.append(Report(
        "framework_matrix", f"Framework matrix: quotes and memos per participant and code ({who})",
        framework_matrix(study), None, f"qualcode report framework-matrix{flag} --out FILE.xlsx",
    ))  # fmt: skip
    if (study.groups["key"] == WORKFLOW_GROUP).any():
        table = workflow_view(study)
        reports.append(Report(
            "workflow", f"Workflow stages in order ({who})", table, charts.workflow_chart(table),
            f"qualcode report workflow{flag} --format FORMAT",
        ))  # fmt: skip
    return reports
