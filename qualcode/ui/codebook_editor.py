"""Codebook editor: create, edit, move, merge, split and retire codes. Every change is a new
codebook version; codings keep their code (by id) and the version they were made under."""

from __future__ import annotations

import streamlit as st
from sqlmodel import select

from qualcode.codebook import editing
from qualcode.codebook import store as codebook_store
from qualcode.errors import QualcodeError
from qualcode.project import current_project
from qualcode.store.live import live
from qualcode.store.models import Coding, Document
from qualcode.ui.coder import actor, choose_coder
from qualcode.ui.context import require_project, transaction
from qualcode.ui.feedback import show_message, tell
from qualcode.ui.markup import chip, md

CODE_KEY = "editor_code"


def _run(action, *args, done: str, **kwargs) -> None:
    """Run one editing function in its own transaction and report the outcome on the page."""
    try:
        with transaction() as session:
            codebook = codebook_store.require_codebook(session, current_project(session))
            result = action(session, codebook, *args, actor=actor(),
                            **kwargs)  # fmt: skip
            tell("success", done.format(result=result, version=codebook.version))
    except QualcodeError as exc:
        tell("error", str(exc))
    st.rerun()  # show the outcome with the codebook as it is now


def _edit_form(code, groups) -> None:
    group_names = {None: "no group", **{g.id: g.name for g in groups}}
    with st.form(f"edit_{code.id}"):
        left, right = st.columns(2)
        name = left.text_input("Name", code.name)
        key = right.text_input("Key", code.key)
        group = left.selectbox("Group", list(group_names), format_func=group_names.get,
                               index=list(group_names).index(code.group_id))  # fmt: skip
        color = right.color_picker("Colour", code.color)
        definition = st.text_area("Definition", code.definition, key=f"definition_{code.id}")
        include = st.text_area("Apply when", code.include)
        exclude = st.text_area("Do not apply when", code.exclude)
        examples = st.text_area("Examples (one per line)", "\n".join(code.examples))
        if st.form_submit_button("Save changes"):
            _run(editing.edit_code, code.id, done="Saved: codebook version {version}.",
                 name=name, key=key, group_id=group, color=color, definition=definition,
                 include=include, exclude=exclude, examples=examples.splitlines())  # fmt: skip


def _structure(code, codes) -> None:
    others = {c.id: c.name for c in codes if c.id != code.id}
    move_column, merge_column = st.columns(2)
    with move_column:
        parents = {None: "top level", **others}
        parent = st.selectbox("Parent", list(parents), format_func=parents.get,
                              index=list(parents).index(code.parent_id) if code.parent_id in parents else 0,
                              key=f"parent_{code.id}")  # fmt: skip
        if st.button("Move", key=f"move_{code.id}"):
            _run(editing.move_code, code.id, parent, done="Moved: codebook version {version}.")
    with merge_column:
        target = st.selectbox("Merge into", list(others), format_func=others.get, index=None,
                              key=f"merge_{code.id}", placeholder="choose a code")  # fmt: skip
        if st.button("Merge", key=f"merge_button_{code.id}", disabled=target is None):
            _run(editing.merge_codes, code.id, target,
                 done="Merged: {result} codings re-pointed; codebook version {version}.")  # fmt: skip
    if st.button("Retire this code", key=f"retire_{code.id}"):
        _run(editing.retire_code, code.id, done="Retired: codebook version {version}.")


def _split(code, codings: list[Coding], text_of) -> None:
    with st.expander("Split into new codes"):
        parts_text = st.text_area("New codes, one per line as key: name", key=f"split_parts_{code.id}",
                                  placeholder="api_docs: API documentation")  # fmt: skip
        parts = [tuple(p.strip() for p in line.split(":", 1)) for line in parts_text.splitlines()
                 if ":" in line]  # fmt: skip
        keys = [k for k, _ in parts]
        rows = [{"coding": c.id, "passage": text_of(c), "new code": None} for c in codings]
        edited = st.data_editor(
            rows, key=f"split_table_{code.id}", hide_index=True, width="stretch",
            column_config={"new code": st.column_config.SelectboxColumn(options=keys)},
            disabled=["coding", "passage"],
        ) if rows else []  # fmt: skip
        if st.button("Split", key=f"split_{code.id}", disabled=not parts):
            assignments = {r["coding"]: r["new code"] for r in edited if r["new code"]}
            _run(editing.split_code, code.id, parts, assignments,
                 done="Split: codebook version {version}.")  # fmt: skip


def _create_form(groups) -> None:
    group_names = {None: "no group", **{g.id: g.name for g in groups}}
    with st.expander("New code"), st.form("new_code", clear_on_submit=True):
        left, right = st.columns(2)
        name = left.text_input("Name")
        key = right.text_input("Key", help="letters, digits, _ or -, starting with a letter")
        group = left.selectbox("Group", list(group_names), format_func=group_names.get)
        definition = st.text_area("Definition")
        if st.form_submit_button("Create code"):
            _run(editing.create_code, key, name, group_id=group, definition=definition,
                 done="Created: codebook version {version}.")  # fmt: skip


def page() -> None:
    with transaction() as session:
        project = require_project(session)
        if project is None:
            return
        st.title("Edit codebook")
        choose_coder(session, project)
        codebook = codebook_store.get_codebook(session, project)
        if codebook is None:
            st.info("No codebook yet: import one with `qualcode codebook import FILE.yaml`.")
            return
        codes = codebook_store.codes(session, codebook)
        groups = codebook_store.groups(session, codebook)
        chosen = st.session_state.get(CODE_KEY)
        codings = list(session.exec(
            select(Coding).where(Coding.code_id == chosen, live(Coding))
        ))  # fmt: skip
        texts = {i: session.get(Document, i).text for i in {c.document_id for c in codings}}
    show_message()
    st.caption(md(f"{codebook.name} · version {codebook.version} · {len(codes)} codes"))
    _create_form(groups)
    names = {c.id: f"{c.name} ({c.key})" for c in codes}
    code_id = st.selectbox("Code", list(names), format_func=names.get, index=None,
                           placeholder="choose a code to edit", key=CODE_KEY)  # fmt: skip
    code = next((c for c in codes if c.id == code_id), None)
    if code is None:
        return
    st.html(chip(code.name, code.color))
    _edit_form(code, groups)
    _structure(code, codes)

    def text_of(coding: Coding) -> str:
        if coding.start is None:
            return "(whole document)"
        return texts.get(coding.document_id, "")[coding.start : coding.end][:120]

    _split(code, codings, text_of)
