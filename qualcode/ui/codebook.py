"""Codebook browser: groups, the code hierarchy, definitions with include/exclude guidance, versions."""

from __future__ import annotations

import streamlit as st

from qualcode.codebook import store as codebook_store
from qualcode.ui.context import require_project, transaction
from qualcode.ui.markup import chip, md, text_block


def code_card(code, children: list, depth: int = 0) -> str:
    """One code as escaped HTML (name, key, definition, guidance folded), then its child codes indented."""
    guidance = "".join(
        f"<div><b>{label}</b> {text_block(value)}</div>"
        for label, value in (("Apply when:", code.include), ("Do not apply when:", code.exclude))
        if value
    )
    guidance += "".join(
        f'<div style="margin:4px 0;color:#4b5563">&ldquo;{text_block(e)}&rdquo;</div>'
        for e in code.examples
    )
    links = ", ".join([*code.evidence, *code.survey_items])
    if links:
        guidance += f'<div style="color:#6b7280">Linked evidence and survey items: {text_block(links)}</div>'
    folded = (
        f'<details style="margin-top:2px"><summary style="cursor:pointer;color:#6b7280">Guidance and examples</summary>{guidance}</details>'
        if guidance
        else ""
    )
    card = (
        f'<div style="margin:0 0 10px {depth * 28}px;padding:6px 10px;border:1px solid #e5e7eb;border-radius:6px">'
        f'{chip(code.name, code.color)} <code style="color:#6b7280">{text_block(code.key)}</code>'
        f'<div style="margin-top:4px">{text_block(code.definition)}</div>{folded}</div>'
    )
    return card + "".join(
        code_card(child, grandchildren, depth + 1) for child, grandchildren in children
    )


def tree(codes: list) -> list:
    """Codes as (code, children) pairs, parents first."""
    by_parent: dict[int | None, list] = {}
    for code in codes:
        by_parent.setdefault(code.parent_id, []).append(code)
    ids = {c.id for c in codes}

    def build(parent_id):
        return [(c, build(c.id)) for c in by_parent.get(parent_id, [])]

    roots = [c for c in codes if c.parent_id is None or c.parent_id not in ids]
    return [(c, build(c.id)) for c in roots]


def page() -> None:
    with transaction() as session:
        project = require_project(session)
        if project is None:
            return
        codebook = codebook_store.get_codebook(session, project)
        st.title("Codebook")
        if codebook is None:
            st.info("No codebook yet: import one with `qualcode codebook import FILE.yaml`.")
            return
        groups = codebook_store.groups(session, codebook)
        codes = codebook_store.codes(session, codebook)
        versions = codebook_store.versions(session, codebook)
    st.caption(
        md(
            f"{codebook.name} · version {codebook.version} · {len(codes)} codes in {len(groups)} groups"
        )
    )
    if codebook.description:
        st.write(md(codebook.description))
    filter_text = st.text_input("Filter codes", placeholder="name, key or words of the definition")
    wanted = filter_text.casefold().strip()
    for group in [*groups, None]:
        members = [c for c in codes if c.group_id == (group.id if group else None)]
        if wanted:
            members = [
                c for c in members if wanted in f"{c.key} {c.name} {c.definition}".casefold()
            ]
        if not members:
            continue
        title = group.name if group else "Ungrouped"
        st.subheader(md(title))
        if group is not None:
            note = (
                "exclusive: at most one code of this group per unit"
                if group.exclusive
                else "codes may be combined"
            )
            st.caption(md(f"{group.description} ({note})" if group.description else note))
        st.html("".join(code_card(code, children) for code, children in tree(members)))
    with st.expander(f"Versions ({len(versions)})"):
        st.dataframe(
            [
                {
                    "version": v.version,
                    "created": v.created_at.strftime("%Y-%m-%d %H:%M"),
                    "author": v.author,
                    "note": v.note,
                }
                for v in versions
            ],
            hide_index=True,
            width="stretch",
        )
