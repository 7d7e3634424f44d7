"""Audit log: every change with its actor; owners filter it and download it as CSV."""

from __future__ import annotations

import streamlit as st

from qualcode.exchange.tables import render_table
from qualcode.team.audit_log import audit_actors, audit_log
from qualcode.ui.context import require_project, transaction
from qualcode.ui.login import run_user

SHOWN = 500  # rows on the page; the download holds all


def page() -> None:
    st.title("Audit log")
    with transaction() as session:
        project = require_project(session)
        if project is None:
            return
        left, right = st.columns(2)
        actor = left.selectbox("Actor", ["", *audit_actors(session, project)], key="audit_actor",
                               format_func=lambda a: a or "everyone")  # fmt: skip
        action = right.text_input("Action starts with", key="audit_action",
                                  placeholder="e.g. coding. or user.")  # fmt: skip
        everything = audit_log(session, project, run_user(), actor, action.strip())
    st.caption(f"{len(everything)} events, newest first.")
    st.dataframe(everything.head(SHOWN), hide_index=True, width="stretch")
    st.download_button(
        "Download the audit log (CSV)", render_table(everything, "csv"),
        file_name="audit_log.csv", mime="text/csv", key="audit_csv",
    )  # fmt: skip
