"""Who is coding: a sidebar choice kept in the session (accounts with passwords come with team mode)."""

from __future__ import annotations

import streamlit as st
from sqlmodel import Session

from qualcode.project import current_project, get_or_create_coder, list_coders
from qualcode.store.models import Coder, Project
from qualcode.ui.context import transaction
from qualcode.ui.feedback import reported

CODER_KEY = "qualcode_coder_name"  # survives pages that do not show the selector
WIDGET_KEY = "qualcode_coder_widget"
NEW_CODER_KEY = "qualcode_new_coder"


def _remember() -> None:
    st.session_state[CODER_KEY] = st.session_state[WIDGET_KEY]


@reported
def _add_coder() -> None:
    name = st.session_state.get(NEW_CODER_KEY, "").strip()
    if not name:
        return
    with transaction() as session:
        get_or_create_coder(session, current_project(session), name, actor=name)
    st.session_state[CODER_KEY] = st.session_state[WIDGET_KEY] = name
    st.session_state[NEW_CODER_KEY] = ""


def choose_coder(session: Session, project: Project) -> Coder | None:
    """The coder chosen in the sidebar (None until someone is chosen)."""
    coders = {
        c.name: c for c in list_coders(session, project) if c.role not in ("consensus", "assistant")
    }
    names = list(coders)
    chosen = st.session_state.get(CODER_KEY)
    with st.sidebar:
        st.selectbox(
            "You are coding as",
            names,
            index=names.index(chosen) if chosen in coders else None,
            placeholder="Choose who you are",
            key=WIDGET_KEY,
            on_change=_remember,
        )
        st.text_input(
            "New coder", key=NEW_CODER_KEY, on_change=_add_coder, placeholder="a name, then Enter"
        )
    return coders.get(chosen)
