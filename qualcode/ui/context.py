"""What every page needs: the database URL, a transaction, and errors shown as messages, never tracebacks."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlmodel import Session

from qualcode.config import resolve_db_url
from qualcode.errors import NoProjectError, QualcodeError
from qualcode.project import find_project
from qualcode.store import session_scope
from qualcode.store.actors import PermissionDenied, bind_actor
from qualcode.store.models import Project
from qualcode.ui.login import auth_enabled, checked_user

log = logging.getLogger("qualcode.ui")


def db_url() -> str:
    """The database this app serves (QUALCODE_DB or the SQLite default)."""
    return resolve_db_url()


@contextmanager
def transaction() -> Iterator[Session]:
    """One transaction per user action or page render; on the team server it acts as the
    logged-in user, checked again now (so a callback after logout or expiry changes nothing)."""
    with session_scope(db_url()) as session:
        if auth_enabled():
            actor = checked_user(session)
            if actor is None:
                raise PermissionDenied("Your session has ended: reload the page and log in again.")
            bind_actor(session, actor)
        yield session


def require_project(session: Session) -> Project | None:
    """The project, or a friendly message and None when the database has none yet."""
    project = find_project(session)
    if project is None:
        st.info(str(NoProjectError()))
    return project


def guarded(page):
    """Wrap a page function so that errors appear as a message on the page."""

    def run() -> None:
        try:
            page()
        except QualcodeError as exc:
            st.error(str(exc))
        except Exception as exc:  # the UI must never show a traceback
            log.exception("page failed")
            st.error(f"Something went wrong: {type(exc).__name__}: {exc}. Nothing was changed.")

    run.__name__ = page.__name__
    run.__qualname__ = page.__qualname__
    return run
