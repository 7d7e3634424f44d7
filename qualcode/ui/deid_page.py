"""De-identification review: find personal data in a document, accept, reject or edit each proposed
pseudonym (here or in a CSV), then apply; codings and memos follow the text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from qualcode.errors import QualcodeError
from qualcode.ingest.deid import review
from qualcode.ingest.documents import list_documents
from qualcode.ingest.readers.text_reader import decode
from qualcode.store import get_engine
from qualcode.store.vacuum import vacuum_after_deid
from qualcode.ui.coder import acting_name
from qualcode.ui.context import db_url, require_project, transaction
from qualcode.ui.markup import md

DECISION_LABELS = {"proposed": "proposed", "accepted": "accept", "rejected": "reject"}


def _context(text: str, start: int, end: int) -> str:
    if start < 0:
        return "(speaker label)"
    return f"…{text[max(0, start - 40) : start]}⟦{text[start:end]}⟧{text[end : end + 40]}…".replace(
        "\n", " "
    )


def _table(session, project, document) -> pd.DataFrame:
    rows = [
        {"id": p.id, "passage": _context(document.text, p.start, p.end), "kind": p.kind, "source": p.source,
         "replacement": p.replacement, "decision": DECISION_LABELS.get(p.status, p.status)}
        for p in review.proposals(session, project, document) if p.status != "applied"
    ]  # fmt: skip
    return pd.DataFrame(
        rows, columns=["id", "passage", "kind", "source", "replacement", "decision"]
    )


def _save(project_id: int, before: pd.DataFrame, after: pd.DataFrame) -> int:
    changed = 0
    with transaction() as session:
        project = require_project(session)
        for old, new in zip(before.itertuples(), after.itertuples(), strict=True):
            if (old.decision, old.replacement) != (
                new.decision,
                new.replacement,
            ) and new.decision != "proposed":
                review.decide(
                    session,
                    project,
                    int(new.id),
                    new.decision,
                    new.replacement,
                    actor=acting_name(),
                )
                changed += 1
    return changed


def page() -> None:
    st.title("De-identification")
    with transaction() as session:
        project = require_project(session)
        if project is None:
            return
        documents = list_documents(session, project)
        if not documents:
            st.info("No documents yet: import transcripts first.")
            return
        choices = {d.id: d.title for d in documents}
        chosen = st.selectbox(
            "Document", list(choices), format_func=choices.get, key="deid_document"
        )
        document = next(d for d in documents if d.id == chosen)
        table = _table(session, project, document)
        applied = len(review.proposals(session, project, document, "applied"))
        project_id = project.id
    terms = st.text_input(
        "Extra names or terms (comma-separated, optionally name:kind)", key="deid_terms"
    )
    if st.button("Find personal data"):
        with transaction() as session:
            project = require_project(session)
            doc = next(d for d in list_documents(session, project) if d.id == chosen)
            found = review.propose(
                session,
                project,
                doc,
                [t.strip() for t in terms.split(",") if t.strip()],
                actor=acting_name(),
            )
        st.success(f"{len(found)} proposals to review.")
        st.rerun()
    st.caption(
        md(
            f"{len(table)} proposals to review, {applied} replacements applied. Nothing changes in the text until you apply."
        )
    )
    if table.empty:
        return
    edited = st.data_editor(
        table,
        column_config={
            "id": st.column_config.NumberColumn(disabled=True), "passage": st.column_config.TextColumn(disabled=True, width="large"),
            "kind": st.column_config.TextColumn(disabled=True), "source": st.column_config.TextColumn(disabled=True),
            "decision": st.column_config.SelectboxColumn(options=["proposed", "accept", "reject"], required=True),
        },
        hide_index=True, key=f"deid_table_{chosen}",
    )  # fmt: skip
    save, apply_col, download = st.columns(3)
    if save.button("Save decisions"):
        st.success(f"Saved {_save(project_id, table, edited)} decisions.")
        st.rerun()
    if apply_col.button("Apply accepted", type="primary"):
        with transaction() as session:
            project = require_project(session)
            doc = next(d for d in list_documents(session, project) if d.id == chosen)
            count = review.apply_accepted(session, project, doc, actor=acting_name())
        copies = vacuum_after_deid(get_engine(db_url())) if count else []
        st.success(f"Replaced {count} passages; codings and memos follow the new text.")
        for copy in copies:
            st.warning(md(f"{copy} was set aside by a schema upgrade and still holds the original "
                          "text: delete it once you no longer need it."))  # fmt: skip
    with transaction() as session:
        csv_text = review.proposals_csv(session, require_project(session), document)
    download.download_button(
        "Download review CSV", csv_text, file_name=f"deid_{chosen}.csv", mime="text/csv"
    )
    uploaded = st.file_uploader("Reviewed CSV", type=["csv"], key="deid_csv")
    if uploaded is not None and st.button("Apply CSV decisions"):
        try:
            with transaction() as session:
                count = review.review_csv(
                    session,
                    require_project(session),
                    decode(uploaded.name, uploaded.getvalue()),
                    uploaded.name,
                    actor=acting_name(),
                )
            st.success(f"Reviewed {count} proposals from {uploaded.name}.")
        except QualcodeError as exc:
            st.error(str(exc))
