"""Home: the project at a glance, the study step by step, what to do next, recent activity."""

from __future__ import annotations

import streamlit as st

from qualcode.ingest.documents import list_documents
from qualcode.ingest.participants import list_participants
from qualcode.overview import codings_per_document, next_steps, project_overview, study_steps
from qualcode.store.audit import events
from qualcode.ui.context import db_url, require_project, transaction
from qualcode.ui.links import page_link
from qualcode.ui.markup import md
from qualcode.ui.team_access import may_open


def page() -> None:
    with transaction() as session:
        project = require_project(session)
        if project is None:
            st.title("qualcode")
            st.caption(md(f"Database: {db_url()}"))
            return
        overview = project_overview(session, project)
        labels = {p.id: p.label for p in list_participants(session, project)}
        counts = codings_per_document(session, project)
        documents = [
            {"document": d.title, "participant": labels.get(d.participant_id, ""), "date": d.interview_date or "",
             "format": d.format, "words": len(d.text.split()),
             "codings": ", ".join(f"{coder} {n}" for coder, n in sorted(counts.get(d.id, {}).items())) or "none yet"}
            for d in list_documents(session, project)
        ]  # fmt: skip
        activity = [
            {"when": e.at.strftime("%Y-%m-%d %H:%M"), "who": e.actor, "what": e.action, "entity": f"{e.entity} {e.entity_id or ''}".strip()}
            for e in (events(session, project.id, limit=30) if may_open("audit") else [])
        ]  # fmt: skip
        # The audit trail is the owner's (the one user's in single-user mode).
    st.title(md(overview["project"]))
    st.caption(md(f"Database: {db_url()}"))

    st.subheader("The study, step by step")
    steps = study_steps(overview)
    for row in (steps[:4], steps[4:]):
        for column, step in zip(st.columns(4), row, strict=False):
            with column.container(border=True):
                page_link(
                    step.page,
                    step.title,
                    icon=":material/check_circle:"
                    if step.done
                    else ":material/radio_button_unchecked:",
                )
                st.caption(md(step.status))

    st.subheader("What to do next")
    for step in next_steps(overview):
        st.markdown(f"- {step}")

    if documents:
        st.subheader("Documents")
        st.dataframe(documents, hide_index=True, width="stretch")
    if activity:
        with st.expander("Recent activity (audit trail)"):
            st.dataframe(activity, hide_index=True, width="stretch")
