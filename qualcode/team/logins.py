"""Logging in and out: throttled password checks, server-side sessions that expire when idle.

The browser holds a random token in an HttpOnly, SameSite cookie; the database keeps only the
token's SHA-256. Logging in yields a one-time ticket that the browser trades for the cookie at
the app's own /api/qualcode/session route (Streamlit scripts cannot set HttpOnly cookies).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from qualcode.errors import QualcodeError
from qualcode.store.actors import LOGIN_ROLES, Actor
from qualcode.store.models import Coder, Project, utcnow
from qualcode.store.team_models import LoginAttempt, LoginSession
from qualcode.team.passwords import hash_password, needs_rehash, verify_password

DEFAULT_SESSION_HOURS = 12.0
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_ADDRESS = 20
TICKET_LIFETIME = timedelta(minutes=2)
TOUCH_EVERY = timedelta(seconds=60)  # activity renews a session at most this often (fewer writes)


class LoginRefused(QualcodeError):
    """Wrong name or password, or too many failed tries; the message says which, not whose."""


@dataclass(frozen=True)
class NewLogin:
    """A fresh session: the cookie's token and the one-time ticket that sets it."""

    token: str
    ticket: str
    actor: Actor


def session_hours() -> float:
    """Inactivity before a session ends: QUALCODE_SESSION_HOURS, default 12."""
    raw = os.environ.get("QUALCODE_SESSION_HOURS", "")
    try:
        hours = float(raw) if raw.strip() else DEFAULT_SESSION_HOURS
    except ValueError:
        hours = DEFAULT_SESSION_HOURS
    return hours if hours > 0 else DEFAULT_SESSION_HOURS


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _failures(session: Session, since: datetime, **where: str) -> int:
    query = (
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since)
    )
    for column, value in where.items():
        query = query.where(getattr(LoginAttempt, column) == value)
    return int(session.exec(query).one())


def throttled(session: Session, username: str, address: str) -> bool:
    """Too many recent failures for this user name or from this address."""
    since = utcnow() - THROTTLE_WINDOW
    return (
        _failures(session, since, username=username) >= MAX_FAILURES_PER_USER
        or _failures(session, since, address=address) >= MAX_FAILURES_PER_ADDRESS
    )


def _actor(coder: Coder) -> Actor:
    return Actor(name=coder.name, role=coder.role, coder_id=coder.id)


def log_in(session: Session, project: Project, username: str, password: str,
           address: str = "") -> NewLogin:  # fmt: skip
    """Check the password (throttled) and open a session; LoginRefused otherwise."""
    username = username.strip()
    if throttled(session, username, address):
        minutes = int(THROTTLE_WINDOW.total_seconds() // 60)
        raise LoginRefused(f"Too many failed logins. Try again in {minutes} minutes.")
    coder = session.exec(
        select(Coder).where(Coder.project_id == project.id, Coder.name == username)
    ).first()
    stored = coder.password_hash if coder is not None and coder.role in LOGIN_ROLES else None
    ok = verify_password(stored, password)
    session.add(LoginAttempt(username=username, address=address, succeeded=ok))
    if not ok or coder is None:
        session.commit()  # the failure counts even though the caller's transaction fails
        raise LoginRefused("Wrong user name or password.")
    if needs_rehash(stored):
        coder.password_hash = hash_password(password)
        session.add(coder)
    token, ticket = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(LoginSession(coder_id=coder.id, token_sha256=_digest(token),
                             ticket_sha256=_digest(ticket), address=address))  # fmt: skip
    return NewLogin(token=token, ticket=ticket, actor=_actor(coder))


def redeem_ticket(session: Session, ticket: str) -> str | None:
    """Trade a fresh one-time ticket for a new session token (None if used, old or unknown)."""
    login = session.exec(
        select(LoginSession).where(LoginSession.ticket_sha256 == _digest(ticket))
    ).first()
    if login is None or login.ended_at is not None:
        return None
    login.ticket_sha256 = None  # one use only
    fresh = utcnow() - _aware(login.created_at) <= TICKET_LIFETIME
    token = secrets.token_urlsafe(32)
    if fresh:  # the token in the login result never leaves the server; the cookie gets its own
        login.token_sha256 = _digest(token)
        login.last_seen_at = utcnow()
    session.add(login)
    return token if fresh else None


def _live_session(session: Session, token: str) -> tuple[LoginSession, Coder] | None:
    login = session.exec(
        select(LoginSession).where(LoginSession.token_sha256 == _digest(token))
    ).first()
    if login is None or login.ended_at is not None:
        return None
    coder = session.get(Coder, login.coder_id)
    if coder is None or coder.password_hash is None or coder.role not in LOGIN_ROLES:
        return None
    return login, coder


def session_user(session: Session, token: str | None) -> Actor | None:
    """The user of a live session token; activity renews it, inactivity past the limit ends it."""
    if not token:
        return None
    found = _live_session(session, token)
    if found is None:
        return None
    login, coder = found
    now = utcnow()
    idle, limit = now - _aware(login.last_seen_at), timedelta(hours=session_hours())
    if idle > limit:
        login.ended_at = now
        session.add(login)
        return None
    if idle > min(TOUCH_EVERY, limit / 10):
        login.last_seen_at = now
        session.add(login)
    return _actor(coder)


def log_out(session: Session, token: str | None) -> None:
    """End the session of `token` (the cookie is then worthless even if kept)."""
    if not token:
        return
    found = _live_session(session, token)
    if found is not None:
        found[0].ended_at = utcnow()
        session.add(found[0])
