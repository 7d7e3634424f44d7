"""Home: the project at a glance and what to do next."""

from __future__ import annotations

import streamlit as st

from qualcode.ingest.documents import list_documents
from qualcode.ingest.participants import list_participants
from qualcode.overview import next_steps, project_overview
from qualcode.ui.context import db_url, require_project, transaction
from qualcode.ui.markup import md


def page() -> None:
    with transaction() as session:
        project = require_project(session)
        if project is None:
            st.title("qualcode")
            st.caption(f"Database: {db_url()}")
            return
        overview = project_overview(session, project)
        documents = list_documents(session, project)
        labels = {p.id: p.label for p in list_participants(session, project)}
        rows = [
            {"document": d.title, "participant": labels.get(d.participant_id, ""), "format": d.format,
             "date": d.interview_date or "", "characters": len(d.text)}
            for d in documents
        ]  # fmt: skip
    st.title(md(overview["project"]))
    st.caption(f"Database: {db_url()}")
    columns = st.columns(5)
    columns[0].metric("Documents", overview["documents"])
    columns[1].metric("Participants", overview["participants"])
    columns[2].metric("Codes", overview["codes"])
    columns[3].metric("Codings", overview["codings"])
    columns[4].metric("Coders", len(overview["coders"]))
    if overview["codebook"]:
        st.write(
            f"Codebook: **{md(overview['codebook'])}**, version {overview['codebook_version']}"
        )
    if overview["coders"]:
        st.write("Coders: " + ", ".join(md(c) for c in overview["coders"]))
    st.subheader("What to do next")
    for step in next_steps(overview):
        st.markdown(f"- {step}")
    if rows:
        st.subheader("Documents")
        st.dataframe(rows, hide_index=True, width="stretch")
