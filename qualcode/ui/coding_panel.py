"""The coding page's side panel: whole-document codes, the clicked codings (memo, code, delete,
undo) and the codebook's guidance while coding."""

from __future__ import annotations

from functools import partial

import streamlit as st

from qualcode.codebook import store as codebook_store
from qualcode.coding import codings as coding_ops
from qualcode.project import current_project
from qualcode.store.models import Code, CodeGroup, Coder, Coding, Document
from qualcode.ui.coder import CODER_KEY
from qualcode.ui.components.memo_box import confirm_save, memo_box, save_status, saved_text
from qualcode.ui.context import transaction
from qualcode.ui.feedback import reported, tell
from qualcode.ui.markup import chip, md, text_block

UNDO_KEY = "coding_undo"
QUOTE_CHARS = 240


@reported
def _set_document_codes(document_id: int, coder_id: int, widget_key: str) -> None:
    chosen = st.session_state.get(widget_key) or []
    with transaction() as session:
        document, coder = session.get(Document, document_id), session.get(Coder, coder_id)
        codes = [session.get(Code, code_id) for code_id in chosen]
        version = codebook_store.require_codebook(session, current_project(session)).version
        coding_ops.set_document_codes(session, document, coder, codes, version, coder.name)


def document_codes(
    document: Document, coder: Coder, codes: list[Code], current: list[Coding]
) -> None:
    """One click per code: the participant mentioned it somewhere in this document."""
    key = f"document_codes_{document.id}_{coder.id}"
    names = {c.id: c.name for c in codes}
    st.pills(
        "Whole-document codes", list(names), format_func=lambda i: md(names[i]),
        selection_mode="multi",
        default=[c.code_id for c in current if c.code_id in names], key=key,
        on_change=_set_document_codes, args=(document.id, coder.id, key),
        help="Codes the participant mentioned anywhere in this document (no passage needed).",
    )  # fmt: skip


@reported
def _save_memo(coding_id: int, widget_key: str, actor: str) -> None:
    text = saved_text(widget_key)
    if text is None:
        return
    with transaction() as session:
        coding_ops.edit_coding(session, coding_id, memo=text, actor=actor)
    confirm_save(widget_key)


@reported
def _change_code(coding_id: int, widget_key: str, actor: str) -> None:
    with transaction() as session:
        code = session.get(Code, st.session_state[widget_key])
        coding_ops.edit_coding(session, coding_id, code=code, actor=actor)


@reported
def _delete(coding_id: int, actor: str) -> None:
    with transaction() as session:
        coding = session.get(Coding, coding_id)
        if coding is not None and coding.deleted_at is None:  # a repeated click deletes once
            coding_ops.delete_coding(session, coding_id, actor=actor)
    st.session_state[UNDO_KEY] = coding_id
    tell("success", "Coding deleted (Undo delete brings it back).")


@reported
def _undo(actor: str) -> None:
    coding_id = st.session_state.pop(UNDO_KEY, None)
    with transaction() as session:
        coding = session.get(Coding, coding_id) if coding_id else None
        if coding is not None and coding.deleted_at is not None:  # a repeated click restores once
            coding_ops.restore_coding(session, coding_id, actor=actor)
    tell("success", "Coding restored.")


def coding_panel(
    selected: list[Coding], codes: dict[int, Code], coders: dict[int, str], live: list[Code],
    text: str,
) -> None:  # fmt: skip
    """The codings under the last click (or the one just made): see and change them."""
    actor = st.session_state.get(CODER_KEY) or ""  # the page shows the panel only with a coder
    undo = st.container()  # there with or without the button: the memo boxes below never move
    if st.session_state.get(UNDO_KEY):
        undo.button("Undo delete", icon=":material/undo:", on_click=_undo, args=(actor,))
    if not selected:
        return
    st.subheader(
        "Selected coding" if len(selected) == 1 else f"{len(selected)} codings here", anchor=False
    )  # short: the side column is narrow
    names = {c.id: c.name for c in live}
    for coding in selected:
        code = codes.get(coding.code_id)
        with st.container(border=True):
            st.html(chip(code.name if code else "?", code.color if code else ""))
            st.caption(
                md(f"{coders.get(coding.coder_id, '')} · {coding.created_at:%Y-%m-%d %H:%M}")
            )
            if coding.start is not None:
                quote = text[coding.start : coding.end]
                short = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS] + "…"
                st.html(f'<div style="font-size:0.9em;border-left:3px solid #e5e7eb;'
                        f'padding-left:0.5em">{text_block(short)}</div>')  # fmt: skip
            mine = coders.get(coding.coder_id) == actor
            memo_key = f"memo_{coding.id}"
            memo_box(memo_key, coding.memo, disabled=not mine, status=save_status(memo_key),
                     on_save=partial(_save_memo, coding.id, memo_key, actor))  # fmt: skip
            if not mine:
                continue
            code_key = f"code_{coding.id}"
            st.selectbox("Code", list(names), format_func=names.get, key=code_key,
                         index=list(names).index(coding.code_id) if coding.code_id in names else None,
                         on_change=_change_code, args=(coding.id, code_key, actor))  # fmt: skip
            st.button("Delete", key=f"delete_{coding.id}", icon=":material/delete:",
                      on_click=_delete, args=(coding.id, actor))  # fmt: skip


def guidance(codes: list[Code], groups: list[CodeGroup]) -> None:
    """Definitions with include/exclude guidance and examples, visible while coding."""
    st.subheader("Codes", anchor=False)
    group_names = {g.id: g.name for g in groups}
    for code in codes:
        with st.expander(md(f"{code.name} ({group_names.get(code.group_id, 'no group')})")):
            st.html(chip(code.key, code.color))
            for label, text in (("Definition", code.definition), ("Apply when", code.include),
                                ("Do not apply when", code.exclude)):  # fmt: skip
                if text:
                    st.html(f"<b>{label}.</b> {text_block(text)}")
            for example in code.examples:
                st.html(f"<i>“{text_block(example)}”</i>")
