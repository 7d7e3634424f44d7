"""Fixtures: the small coding study with a team: olga (owner), alice and bob (coders), vera (viewer)."""

from __future__ import annotations

from pathlib import Path

import pytest
from coding_study import build_study

from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.team.users import add_user

PASSWORDS = {
    "olga": "owner-pass-1",
    "alice": "alice-pass-1",
    "bob": "bob-pass-12",
    "vera": "viewer-pass",
}
ROLES = {"olga": "owner", "alice": "coder", "bob": "coder", "vera": "viewer"}


def build_team(url: str, tmp_path: Path) -> None:
    """The coding study (coders alice and bob exist already) with a login for each member."""
    build_study(url, tmp_path)
    with session_scope(url) as session:
        project = current_project(session)
        for name, role in ROLES.items():
            add_user(session, project, name, role, PASSWORDS[name], actor="setup")


@pytest.fixture
def team_url(sqlite_url: str, tmp_path: Path) -> str:
    build_team(sqlite_url, tmp_path)
    return sqlite_url


@pytest.fixture
def any_team_url(any_url: str, tmp_path: Path) -> str:
    build_team(any_url, tmp_path)
    return any_url
