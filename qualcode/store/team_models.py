"""Login sessions and login attempts of the team server (`qualcode serve --auth`).

A session is a random token kept by the browser in an HttpOnly cookie; only its SHA-256 is
stored, so a copy of the database does not let anyone log in. Attempts are kept to throttle
password guessing per user name and per network address.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from qualcode.store.models import utcnow


class LoginSession(SQLModel, table=True):
    """One logged-in browser: ends on logout, on removal of the user, or after inactivity."""

    id: int | None = Field(default=None, primary_key=True)
    coder_id: int = Field(foreign_key="coder.id", index=True)
    token_sha256: str = Field(index=True, unique=True)
    ticket_sha256: str | None = Field(default=None, index=True)  # one-time, to set the cookie
    address: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None


class LoginAttempt(SQLModel, table=True):
    """One try at the login form, successful or not."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True)
    address: str = Field(default="", index=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    succeeded: bool = False
