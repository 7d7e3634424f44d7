"""Evidence page: one metric at a time, its values per source beside the published figure, a chart,
filters (source, hub, task) and the records behind a number, paged."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from qualcode.evidence import charts
from qualcode.evidence.metrics import METRICS, get_metric
from qualcode.evidence.report import (
    expand_registries,
    format_value,
    metric_rows,
    series_by_source,
)
from qualcode.evidence.sources import filtered_share, list_sources, source_data
from qualcode.ui.context import require_project, transaction
from qualcode.ui.markup import md

PAGE_SIZE = 50
ALL = "(all)"


def _sources_table(sources) -> None:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "source": s.name,
                    "kind": s.kind,
                    "records": s.records,
                    "data": "synthetic" if s.synthetic else "real",
                    "warnings": len(s.warnings),
                    "loaded": s.loaded_at.strftime("%Y-%m-%d %H:%M"),
                    "file": s.path,
                }
                for s in sources
            ]
        ),  # fmt: skip
        hide_index=True,
        width="stretch",
    )
    for source in sources:
        if source.warnings:
            with st.expander(md(f"Warnings for {source.name}")):
                for warning in source.warnings:
                    st.markdown(f"- {md(warning)}")


def _value_rows(rows, sources, metric, hub, task) -> pd.DataFrame:
    table = []
    for row in expand_registries(rows):
        value, numerator, denominator = row["value"], row["numerator"], row["denominator"]
        if (hub or task) and metric.shape == "share":
            numerator, denominator = filtered_share(sources[row["source"]], metric.id, task, hub)
            value = numerator / denominator if denominator else None
        table.append({
            "source": row["source"] + (" (synthetic)" if row["synthetic"] else ""),
            "value": format_value(value),
            "models": f"{numerator:,} of {denominator:,}" if denominator is not None else "",
        })  # fmt: skip
    return pd.DataFrame(table)


def _chart(metric, rows, series) -> None:
    if metric.shape == "share":
        chart = charts.task_bars(rows)
    elif metric.shape == "concentration":
        chart = charts.concentration_curve(rows, series, metric.needs)
    elif metric.shape == "downloads":
        chart = charts.download_curves(rows, series)
    else:
        chart = None
    if chart is not None:
        st.altair_chart(chart, width="stretch")


def _records(metric, sources, chosen: list[str], hub, task) -> None:
    st.subheader("Records behind the number")
    name = st.selectbox("Source", chosen, key="evidence_records_source")
    source = sources[name]
    if metric.shape == "candidates":
        with transaction() as session:
            series = series_by_source(session, require_project(session), metric.id).get(name, {})
        frame = pd.DataFrame(series.get("candidates", []), columns=["model id", "resembles"])
        st.caption(f"The first {len(frame)} candidates, most popular first.")
        st.dataframe(frame, hide_index=True, width="stretch")
        return
    condition = metric.id if metric.shape == "share" else None
    total, _ = source_data(source).records(condition, task, hub, 0, 0)
    pages = max(1, -(-total // PAGE_SIZE))
    number = st.number_input(f"Page (of {pages:,})", 1, pages, 1, key="evidence_records_page")
    _, frame = source_data(source).records(
        condition, task, hub, (number - 1) * PAGE_SIZE, PAGE_SIZE
    )
    label = "synthetic data · " if source.synthetic else ""
    st.caption(f"{label}{total:,} records{' counted by this metric' if condition else ''}")
    st.dataframe(frame, hide_index=True, width="stretch")


def page() -> None:
    with transaction() as session:
        project = require_project(session)
        if project is None:
            return
        sources = {s.name: s for s in list_sources(session, project)}
        st.title("Registry evidence")
        if not sources:
            st.info("No registry data yet: load a file with `qualcode evidence load --kind KIND FILE` "
                    "(or `qualcode demo` for synthetic sample data).")  # fmt: skip
            return
        _sources_table(list(sources.values()))
        titles = {m.id: f"{m.title} ({m.id})" for m in METRICS}
        metric = get_metric(
            st.selectbox("Metric", list(titles), format_func=titles.get, key="evidence_metric")
        )
        rows = [r for r in metric_rows(session, project) if r["metric"] == metric.id]
        series = series_by_source(session, project, metric.id)
    st.markdown(f"**Definition.** {md(metric.definition)}")
    st.caption("Substantiates: " + md(", ".join(metric.codes)))
    if metric.reference:
        ref = metric.reference
        st.info(
            f"Published value (not computed here): **{md(ref.display)}** — {md(ref.note)}. {md(ref.citation)}."
        )
    computed = [r for r in rows if r["source"]]
    if not computed:
        st.warning("No loaded source can compute this metric, so it has no computed value.")
        return
    left, middle, right = st.columns(3)
    chosen = left.multiselect("Sources", [r["source"] for r in computed],
                              default=[r["source"] for r in computed], key=f"evidence_sources_{metric.id}")  # fmt: skip
    shown = [r for r in computed if r["source"] in chosen]
    if not shown:
        st.info("Choose at least one source.")
        return
    hubs = sorted({h for n in chosen for h in sources[n].meta.get("hubs", [])})
    tasks = sorted({t for n in chosen for t in sources[n].meta.get("tasks", [])})
    hub = middle.selectbox("Hub", [ALL, *hubs], key="evidence_hub")
    task = right.selectbox("Task", [ALL, *tasks], key="evidence_task")
    hub, task = (None if hub == ALL else hub), (None if task == ALL else task)
    st.dataframe(_value_rows(shown, sources, metric, hub, task), hide_index=True, width="stretch")
    _chart(metric, shown, series)
    _records(metric, sources, chosen, hub, task)
