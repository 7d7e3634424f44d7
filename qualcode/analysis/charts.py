"""Altair charts of the analysis tables (rendered in the app, exported as PNG/SVG by qualcode.exchange)."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from qualcode.analysis.cooccurrence import cooccurrence_long
from qualcode.analysis.crosstab import crosstab_long
from qualcode.analysis.saturation import Saturation

WIDTH = 520
LABELLED_CELLS = 30  # heatmaps of more codes than this show counts in tooltips only
COUNT_AXIS = alt.Axis(format="d", tickMinStep=1)  # counts: whole-number ticks only


def inline(frame: pd.DataFrame) -> alt.InlineData:
    """The rows inlined in the spec (no row limit: a 100 x 100 heatmap has 10,000 cells)."""
    return alt.InlineData(values=json.loads(frame.to_json(orient="records")))


def _height(rows: int) -> int:
    return max(120, min(1400, 22 * rows))


def code_table_chart(table: pd.DataFrame, measure: str = "participants") -> alt.Chart:
    """Horizontal bars: participants (or codings) per code, largest first."""
    data = table[["name", measure]].copy()
    if measure == "participants" and "of" in table:
        data["of"] = table["of"]
    return (
        alt.Chart(inline(data))
        .mark_bar()
        .encode(
            x=alt.X(f"{measure}:Q", title=f"{measure.capitalize()}", axis=COUNT_AXIS),
            y=alt.Y("name:N", sort=list(data["name"]), title=None),
            tooltip=[f"{c}:{'N' if c == 'name' else 'Q'}" for c in data.columns],
        )
        .properties(width=WIDTH, height=_height(len(data)))
    )


def matrix_chart(matrix: pd.DataFrame, by: str = "participant") -> alt.Chart:
    """Heatmap of a code x participant/coder/document matrix."""
    long = matrix.drop(columns=["code", "total"]).melt(
        id_vars="name", var_name=by, value_name="count"
    )
    columns = [c for c in matrix.columns if c not in ("code", "name", "total")]
    return (
        alt.Chart(inline(long))
        .mark_rect()
        .encode(
            x=alt.X(f"{by}:N", sort=columns, title=by.capitalize()),
            y=alt.Y("name:N", sort=list(matrix["name"]), title=None),
            color=alt.Color("count:Q", scale=alt.Scale(scheme="blues"), title="Codings"),
            tooltip=["name:N", f"{by}:N", "count:Q"],
        )
        .properties(width=max(WIDTH, 22 * len(columns)), height=_height(len(matrix)))
    )


def crosstab_chart(table: pd.DataFrame, attribute: str) -> alt.Chart:
    """Grouped bars: participants per code, coloured by attribute value."""
    long = crosstab_long(table)
    return (
        alt.Chart(inline(long))
        .mark_bar()
        .encode(
            x=alt.X("participants:Q", title="Participants", axis=COUNT_AXIS),
            y=alt.Y("name:N", sort=list(table["name"]), title=None),
            yOffset="value:N",
            color=alt.Color("value:N", title=attribute),
            tooltip=["name:N", "value:N", "participants:Q"],
        )
        .properties(width=WIDTH, height=_height(len(long)))
    )


def cooccurrence_chart(matrix: pd.DataFrame) -> alt.Chart:
    """Heatmap of the code x code co-occurrence matrix (diagonal left blank)."""
    long = cooccurrence_long(matrix)
    long = long[long["code"] != long["with"]]
    order = list(matrix["code"])
    base = alt.Chart(inline(long)).encode(
        x=alt.X("with:N", sort=order, title=None),
        y=alt.Y("code:N", sort=order, title=None),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("count:Q", scale=alt.Scale(scheme="oranges"), title="Co-occurrences"),
        tooltip=["code:N", "with:N", "count:Q"],
    )
    labels = base.mark_text(fontSize=10).encode(
        text=alt.condition(alt.datum.count > 0, "count:Q", alt.value(""))
    )
    size = max(240, min(1400, 22 * len(order)))
    layered = cells + labels if len(order) <= LABELLED_CELLS else cells
    return layered.properties(width=size, height=size)


def saturation_chart(result: Saturation) -> alt.LayerChart:
    """Bars of new codes per participant and the line of cumulative unique codes, in order."""
    data = result.rows[["participant", "new_codes", "cumulative"]]
    base = alt.Chart(inline(data)).encode(
        x=alt.X("participant:N", sort=result.order, title="Participant (in order)")
    )
    bars = base.mark_bar(color="#9ecae1").encode(
        y=alt.Y("new_codes:Q", title="Codes", axis=COUNT_AXIS),
        tooltip=["participant:N", "new_codes:Q", "cumulative:Q"],
    )
    line = base.mark_line(point=True, color="#08519c").encode(y="cumulative:Q")
    layers = [bars, line]
    if result.saturated_at is not None:
        rule = (
            alt.Chart(pd.DataFrame({"participant": [result.saturated_at]}))
            .mark_rule(color="#d62728", strokeDash=[4, 3])
            .encode(x=alt.X("participant:N", sort=result.order))
        )
        layers.append(rule)
    return alt.layer(*layers).properties(width=WIDTH, height=260)


def workflow_chart(table: pd.DataFrame) -> alt.Chart:
    """The stages left to right in order, bar height = participants."""
    return (
        alt.Chart(inline(table[["step", "name", "participants", "quotes"]]))
        .mark_bar()
        .encode(
            x=alt.X("name:N", sort=list(table["name"]), title="Stage (in order)"),
            y=alt.Y("participants:Q", title="Participants", axis=COUNT_AXIS),
            tooltip=["step:Q", "name:N", "participants:Q", "quotes:Q"],
        )
        .properties(width=WIDTH, height=240)
    )
