"""The two HTTP routes of the team server that set and clear the HttpOnly session cookie.

A Streamlit script cannot set cookies, so after a successful login the page sends the browser to
/api/qualcode/session with a one-time ticket; this route trades it for the session token, sets
the cookie and sends the browser back. The app then reads the cookie (`st.context.cookies`) on
every run and checks it against the server-side session (`qualcode.team.logins`).
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from qualcode.config import resolve_db_url
from qualcode.store import session_scope
from qualcode.team.logins import redeem_ticket

COOKIE = "qualcode_session"
SESSION_PATH = "/api/qualcode/session"
LOGOUT_PATH = "/api/qualcode/logout"
COOKIE_DAYS = 30  # the server ends idle sessions much sooner (QUALCODE_SESSION_HOURS)


def safe_next(target: str | None) -> str:
    """Only a path on this server (never another host) may follow a login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _https(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


def _redeem(ticket: str) -> str | None:
    with session_scope(resolve_db_url()) as session:
        return redeem_ticket(session, ticket)


async def start_session(request: Request) -> RedirectResponse:
    """Trade the one-time ticket for the HttpOnly, SameSite=Strict session cookie."""
    ticket = request.query_params.get("ticket", "")
    token = await run_in_threadpool(_redeem, ticket) if ticket else None
    response = RedirectResponse(safe_next(request.query_params.get("next")), status_code=303)
    if token:
        response.set_cookie(
            COOKIE, token, max_age=COOKIE_DAYS * 86400, path="/", httponly=True,
            samesite="strict", secure=_https(request),
        )  # fmt: skip
    return response


async def end_session(request: Request) -> RedirectResponse:
    """Clear the cookie (the app has already ended the session on the server)."""
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response


def login_routes() -> list[Route]:
    """The routes `st.App` mounts beside Streamlit's own."""
    return [
        Route(SESSION_PATH, start_session, methods=["GET"]),
        Route(LOGOUT_PATH, end_session, methods=["GET"]),
    ]
