"""Logging in: wrong passwords refused and throttled, one-time tickets, idle expiry, logout."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from team_study import PASSWORDS

from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.models import utcnow
from qualcode.store.team_models import LoginSession
from qualcode.team.logins import (
    MAX_FAILURES_PER_ADDRESS,
    MAX_FAILURES_PER_USER,
    LoginRefused,
    log_in,
    log_out,
    redeem_ticket,
    session_user,
)


def _log_in(url: str, name: str, password: str, address: str = "10.0.0.1") -> str:
    """Log in and trade the ticket for the cookie's token, as the browser does."""
    with session_scope(url) as session:
        ticket = log_in(session, current_project(session), name, password, address).ticket
    with session_scope(url) as session:
        return redeem_ticket(session, ticket)


def _user(url: str, token: str | None):
    with session_scope(url) as session:
        return session_user(session, token)


def test_the_right_password_opens_a_session_of_that_user(any_team_url):
    token = _log_in(any_team_url, "alice", PASSWORDS["alice"])
    user = _user(any_team_url, token)
    assert (user.name, user.role) == ("alice", "coder")


def test_a_wrong_password_or_unknown_name_is_refused_alike(team_url):
    with session_scope(team_url) as session:
        project = current_project(session)
        for name, password in (("alice", "wrong-password"), ("nobody", "whatever-1")):
            with pytest.raises(LoginRefused, match="Wrong user name or password"):
                log_in(session, project, name, password)


def test_failed_logins_are_throttled_per_user_even_with_the_right_password(team_url):
    with session_scope(team_url) as session:
        project = current_project(session)
        for attempt in range(MAX_FAILURES_PER_USER):
            with pytest.raises(LoginRefused, match="Wrong"):
                log_in(session, project, "bob", f"guess-{attempt}", f"10.0.1.{attempt}")
        with pytest.raises(LoginRefused, match="Too many failed logins"):
            log_in(session, project, "bob", PASSWORDS["bob"], "10.0.2.1")
        assert (
            log_in(session, project, "alice", PASSWORDS["alice"], "10.0.2.1").actor.name == "alice"
        )


def test_failed_logins_are_throttled_per_address(team_url):
    with session_scope(team_url) as session:
        project = current_project(session)
        for attempt in range(MAX_FAILURES_PER_ADDRESS):
            with pytest.raises(LoginRefused, match="Wrong"):
                log_in(session, project, f"user{attempt}", "guess-guess", "192.0.2.7")
        with pytest.raises(LoginRefused, match="Too many failed logins"):
            log_in(session, project, "alice", PASSWORDS["alice"], "192.0.2.7")
        assert (
            log_in(session, project, "alice", PASSWORDS["alice"], "192.0.2.8").actor.name == "alice"
        )


def test_a_ticket_sets_the_cookie_once(team_url):
    with session_scope(team_url) as session:
        ticket = log_in(session, current_project(session), "alice", PASSWORDS["alice"]).ticket
    with session_scope(team_url) as session:
        assert redeem_ticket(session, ticket) is not None
    with session_scope(team_url) as session:
        assert redeem_ticket(session, ticket) is None


def test_a_session_ends_after_the_inactivity_limit(team_url, monkeypatch):
    monkeypatch.setenv("QUALCODE_SESSION_HOURS", "2")
    token = _log_in(team_url, "alice", PASSWORDS["alice"])
    with session_scope(team_url) as session:
        login = session.exec(select(LoginSession)).one()
        login.last_seen_at = utcnow() - timedelta(hours=1, minutes=50)
    assert _user(team_url, token).name == "alice"  # activity renews the session
    with session_scope(team_url) as session:
        login = session.exec(select(LoginSession)).one()
        assert utcnow() - login.last_seen_at < timedelta(minutes=1)
        login.last_seen_at = utcnow() - timedelta(hours=2, minutes=1)
    assert _user(team_url, token) is None
    with session_scope(team_url) as session:
        assert session.exec(select(LoginSession)).one().ended_at is not None


def test_logout_ends_the_session_for_good(team_url):
    token = _log_in(team_url, "alice", PASSWORDS["alice"])
    with session_scope(team_url) as session:
        log_out(session, token)
    assert _user(team_url, token) is None


def test_a_removed_user_is_logged_out_everywhere(team_url):
    from qualcode.team.users import remove_user

    token = _log_in(team_url, "bob", PASSWORDS["bob"])
    with session_scope(team_url) as session:
        remove_user(session, current_project(session), "bob", actor="olga")
    assert _user(team_url, token) is None
