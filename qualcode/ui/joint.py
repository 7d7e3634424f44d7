"""Joint display page: per challenge, what participants said, what the survey found, what registry
data shows (with the published figures beside), and exports as Markdown, HTML and JSON."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from qualcode.analysis.codings_frame import CoderChoice
from qualcode.codebook import store as codebook_store
from qualcode.evidence.joint import LINKED, OTHERS, joint_display, joint_html, joint_markdown
from qualcode.evidence.report import format_reference, format_value
from qualcode.project import CONSENSUS_CODER, list_coders
from qualcode.ui.context import require_project, transaction
from qualcode.ui.markup import md, text_block
from qualcode.ui.team_access import blind_self

ALL_CODERS = "all coders"


def _choice(label: str) -> CoderChoice:
    if label == ALL_CODERS:
        return CoderChoice()
    if label == CONSENSUS_CODER:
        return CoderChoice(consensus=True)
    return CoderChoice(coders=(label,))


def _metrics_table(metrics: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{
        "metric": m["title"], "source": (m["source"] or "—") + (" (synthetic)" if m["synthetic"] else ""),
        "value": format_value(m["value"]),
        "models": f"{m['numerator']:,} of {m['denominator']:,}" if m["denominator"] is not None else "",
        "published": format_reference(m["reference"]),
    } for m in metrics])  # fmt: skip


def _survey_table(items: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{
        "share": f"{s['top_share']:.0%}" if s.get("top_share") is not None else "—",
        "answering": ", ".join(map(str, s.get("top_categories") or [])),
        "answered": f"{s['n_answered']} of {s['n_responses']}", "survey": s["survey"],
        "question": s["question"], "text": s["text"],
    } for s in items])  # fmt: skip


def _row(row: dict) -> None:
    with st.container(border=True):
        st.subheader(md(row["name"]))
        st.metric("Participants", f"{row['participants']} of {row['of']}")
        for quote in row["quotes"]:
            st.html(f"<blockquote style='margin:.3em 0;padding-left:.8em;border-left:3px solid #ccc'>"
                    f"{text_block(quote['text'])} <small>— {text_block(quote['participant'])}</small></blockquote>")  # fmt: skip
        if row["survey"]:
            st.markdown("**Survey**")
            st.dataframe(_survey_table(row["survey"]), hide_index=True, width="stretch")
        st.markdown(f"**{LINKED}**")
        if row["metrics"]:
            table = _metrics_table(row["metrics"])
            st.dataframe(table, hide_index=True, width="stretch", height=36 * (len(table) + 1) + 16)
        else:
            st.caption("The codebook links no metric to this code.")
        if row.get("other_metrics"):
            with st.expander(OTHERS):
                st.dataframe(_metrics_table(row["other_metrics"]), hide_index=True, width="stretch")


def page() -> None:
    with transaction() as session:
        project = require_project(session)
        if project is None:
            return
        st.title("Joint display")
        codebook = codebook_store.get_codebook(session, project)
        if codebook is None:
            st.info("No codebook yet: import one with `qualcode codebook import FILE.yaml`.")
            return
        groups = {g.key: g.name for g in codebook_store.groups(session, codebook)}
        coders = [ALL_CODERS, *(c.name for c in list_coders(session, project))]
        own = blind_self(session, project)  # blind coding: only the coder's own codings
        if own is not None:
            coders = [own.name]
        left, right = st.columns(2)
        default = list(groups).index("challenge") if "challenge" in groups else 0
        group = left.selectbox(
            "Code group", list(groups), index=default, format_func=groups.get, key="joint_group"
        )
        coder = right.selectbox("Codings of", coders, key="joint_coder")
        display = joint_display(session, project, group, _choice(coder))
    st.caption("Interviews (n of N participants) beside survey results and registry metrics. "
               "Published values come from the ICSE 2023 study and are never computed here.")  # fmt: skip
    columns = st.columns(3)
    columns[0].download_button(
        "Markdown", joint_markdown(display), "joint_display.md", "text/markdown"
    )
    columns[1].download_button("HTML", joint_html(display), "joint_display.html", "text/html")
    columns[2].download_button("JSON", json.dumps(display, indent=2, ensure_ascii=False, default=str),
                               "joint_display.json", "application/json")  # fmt: skip
    for row in display["rows"]:
        _row(row)
