"""Survey charts (altair): diverging stacked bars for Likert items, bars for choice questions."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

DIVERGING = ["#b2182b", "#ef8a62", "#fddbc7", "#d9d9d9", "#d1e5f0", "#67a9cf", "#2166ac"]


def diverging_rows(items: list[tuple[str, list[str], dict[str, int]]]) -> pd.DataFrame:
    """Segments per item: share of each label, placed so the scale's middle sits at zero.

    `items` holds (item text, labels low-to-high, counts). Negative labels extend left, positive
    right, a neutral middle label straddles zero.
    """
    rows: list[dict[str, Any]] = []
    for item, labels, counts in items:
        n = sum(counts.get(label, 0) for label in labels)
        if not n:
            continue
        shares = [counts.get(label, 0) / n for label in labels]
        half = len(labels) // 2
        left = sum(shares[:half]) + (shares[half] / 2 if len(labels) % 2 else 0)
        start = -left
        for position, (label, share) in enumerate(zip(labels, shares, strict=True)):
            rows.append({"item": item, "label": label, "order": position, "share": share,
                         "start": start, "end": start + share, "count": counts.get(label, 0), "n": n})  # fmt: skip
            start += share
    return pd.DataFrame(rows)


def _palette(labels: list[str]) -> list[str]:
    if len(labels) == 7:
        return DIVERGING
    if len(labels) == 5:
        return [DIVERGING[i] for i in (0, 1, 3, 5, 6)]
    step = (len(DIVERGING) - 1) / max(1, len(labels) - 1)
    return [DIVERGING[round(i * step)] for i in range(len(labels))]


def likert_chart(items: list[tuple[str, list[str], dict[str, int]]]) -> alt.Chart:
    """Diverging stacked bars, one bar per Likert item (all items share the labels of the first)."""
    data = diverging_rows(items)
    labels = items[0][1] if items else []
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("start:Q", title="share of respondents", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[-1, 1])),
            x2="end:Q",
            y=alt.Y("item:N", title=None, sort=None, axis=alt.Axis(labelLimit=420)),
            color=alt.Color("label:N", sort=labels, scale=alt.Scale(domain=labels, range=_palette(labels)),
                            legend=alt.Legend(orient="bottom", title=None)),
            order="order:Q",
            tooltip=["item", "label", "count", alt.Tooltip("share:Q", format=".0%")],
        )
        .properties(height=alt.Step(30))
    )  # fmt: skip


def choice_chart(counts: dict[str, int]) -> alt.Chart:
    """Horizontal bars of option counts, in the questionnaire's order."""
    data = pd.DataFrame({"option": list(counts), "count": list(counts.values())})
    return (
        alt.Chart(data)
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X("count:Q", title="respondents"),
            y=alt.Y("option:N", sort=None, title=None, axis=alt.Axis(labelLimit=360)),
            tooltip=["option", "count"],
        )
        .properties(height=alt.Step(26))
    )
