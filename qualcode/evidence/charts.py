"""Altair charts of stored metric values: per-task bars, concentration curves, log-scale download curves.

Each builder takes the rows of `report.metric_rows` plus the stored series (by source name) and
returns a chart, or None when there is nothing to draw. Synthetic sources say so in their label.
"""

from __future__ import annotations

import altair as alt
import pandas as pd


def _label(row: dict) -> str:
    return f"{row['source']} (synthetic)" if row["synthetic"] else str(row["source"])


def task_bars(rows: list[dict]) -> alt.Chart | None:
    """Share per task, one bar per task and source; a published share is drawn as a rule."""
    data = [
        {"source": _label(r), "task": task, "share": part["value"],
         "models": f"{part['numerator']:,} of {part['denominator']:,}"}
        for r in rows if r["source"] and r["by"] and "task" in r["by"]
        for task, part in r["by"]["task"].items() if part["value"] is not None
    ]  # fmt: skip
    if not data:
        return None
    frame = pd.DataFrame(data)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("task:N", sort="-x", title=None, axis=alt.Axis(labelLimit=240)),
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title="share of models"),
            color=alt.Color("source:N", title="source"),
            yOffset="source:N",
            tooltip=["source", "task", alt.Tooltip("share:Q", format=".2%"), "models"],
        )
    )
    reference = rows[0]["reference"]
    if reference and reference["value"] is not None and reference["value"] <= 1:
        rule = alt.Chart(
            pd.DataFrame(
                [{"share": reference["value"], "label": f"published {reference['display']}"}]
            )
        )
        bars = bars + rule.mark_rule(color="black", strokeDash=[4, 3]).encode(
            x="share:Q", tooltip=["label"]
        )
    return bars.properties(
        height=max(160, 26 * frame["task"].nunique() * frame["source"].nunique())
    )


def concentration_curve(rows: list[dict], series: dict[str, dict], what: str) -> alt.Chart | None:
    """Models per value in rank order (log scale), one line per source."""
    data = [
        {"source": _label(r), "rank": rank, what: value, "models": n}
        for r in rows if r["source"] in series
        for rank, (value, n) in enumerate(series[r["source"]].get("top", []), start=1)
    ]  # fmt: skip
    if not data:
        return None
    return (
        alt.Chart(pd.DataFrame(data))
        .mark_line(point=True)
        .encode(
            x=alt.X("rank:Q", scale=alt.Scale(type="log"), title=f"{what} rank (most used first)"),
            y=alt.Y("models:Q", scale=alt.Scale(type="log"), title=f"models per {what}"),
            color=alt.Color("source:N", title="source"),
            tooltip=["source", "rank", what, "models"],
        )
        .properties(height=320)
    )


def download_curves(rows: list[dict], series: dict[str, dict]) -> alt.Chart | None:
    """Downloads by package rank on log-log axes, one line per registry and source."""
    data = [
        {"curve": f"{registry} · {_label(r)}", "rank": rank, "downloads": max(downloads, 1)}
        for r in rows if r["source"] in series
        for registry, points in series[r["source"]].get("curves", {}).items()
        for rank, downloads in points
    ]  # fmt: skip
    if not data:
        return None
    return (
        alt.Chart(pd.DataFrame(data))
        .mark_line(point=True)
        .encode(
            x=alt.X(
                "rank:Q", scale=alt.Scale(type="log"), title="package rank (most downloaded first)"
            ),
            y=alt.Y("downloads:Q", scale=alt.Scale(type="log"), title="downloads"),
            color=alt.Color("curve:N", title="registry · source"),
            tooltip=["curve", "rank", alt.Tooltip("downloads:Q", format=",")],
        )
        .properties(height=320)
    )
