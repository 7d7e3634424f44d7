"""Shared fixtures: real SQLite files, the real PostgreSQL server scripts/test starts, the sample study."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from qualcode.sample import load_sample_study
from qualcode.store import get_engine, session_scope

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
PTM_DATA = SHARED_DATA / "icse23_ptm_reuse"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file."""
    return f"sqlite:///{tmp_path / 'study.db'}"


@pytest.fixture
def pg_url() -> str:
    """A fresh database on the PostgreSQL server that scripts/test starts (QUALCODE_TEST_PG)."""
    server = os.environ.get("QUALCODE_TEST_PG")
    if not server:
        pytest.fail(
            "QUALCODE_TEST_PG is not set: run the suite with scripts/test, which starts PostgreSQL"
        )
    name = f"qc_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.rsplit("/", 1)[0] + f"/{name}"
    yield url
    get_engine.cache_clear()
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def any_url(request) -> str:
    """Run a test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def demo_url(sqlite_url: str) -> str:
    """An SQLite file holding the sample study."""
    with session_scope(sqlite_url) as session:
        load_sample_study(session)
    return sqlite_url


from tests.small_study import small_study, small_url  # noqa: E402,F401 - shared fixtures
