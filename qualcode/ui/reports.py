"""Reports: code tables, matrices, cross-tabs, co-occurrence, saturation, framework matrix, workflow.

A thin page: it reads the choice of coders and options, calls qualcode.analysis, and offers every
table in every format and every chart as PNG/SVG (rendered only when downloaded).
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from qualcode.analysis import charts
from qualcode.analysis.codings_frame import CoderChoice
from qualcode.analysis.cooccurrence import (
    MODES,
    cooccurrence_matrix,
    cooccurrence_quotes,
    stored_units,
)
from qualcode.analysis.crosstab import attribute_crosstab, attribute_names
from qualcode.analysis.framework import framework_matrix, framework_sheets
from qualcode.analysis.saturation import saturation
from qualcode.analysis.study import Study, load_study
from qualcode.analysis.tables import (
    COUNT_BY,
    WORKFLOW_GROUP,
    code_counts,
    code_table,
    workflow_view,
)
from qualcode.exchange.charts import render_chart
from qualcode.exchange.tables import FORMATS, SUFFIXES, render_table, to_xlsx
from qualcode.project import CONSENSUS_CODER, list_coders
from qualcode.ui.context import require_project, transaction
from qualcode.ui.markup import md

MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "md": "text/markdown", "latex": "application/x-tex", "html": "text/html"}  # fmt: skip
LABELS = {"csv": "CSV", "xlsx": "XLSX", "md": "Markdown", "latex": "LaTeX", "html": "HTML"}


def downloads(
    frame: pd.DataFrame, name: str, caption: str, chart: alt.TopLevelMixin | None = None
) -> None:
    """One button per table format (and PNG/SVG for the chart), each file made when clicked."""
    columns = st.columns(len(FORMATS) + (2 if chart is not None else 0))
    for column, fmt in zip(columns, FORMATS, strict=False):
        column.download_button(
            LABELS[fmt], lambda fmt=fmt: render_table(frame, fmt, caption, f"tab:{name}"),
            file_name=f"{name}{SUFFIXES[fmt]}", mime=MIME[fmt], key=f"dl-{name}-{fmt}", on_click="ignore",
        )  # fmt: skip
    if chart is not None:
        for column, fmt in zip(columns[len(FORMATS) :], ("png", "svg"), strict=True):
            column.download_button(
                fmt.upper(), lambda fmt=fmt: render_chart(chart, fmt), file_name=f"{name}.{fmt}",
                mime="image/png" if fmt == "png" else "image/svg+xml", key=f"dl-{name}-{fmt}", on_click="ignore",
            )  # fmt: skip


def show(chart: alt.TopLevelMixin) -> None:
    """The chart at the height it was designed for (Streamlit would otherwise squeeze long bar lists)."""
    height = chart.to_dict().get("height")
    st.altair_chart(chart, height=height + 60 if isinstance(height, int) else "content", theme=None)


def choose_coders(coders: list[str]) -> CoderChoice:
    """Whose codings: all coders, chosen coders, or the consensus."""
    kinds = ["All coders", "Chosen coders"] + (["Consensus"] if CONSENSUS_CODER in coders else [])
    kind = st.radio("Codings of", kinds, horizontal=True, key="reports-choice")
    if kind == "Chosen coders":
        named = [c for c in coders if c != CONSENSUS_CODER]
        chosen = st.multiselect("Coders", named, default=named[:1], key="reports-coders")
        return CoderChoice(coders=tuple(chosen)) if chosen else CoderChoice()
    return CoderChoice(consensus=kind == "Consensus")


def code_table_tab(study: Study, group: str | None) -> None:
    count = st.radio("Count", ["participants", "codings"], horizontal=True, key="ct-count")
    table = code_table(study, group, sort=count)
    st.caption(f"N = {study.n_participants} participants · {study.choice.label}")
    st.dataframe(table, hide_index=True, width="stretch")
    chart = charts.code_table_chart(table, count)
    show(chart)
    downloads(
        table,
        f"code_table_{group or 'all'}",
        f"Participants per code ({study.choice.label})",
        chart,
    )


def matrix_tab(study: Study, group: str | None) -> None:
    by = st.radio("Columns", COUNT_BY, horizontal=True, key="mx-by")
    presence = st.toggle("Presence (1/0) instead of counts", key="mx-presence")
    matrix = code_counts(study, by, group, presence)
    st.dataframe(matrix, hide_index=True, width="stretch")
    chart = charts.matrix_chart(matrix, by)
    show(chart)
    downloads(matrix, f"code_by_{by}", f"Codings per code and {by} ({study.choice.label})", chart)


def crosstab_tab(study: Study, group: str | None) -> None:
    names = attribute_names(study)
    if not names:
        st.info(
            "No participant attributes yet: import demographics (`qualcode import demographics`)."
        )
        return
    attribute = st.selectbox("Participant attribute", names, key="xt-attribute")
    table = attribute_crosstab(study, attribute, group)
    st.dataframe(table, hide_index=True, width="stretch")
    chart = charts.crosstab_chart(table, attribute)
    show(chart)
    downloads(table, f"crosstab_{attribute}", f"Participants per code by {attribute}", chart)


def cooccurrence_tab(study: Study, group: str | None, session) -> None:
    mode = st.selectbox("Co-occur when", MODES, key="co-mode",
                        format_func=lambda m: "spans overlap" if m == "overlap" else f"in the same {m}")  # fmt: skip
    units = stored_units(session)
    matrix = cooccurrence_matrix(study, mode, group, units)
    st.dataframe(matrix, hide_index=True, width="stretch")
    chart = charts.cooccurrence_chart(matrix)
    show(chart)
    downloads(matrix, f"cooccurrence_{mode}", f"Code co-occurrence ({mode})", chart)
    codes = study.group_codes(group)
    names = dict(zip(codes["code"], codes["name"], strict=True))
    keys = list(names)
    cells = matrix.set_index("code").to_numpy().copy()
    cells[
        range(len(keys)), range(len(keys))
    ] = -1  # the busiest pair of different codes comes first
    first, second = divmod(int(cells.argmax()), len(keys)) if len(keys) > 1 else (0, 0)
    left, right = st.columns(2)
    a = left.selectbox(
        "Quotes behind the cell: code", keys, format_func=names.get, key="co-a", index=first
    )
    b = right.selectbox("and code", keys, format_func=names.get, key="co-b", index=second)
    quotes = cooccurrence_quotes(study, a, b, mode, group, units)
    st.caption(f"{len(quotes)} passages")
    st.dataframe(quotes, hide_index=True, width="stretch")


def saturation_tab(study: Study, group: str | None) -> None:
    left, right = st.columns(2)
    order = left.radio(
        "Interview order", ["date", "id", "my order"], horizontal=True, key="sat-order"
    )
    k = right.number_input("k (participants without new codes)", 1, 20, 2, key="sat-k")
    chosen: str | list[str] = order
    if order == "my order":
        text = st.text_area("Participant ids in order, one per line", "\n".join(study.ordered_participants()),
                            key="sat-custom")  # fmt: skip
        chosen = [line.strip() for line in text.splitlines() if line.strip()]
    result = saturation(study, chosen, int(k), group)
    st.info(md(result.statement))
    show(charts.saturation_chart(result))
    st.dataframe(result.rows, hide_index=True, width="stretch")
    downloads(result.rows, "saturation", result.statement, charts.saturation_chart(result))


def framework_tab(study: Study, group: str | None) -> None:
    by = st.radio("Columns", ["code", "group"], horizontal=True, key="fw-by")
    matrix = framework_matrix(study, group, by)
    st.dataframe(matrix, hide_index=True, width="stretch", row_height=90)
    st.download_button(
        "XLSX (a sheet per group)", lambda: to_xlsx(framework_sheets(study, group)),
        file_name="framework_matrix_by_group.xlsx", mime=MIME["xlsx"], key="fw-xlsx", on_click="ignore",
    )  # fmt: skip
    downloads(matrix, "framework_matrix", "Framework matrix")


def workflow_tab(study: Study) -> None:
    groups = list(study.groups["key"])
    if WORKFLOW_GROUP not in groups:
        st.info(f"The codebook has no stage group (key `{WORKFLOW_GROUP}`).")
        return
    table = workflow_view(study)
    st.markdown(" → ".join(f"**{md(n)}** ({p} of {o})" for n, p, o in
                           zip(table["name"], table["participants"], table["of"], strict=True)))  # fmt: skip
    st.dataframe(table, hide_index=True, width="stretch")
    chart = charts.workflow_chart(table)
    show(chart)
    downloads(table, "workflow", "Workflow stages in order", chart)


def page() -> None:
    st.title("Reports")
    with transaction() as session:
        project = require_project(session)
        if project is None:
            return
        coders = [c.name for c in list_coders(session, project)]
        choice = choose_coders(coders)
        study = load_study(session, project, choice)
        groups = dict(zip(study.groups["key"], study.groups["name"], strict=True))
        group = st.selectbox("Code group", [None, *groups], format_func=lambda g: "All codes" if g is None else groups[g],
                             index=1 + list(groups).index("challenge") if "challenge" in groups else 0,
                             key="reports-group")  # fmt: skip
        tabs = st.tabs(["Code table", "Matrix", "Cross-tab", "Co-occurrence", "Saturation", "Framework matrix",
                        "Workflow"])  # fmt: skip
        with tabs[0]:
            code_table_tab(study, group)
        with tabs[1]:
            matrix_tab(study, group)
        with tabs[2]:
            crosstab_tab(study, group)
        with tabs[3]:
            cooccurrence_tab(study, group, session)
        with tabs[4]:
            saturation_tab(study, group)
        with tabs[5]:
            framework_tab(study, group)
        with tabs[6]:
            workflow_tab(study)
