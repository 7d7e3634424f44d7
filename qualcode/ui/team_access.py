"""Which pages each role of the team server sees, and what blind coding hides from coders.

The core refuses forbidden writes whatever a page shows (qualcode.store.actors); this module
only keeps controls a role cannot use off the screen. In single-user mode every page shows.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlmodel import Session

from qualcode.coding.visibility import sees_everyone
from qualcode.store.actors import CODER, OWNER, VIEWER
from qualcode.store.models import Coder, Project
from qualcode.ui.context import require_project, transaction
from qualcode.ui.login import run_user

READER_PAGES = {"home", "transcripts", "codebook", "retrieve", "agreement", "reports",
                "survey-results", "evidence", "joint"}  # fmt: skip
ROLE_PAGES = {VIEWER: READER_PAGES, CODER: READER_PAGES | {"code", "memos"}}
# Pages that compare coders: while coding is blind, only the owner may open them.
CROSS_CODER_PAGES = {"agreement", "reconcile"}


def may_open(url_path: str) -> bool:
    """Whether the logged-in user's role shows this page (every page in single-user mode,
    where the one person at the keyboard owns the project)."""
    user = run_user()
    return user is None or user.role == OWNER or url_path in ROLE_PAGES.get(user.role, set())


def blind_self(session: Session, project: Project) -> Coder | None:
    """The logged-in coder when blind coding limits them to their own codings, else None."""
    user = run_user()
    if user is None:
        return None
    coder = session.get(Coder, user.coder_id)
    if coder is None or sees_everyone(project, coder):
        return None
    return coder


def blind_guard(page: Callable[[], None], url_path: str, title: str) -> Callable[[], None]:
    """Pages that compare coders show a notice instead while coding is blind for this user."""
    if url_path not in CROSS_CODER_PAGES:
        return page

    def run() -> None:
        with transaction() as session:
            project = require_project(session)
            hidden = project is not None and blind_self(session, project) is not None
        if hidden:
            st.title(title)
            st.info(
                "Blind coding is on: coders see only their own codings, so this page opens "
                "when the project owner opens reconciliation."
            )
            return
        page()

    run.__name__, run.__qualname__ = page.__name__, page.__qualname__
    return run
