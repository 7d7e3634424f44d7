"""A project to import into (the files the tests write are in ingest_files.py)."""

from __future__ import annotations

import pytest

from qualcode.project import create_project
from qualcode.store import session_scope


@pytest.fixture
def project_url(sqlite_url: str) -> str:
    """An SQLite file holding an empty project."""
    with session_scope(sqlite_url) as session:
        create_project(session, "Test study")
    return sqlite_url
