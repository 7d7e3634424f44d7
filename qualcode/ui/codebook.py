"""Codebook browser: groups, the code hierarchy, definitions with include/exclude guidance, versions."""

from __future__ import annotations

import streamlit as st

from qualcode.codebook import store as codebook_store
from qualcode.ui.context import require_project, transaction
from qualcode.ui.markup import chip, md, text_block


def code_card(code, children: list, depth: int = 0) -> None:
    """One code with its guidance, then its child codes indented."""
    indent = "&nbsp;" * 6 * depth
    st.html(f"{indent}{chip(code.name, code.color)} <code>{text_block(code.key)}</code>")
    with st.expander(f"{'  ' * depth}{code.name} — definition and guidance"):
        if code.definition:
            st.markdown(f"**Definition.** {md(code.definition)}")
        if code.include:
            st.markdown(f"**Apply when.** {md(code.include)}")
        if code.exclude:
            st.markdown(f"**Do not apply when.** {md(code.exclude)}")
        for example in code.examples:
            st.markdown(f"> {md(example)}")
        if code.evidence:
            st.caption("Evidence metrics: " + md(", ".join(code.evidence)))
        if code.survey_items:
            st.caption("Survey items: " + md(", ".join(code.survey_items)))
    for child in children:
        code_card(child[0], child[1], depth + 1)


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
        for code, children in tree(members):
            code_card(code, children)
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
