"""Project settings on the Reconcile page: the owner switches blind coding and opens reconciliation."""

from __future__ import annotations

import streamlit as st
from sqlmodel import Session

from qualcode.coding.visibility import (
    may_switch_blind_coding,
    project_owners,
    set_blind_coding,
    set_owner,
)
from qualcode.store.models import Project
from qualcode.ui.coder import choose_coder
from qualcode.ui.markup import md


def status(project: Project) -> str:
    """The setting in one sentence, in the coders' terms."""
    if not project.blind_coding:
        return "Blind coding is off: every coder sees everyone's codings."
    if project.reconciliation_open:
        return "Blind coding is on and reconciliation is open: everyone sees every coder's codings."
    return "Blind coding is on: each coder sees only their own codings (the owner sees all)."


def blind_coding_settings(session: Session, project: Project) -> str | None:
    """The settings panel; returns a message when something was saved (the page then reruns)."""
    viewer = choose_coder(session, project)
    owners = project_owners(session, project)
    allowed = may_switch_blind_coding(session, project, viewer)
    closed_blind = project.blind_coding and not project.reconciliation_open
    with st.expander("Project settings: blind coding", expanded=closed_blind):
        st.caption(md(status(project)))
        if owners:
            st.caption(md(f"Project owner: {', '.join(o.name for o in owners)}."))
        else:
            st.caption("No project owner yet: anyone may change these settings.")
        if not owners and viewer is not None:
            if st.button(md(f"Make {viewer.name} the project owner"), key="blind_claim"):
                set_owner(session, project, viewer, viewer.name)
                return f"{viewer.name} now owns the project and alone may change these settings."
        if not allowed:
            st.caption(
                "Only the project owner can change these settings (choose who you are in the sidebar)."
            )
        blind = st.toggle(
            "Blind coding: each coder sees only their own codings",
            value=project.blind_coding, disabled=not allowed, key="blind_coding",
        )  # fmt: skip
        opened = st.toggle(
            "Reconciliation open: every coder sees everyone's codings",
            value=project.reconciliation_open, disabled=not allowed or not blind,
            key="blind_reconciliation",
        )  # fmt: skip
        if st.button("Save settings", disabled=not allowed, key="blind_save"):
            actor = viewer.name if viewer is not None else ""
            set_blind_coding(session, project, blind, blind and opened, actor)
            return status(project)
    return None
