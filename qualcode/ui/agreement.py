"""Agreement page: choose unit, coders and codes; see alpha and the other coefficients; download reports."""

from __future__ import annotations

import streamlit as st

from qualcode.agreement.compute import run_agreement
from qualcode.agreement.data import Selection
from qualcode.agreement.intervals import CI_METHODS, METHOD_DESCRIPTIONS
from qualcode.agreement.report import (
    CHARACTER_HEADING,
    FORMATS,
    UNITIZING_COLUMNS,
    UNITIZING_SOURCES,
    character_sentence,
    heatmap,
    leads_with_unitizing,
    number,
    render,
    rows,
    summary,
    unitizing_rows,
)
from qualcode.agreement.units import UNITS
from qualcode.codebook import store as codebook_store
from qualcode.project import is_person, list_coders
from qualcode.ui.context import require_project, transaction
from qualcode.ui.markup import md

REPORT_KEY = "agreement_report"
MIME = {"json": "application/json", "csv": "text/csv", "md": "text/markdown",
        "html": "text/html", "latex": "application/x-tex"}  # fmt: skip
CI_LABELS = {"documents": "Bootstrap over documents (default)", "units": "Bootstrap over units",
             "krippendorff": "Hayes & Krippendorff (2007)"}  # fmt: skip
EXTENSION = {"json": "json", "csv": "csv", "md": "md", "html": "html", "latex": "tex"}


def selection_form(session, project, prefix: str, unit: str = "document") -> Selection:
    """Unit, coders, group and overlap widgets shared by the Agreement and Reconcile pages."""
    people = list_coders(session, project)
    coders = [c.name for c in people]
    codebook = codebook_store.require_codebook(session, project)
    groups = {g.key: g.name for g in codebook_store.groups(session, codebook)}
    left, middle, right = st.columns(3)
    unit = left.selectbox("Unit of analysis", UNITS, index=UNITS.index(unit), key=f"{prefix}_unit")
    default = [c.name for c in people if is_person(c)]
    chosen = middle.multiselect("Coders", coders, default=default, key=f"{prefix}_coders")
    group = right.selectbox(
        "Codes", [None, *groups], format_func=lambda g: "All codes" if g is None else groups[g],
        key=f"{prefix}_group",
    )  # fmt: skip
    overlap = 0.0
    if unit in ("turn", "sentence", "paragraph"):
        overlap = st.slider(
            "Minimum overlap: share of a segment a span must cover (0 = any overlap)",
            0.0, 1.0, 0.0, 0.05, key=f"{prefix}_overlap",
        )  # fmt: skip
    return Selection(unit, tuple(chosen), None, group, overlap)


def show_report(report: dict) -> None:
    """Summary, overall figures, the table by group and code, the heatmap and the downloads.

    At the character unit the unitizing alphas come first and the other coefficients follow
    under a warning with the uncoded share that inflates them.
    """
    st.caption(md(summary(report)))
    lead = leads_with_unitizing(report)
    if lead:
        show_unitizing(report)
        st.subheader(CHARACTER_HEADING)
        st.warning(md(character_sentence(report).strip()))
    overall = report["overall"]
    columns = st.columns(4)
    for column, (label, key) in zip(
        columns, [("Krippendorff's α", "alpha"), ("Cohen's κ", "kappa"),
                  ("Fleiss' κ", "fleiss_kappa"), ("Percent agreement", "percent")], strict=True,
    ):  # fmt: skip
        column.metric(label, number(overall.get(key)))
    if overall.get("alpha_ci"):
        st.caption(
            md(
                f"Overall α 95% interval {number(overall['alpha_ci'])}: {overall['interpretation']}."
            )
        )
    table = [
        {
            "level": r["level"], "name": r.get("name") or r["key"], "alpha": r["alpha"],
            "CI low": (r["alpha_ci"] or [None, None])[0], "CI high": (r["alpha_ci"] or [None, None])[1],
            "kappa": r["kappa"], "Fleiss kappa": r["fleiss_kappa"], "percent": r["percent"],
            "AC1": r["ac1"], "κ 95% CI": number(r.get("kappa_ci")),
            "Fleiss κ 95% CI": number(r.get("fleiss_kappa_ci")),
            "% 95% CI": number(r.get("percent_ci")), "AC1 95% CI": number(r.get("ac1_ci")),
            "units": r["n_units"], "pairable": r["n_pairable"],
            "reading": r["interpretation"] or "undefined", "note": r["note"],
        }
        for r in rows(report)
    ]  # fmt: skip
    three = st.column_config.NumberColumn(format="%.3f")
    st.dataframe(
        table, hide_index=True, width="stretch",
        column_config={k: three for k in ("alpha", "CI low", "CI high", "kappa", "Fleiss kappa",
                                          "percent", "AC1")},
    )  # fmt: skip
    if not lead:
        show_unitizing(report)
    st.subheader("α by code")
    st.altair_chart(heatmap(report), width="stretch")
    for note in report.get("notes", []):
        st.caption(md(note))
    buttons = st.columns(len(FORMATS))
    for column, fmt in zip(buttons, FORMATS, strict=True):
        column.download_button(
            f"Download {fmt.upper()}", render(report, fmt), f"agreement.{EXTENSION[fmt]}",
            MIME[fmt], key=f"download_{fmt}",
        )  # fmt: skip


def show_unitizing(report: dict) -> None:
    """The unitizing alpha family of the character unit: one table per level, only its columns."""
    unitizing = unitizing_rows(report)
    if not unitizing:
        return
    st.subheader("Unitizing")
    st.caption(md(UNITIZING_SOURCES))
    three = st.column_config.NumberColumn(format="%.3f")
    for level in ("overall", "group", "code"):
        at_level = [r for r in unitizing if r["level"] == level]
        columns = [(k, label) for k, label in UNITIZING_COLUMNS if any(k in r for r in at_level)]
        if not at_level:
            continue
        table = [
            {level: r.get("name") or r["key"]}
            | {label: r.get(key) for key, label in columns}
            | {"note": r.get("unitizing_note", "")}
            for r in at_level
        ]
        st.dataframe(
            table, hide_index=True, width="stretch", key=f"agreement_unitizing_{level}",
            column_config={label: three for _, label in columns},
        )  # fmt: skip


def page() -> None:
    st.title("Inter-rater agreement")
    with transaction() as session:
        project = require_project(session)
        if project is None:
            return
        selection = selection_form(session, project, "agreement")
        left, middle, right = st.columns(3)
        method = left.selectbox(
            "Confidence interval", CI_METHODS, format_func=CI_LABELS.get, key="agreement_ci"
        )
        resamples = middle.number_input(
            "Bootstrap resamples", 0, 20000, 1000, 500, key="agreement_boot"
        )
        seed = right.number_input("Seed", 0, 2**31 - 1, 1, key="agreement_seed")
        st.caption(md(f"Interval: {METHOD_DESCRIPTIONS[method]}."))
        if st.button("Compute agreement", type="primary", key="agreement_run"):
            st.session_state[REPORT_KEY] = run_agreement(
                session, project, selection, int(resamples), int(seed), method
            )
    report = st.session_state.get(REPORT_KEY)
    if report is None:
        st.info("Choose the unit, coders and codes, then compute agreement.")
        return
    show_report(report)
