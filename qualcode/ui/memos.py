"""Memos: write memos on the project, a document or a code; list, search and edit every memo,
including the memos written on codings."""

from __future__ import annotations

from functools import partial

import streamlit as st

from qualcode.codebook import store as codebook_store
from qualcode.coding.codings import edit_coding
from qualcode.coding.memos import TARGETS, add_memo, delete_memo, edit_memo, list_memos
from qualcode.coding.visibility import visible_coder_ids
from qualcode.ingest.documents import list_documents
from qualcode.project import current_project
from qualcode.ui.coder import actor, choose_coder
from qualcode.ui.components.memo_box import (
    confirm_save,
    memo_box,
    save_status,
    saved_text,
)
from qualcode.ui.context import require_project, transaction
from qualcode.ui.feedback import reported, show_message, tell
from qualcode.ui.markup import md

MEMOS_PER_PAGE = 25
NEW_ROUND_KEY = "memo_new_round"
DISCARD_KEY = "memo_new_discard"
KIND_LABELS = {"project": "Project", "document": "Documents", "code": "Codes", "coding": "Codings"}


@reported
def _save(entry_kind: str, ident: int, widget_key: str) -> None:
    text = saved_text(widget_key)
    if text is None:
        return
    with transaction() as session:
        if entry_kind == "coding":
            edit_coding(session, ident, memo=text, actor=actor())
        else:
            edit_memo(session, ident, text, actor=actor())
    confirm_save(widget_key)


@reported
def _delete(memo_id: int) -> None:
    with transaction() as session:
        delete_memo(session, memo_id, actor=actor())


NEW_DRAFT_KEY = "memo_new"  # the browser's kept draft of the new memo, whatever the round
NEW_ABOUT_KEY = "memo_new_about"


@reported
def _add(round_: int) -> None:
    """Store the new memo with the text its box sent together with the click."""
    text = saved_text(f"memo_new_text_{round_}") or ""
    if not text.strip():
        tell("error", "Write the memo first: it is empty.")
        return
    about = st.session_state.get(NEW_ABOUT_KEY, "project")
    target_id = st.session_state.get(f"memo_new_{about}") if about != "project" else None
    if about != "project" and target_id is None:
        tell("error", f"Choose the {about} the memo is about first.")
        return
    title = st.session_state.get(f"memo_new_title_{round_}", "")
    with transaction() as session:
        add_memo(session, current_project(session), text, target=about,
                 target_id=target_id, title=title, author=actor())  # fmt: skip
    st.session_state[NEW_ROUND_KEY] = round_ + 1  # a saved memo starts a fresh draft
    st.session_state[DISCARD_KEY] = True
    confirm_save(NEW_DRAFT_KEY)


def _new_memo_form(documents: list, codes: list) -> None:
    with st.expander("Write a memo", expanded=False):
        about = st.radio("About", ["project", "document", "code"], horizontal=True,
                         format_func=str.capitalize, key=NEW_ABOUT_KEY)  # fmt: skip
        if about == "document":
            names = {d.id: d.title for d in documents}
            st.selectbox("Document", list(names), format_func=names.get, key="memo_new_document")
        elif about == "code":
            names = {c.id: c.name for c in codes}
            st.selectbox("Code", list(names), format_func=names.get, key="memo_new_code")
        round_ = st.session_state.get(NEW_ROUND_KEY, 0)
        st.text_input("Title", key=f"memo_new_title_{round_}")
        memo_box(f"memo_new_text_{round_}", "", draft_key=NEW_DRAFT_KEY, save_label="Save memo",
                 status=save_status(NEW_DRAFT_KEY), on_save=partial(_add, round_),
                 discard_draft=round_ > 0 and st.session_state.pop(DISCARD_KEY, False))  # fmt: skip


def page() -> None:
    with transaction() as session:
        project = require_project(session)
        if project is None:
            return
        st.title("Memos")
        coder = choose_coder(session, project)
        documents = list_documents(session, project)
        codebook = codebook_store.get_codebook(session, project)
        codes = codebook_store.codes(session, codebook) if codebook else []
    show_message()
    _new_memo_form(documents, codes)
    search_column, kind_column = st.columns([2, 3])
    search = search_column.text_input(
        "Search memos", placeholder="words in the title or text", key="memo_search"
    )
    kinds = kind_column.pills("Show", list(TARGETS), format_func=KIND_LABELS.get,
                              selection_mode="multi", default=list(TARGETS))  # fmt: skip
    with transaction() as session:
        visible = visible_coder_ids(project, coder)
        entries = list_memos(session, project, search, tuple(kinds or ()), visible)
    pages = max(1, -(-len(entries) // MEMOS_PER_PAGE))
    count_column, page_column = st.columns([3, 1])
    count_column.caption(f"{len(entries)} memo" + ("" if len(entries) == 1 else "s"))
    number = (
        page_column.number_input(f"Page (of {pages})", 1, pages, 1, key="memo_page")
        if pages > 1
        else 1
    )
    first = (int(number) - 1) * MEMOS_PER_PAGE
    for entry in entries[first : first + MEMOS_PER_PAGE]:  # a page at a time keeps the page quick
        ident = entry.coding_id if entry.kind == "coding" else entry.memo_id
        heading = f"{entry.title or entry.about} · {entry.author or 'unknown'} · {entry.updated_at:%Y-%m-%d %H:%M}"
        with st.container(border=True):
            st.markdown(f"**{md(heading)}**")
            st.caption(md(entry.about))
            widget_key = f"memo_text_{entry.kind}_{ident}"
            memo_box(widget_key, entry.text, label="Text", disabled=coder is None,
                     status=save_status(widget_key),
                     on_save=partial(_save, entry.kind, ident, widget_key))  # fmt: skip
            if entry.kind != "coding" and coder is not None:
                st.button("Delete", key=f"memo_delete_{ident}", on_click=_delete, args=(ident,))
