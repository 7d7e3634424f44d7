"""Accounts: add, list, change role, reset password, remove (soft); passwords hashed with argon2id."""

from __future__ import annotations

import pytest
from coding_study import open_study
from sqlmodel import select
from team_study import PASSWORDS

from qualcode.coding.codings import add_coding, live_codings
from qualcode.errors import NotFoundError, ValidationError
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.models import AuditEvent, Coder
from qualcode.team.logins import LoginRefused, log_in
from qualcode.team.passwords import verify_password
from qualcode.team.users import add_user, list_users, remove_user, reset_password, set_role


def test_each_user_is_the_coder_of_the_same_name_with_an_argon2id_hash(any_team_url):
    with session_scope(any_team_url) as session:
        users = {u.name: u for u in list_users(session, current_project(session))}
        coders = {c.name: c for c in session.exec(select(Coder)).all()}
    assert {n: u.role for n, u in users.items()} == {
        "alice": "coder", "bob": "coder", "olga": "owner", "vera": "viewer"
    }  # fmt: skip
    assert users["alice"].id == coders["alice"].id  # alice coded before she had a login
    assert all(u.password_hash.startswith("$argon2id$") for u in users.values())
    assert PASSWORDS["alice"] not in users["alice"].password_hash
    assert verify_password(users["alice"].password_hash, PASSWORDS["alice"])


def test_adding_an_existing_user_or_an_unknown_role_is_refused(team_url):
    with session_scope(team_url) as session:
        project = current_project(session)
        with pytest.raises(ValidationError, match="exists"):
            add_user(session, project, "alice", "coder", "another-pass", actor="olga")
        with pytest.raises(ValidationError, match="unknown role 'admin'"):
            add_user(session, project, "zoe", "admin", "zoe-pass-12", actor="olga")
        with pytest.raises(ValidationError, match="at least 8 characters"):
            add_user(session, project, "zoe", "coder", "short", actor="olga")


def test_set_role_changes_the_role_and_keeps_one_owner(team_url):
    with session_scope(team_url) as session:
        project = current_project(session)
        assert set_role(session, project, "vera", "coder", actor="olga").role == "coder"
        with pytest.raises(ValidationError, match="only owner"):
            set_role(session, project, "olga", "viewer", actor="olga")
        with pytest.raises(NotFoundError, match="no user 'nobody'"):
            set_role(session, project, "nobody", "coder", actor="olga")


def test_reset_password_replaces_the_old_one(team_url):
    with session_scope(team_url) as session:
        reset_password(session, current_project(session), "bob", "bob-new-pass", actor="olga")
    with session_scope(team_url) as session:
        project = current_project(session)
        assert log_in(session, project, "bob", "bob-new-pass").actor.name == "bob"
    with session_scope(team_url) as session, pytest.raises(LoginRefused):
        log_in(session, current_project(session), "bob", PASSWORDS["bob"])


def test_remove_takes_the_login_and_keeps_the_codings(team_url):
    with session_scope(team_url) as session:
        study = open_study(session)
        add_coding(session, study.document, study.alice, study.code["docs"], 0, 11, actor="alice")
    with session_scope(team_url) as session:
        remove_user(session, current_project(session), "alice", actor="olga")
    with session_scope(team_url) as session:
        project = current_project(session)
        assert "alice" not in [u.name for u in list_users(session, project)]
        alice = session.exec(select(Coder).where(Coder.name == "alice")).one()
        assert len(live_codings(session, coder_ids=[alice.id])) == 1
        with pytest.raises(LoginRefused):
            log_in(session, project, "alice", PASSWORDS["alice"])


def test_every_account_change_is_audited_with_its_actor(team_url):
    with session_scope(team_url) as session:
        project = current_project(session)
        set_role(session, project, "vera", "coder", actor="olga")
        reset_password(session, project, "vera", "vera-new-pass", actor="olga")
        remove_user(session, project, "vera", actor="olga")
    with session_scope(team_url) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action.startswith("user."))).all()
    assert [(e.action, e.actor) for e in events][-3:] == [
        ("user.role", "olga"), ("user.password", "olga"), ("user.remove", "olga")
    ]  # fmt: skip
    assert all(PASSWORDS["vera"] not in str(e.detail) for e in events)
