"""The team server's login: who is logged in (checked on every run and callback), log in, log out.

`qualcode serve --auth` sets QUALCODE_AUTH=1. The browser's HttpOnly cookie holds a session
token; every page render and every callback looks it up in the server-side session table, so a
logout, an expiry or a removed user takes effect at the next click, in every tab.
"""

from __future__ import annotations

import json
import os
from urllib.parse import urlencode

import streamlit as st
from sqlmodel import Session

from qualcode.config import resolve_db_url
from qualcode.errors import QualcodeError
from qualcode.project import find_project
from qualcode.store import session_scope
from qualcode.store.actors import Actor
from qualcode.team.logins import log_in, log_out, session_user
from qualcode.ui.login_routes import COOKIE, LOGOUT_PATH, SESSION_PATH
from qualcode.ui.markup import md

AUTH_ENV = "QUALCODE_AUTH"
LOGOUT_KEY = "qualcode_logging_out"
USER_KEY = (
    "qualcode_user"  # the user this run was checked for (not a widget: clients cannot set it)
)


def auth_enabled() -> bool:
    """Whether this app runs as a team server (`qualcode serve --auth`)."""
    return os.environ.get(AUTH_ENV) == "1"


def _token() -> str | None:
    return st.context.cookies.get(COOKIE)


def checked_user(session: Session) -> Actor | None:
    """The logged-in user of this browser, looked up now in `session` (None: not logged in,
    logged out, removed or idle too long)."""
    return session_user(session, _token())


def current_actor() -> Actor | None:
    """The logged-in user, checked at the start of this run (kept for the page's reads)."""
    with session_scope(resolve_db_url()) as session:
        actor = checked_user(session)
    if actor is None:
        st.session_state.pop(USER_KEY, None)
    else:
        st.session_state[USER_KEY] = actor
    return actor


def run_user() -> Actor | None:
    """The user this run was checked for (None in single-user mode)."""
    return st.session_state.get(USER_KEY) if auth_enabled() else None


def _address() -> str:
    forwarded = st.context.headers.get("X-Forwarded-For", "")
    return forwarded.split(",")[0].strip() or st.context.ip_address or "unknown"


def _go(path: str) -> None:
    """Send the browser to one of the cookie routes (a script cannot set an HttpOnly cookie)."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    target = f"/{base}{path}" if base else path
    st.html(f"<script>window.location.replace({json.dumps(target)});</script>",
            unsafe_allow_javascript=True)  # fmt: skip
    st.link_button("Continue", target)


def _here() -> str:
    page = (st.context.url or "").split("://", 1)[-1]
    path = "/" + page.split("/", 1)[1] if "/" in page else "/"
    return path if path.startswith("/") and not path.startswith("//") else "/"


def login_page() -> None:
    """Only this shows until someone logs in: a name, a password, a button."""
    st.title("qualcode")
    with session_scope(resolve_db_url()) as session:
        project = find_project(session)
        name = project.name if project is not None else ""
    if name:
        st.caption(md(f"Project: {name}"))
    with st.form("qualcode_login", enter_to_submit=True):
        username = st.text_input("Username", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Log in", type="primary")
    if not submitted:
        return
    try:
        with session_scope(resolve_db_url()) as session:
            project = find_project(session)
            if project is None:
                raise QualcodeError("This server holds no project yet.")
            login = log_in(session, project, username, password, _address())
    except QualcodeError as exc:
        st.error(md(str(exc)))
        return
    st.success(md(f"Logged in as {login.actor.name}."))
    _go(f"{SESSION_PATH}?{urlencode({'ticket': login.ticket, 'next': _here()})}")


def _log_out() -> None:
    with session_scope(resolve_db_url()) as session:
        log_out(session, _token())
    st.session_state[LOGOUT_KEY] = True


def logging_out() -> bool:
    """Right after "Log out": send the browser to clear its cookie (True: show nothing else)."""
    if not st.session_state.pop(LOGOUT_KEY, False):
        return False
    st.info("Logged out.")
    _go(LOGOUT_PATH)
    return True


def user_bar(actor: Actor) -> None:
    """The sidebar's "Logged in as" and "Log out"."""
    with st.sidebar:
        st.caption(f"Logged in as **{md(actor.name)}** ({actor.role})")
        st.button("Log out", key="qualcode_logout", on_click=_log_out)
