"""Transcript reader: a document's speaker turns with roles and timestamps, and its memos."""

from __future__ import annotations

import streamlit as st

from qualcode.coding.memos import document_memos
from qualcode.coding.visibility import visible_coder_ids
from qualcode.ingest.documents import document_turns, list_documents
from qualcode.ingest.participants import list_participants
from qualcode.ui.coder import choose_coder
from qualcode.ui.context import require_project, transaction
from qualcode.ui.markup import md, text_block, timestamp

ROLE_COLORS = {"interviewer": "#6b7280", "participant": "#1d4ed8", "other": "#7c3aed"}


def turn_html(speaker: str, role: str, stamp: float | None, body: str) -> str:
    """One turn as escaped HTML: speaker, role and time above the text."""
    from html import escape

    color = ROLE_COLORS.get(role, "#374151")
    when = f' <span style="color:#9ca3af">{timestamp(stamp)}</span>' if stamp is not None else ""
    return (
        '<div style="margin:0 0 0.9em 0">'
        f'<div style="font-weight:600;color:{color}">{escape(speaker)} '
        f'<span style="font-weight:400;color:#9ca3af">({escape(role)})</span>{when}</div>'
        f'<div style="line-height:1.55">{text_block(body)}</div></div>'
    )


def page() -> None:
    with transaction() as session:
        project = require_project(session)
        if project is None:
            return
        documents = list_documents(session, project)
        if not documents:
            st.title("Transcripts")
            st.info("No transcripts yet: import some with `qualcode import transcripts FILE...`.")
            return
        labels = {p.id: p.label for p in list_participants(session, project)}
        choices = {
            d.id: f"{d.title} ({labels.get(d.participant_id, 'no participant')})" for d in documents
        }
        st.title("Transcripts")
        chosen = st.selectbox(
            "Document", list(choices), format_func=choices.get, key="transcript_document"
        )
        document = next(d for d in documents if d.id == chosen)
        turns = document_turns(session, document)
        viewer = choose_coder(session, project)  # blind coding hides other coders' memos
        memos = document_memos(session, project, document.id, visible_coder_ids(project, viewer))
    meta = [
        f"format {document.format}",
        f"{len(document.text.split())} words",
        f"{len(turns)} turns",
    ]
    if document.interview_date:
        meta.insert(0, document.interview_date)
    st.caption(md(" · ".join([document.source_name, *meta])))
    reader, side = st.columns([3, 1])
    with reader:
        if turns:
            html = "".join(
                turn_html(t.speaker, t.role, t.timestamp, document.text[t.start : t.end])
                for t in turns
            )
        else:
            html = f"<div>{text_block(document.text)}</div>"
        st.html(f'<div class="qc-transcript">{html}</div>')
    with side:
        st.subheader("Speakers")
        for speaker in dict.fromkeys((t.speaker, t.role) for t in turns):
            st.markdown(f"- {md(speaker[0])}: {speaker[1]}")
        if memos:
            st.subheader("Memos")
            for memo in memos:
                with st.expander(md(memo.title) if memo.title else "Memo"):
                    st.html(text_block(memo.text))
