"""Who is coding: a sidebar choice kept in the session and in the page address (`?coder=ID`), so
a reload keeps it (accounts with passwords come with team mode)."""

from __future__ import annotations

import streamlit as st
from sqlmodel import Session

from qualcode.errors import QualcodeError
from qualcode.project import current_project, get_or_create_coder, is_person, list_coders
from qualcode.store.models import Coder, Project
from qualcode.ui.choosers import choose_id
from qualcode.ui.context import transaction
from qualcode.ui.feedback import reported
from qualcode.ui.login import run_user

CODER_KEY = "qualcode_coder_name"  # the chosen coder's name: the actor of every write
CODER_ID_KEY = "qualcode_coder_id"  # survives pages that do not show the selector
NEW_CODER_KEY = "qualcode_new_coder"


def actor() -> str:
    """The chosen coder's name for the audit trail; an error when nobody is chosen."""
    name = st.session_state.get(CODER_KEY)
    if not name:
        raise QualcodeError(
            "choose who you are in the sidebar first (every change records who made it)"
        )
    return name


APP_ACTOR = "app (no coder chosen)"


def acting_name() -> str:
    """Who a write on a page without the coder chooser records: the coder chosen earlier in this
    session, else a marked stand-in (never an empty name)."""
    return st.session_state.get(CODER_KEY) or APP_ACTOR


@reported
def _add_coder() -> None:
    name = st.session_state.get(NEW_CODER_KEY, "").strip()
    if not name:
        return
    with transaction() as session:
        coder = get_or_create_coder(session, current_project(session), name, actor=name)
        st.session_state[CODER_ID_KEY], st.session_state[CODER_KEY] = coder.id, coder.name
    st.session_state[NEW_CODER_KEY] = ""


def choose_coder(session: Session, project: Project) -> Coder | None:
    """The coder chosen in the sidebar (None until someone is chosen); on the team server the
    logged-in user, with no chooser."""
    user = run_user()
    if user is not None:
        st.session_state[CODER_KEY], st.session_state[CODER_ID_KEY] = user.name, user.coder_id
        return session.get(Coder, user.coder_id)
    coders = {c.id: c for c in list_coders(session, project) if is_person(c)}
    named = st.session_state.get(CODER_KEY)
    if st.session_state.get(CODER_ID_KEY) not in coders and named:  # chosen by name elsewhere
        st.session_state[CODER_ID_KEY] = next(
            (i for i, c in coders.items() if c.name == named), None
        )
    with st.sidebar:
        chosen = choose_id(
            "You are coding as",
            {i: c.name for i, c in coders.items()},
            CODER_ID_KEY,
            address="coder",
            placeholder="Choose who you are",
        )
        st.text_input(
            "New coder", key=NEW_CODER_KEY, on_change=_add_coder, placeholder="a name, then Enter"
        )
    coder = coders.get(chosen)
    st.session_state[CODER_KEY] = coder.name if coder else None
    return coder
