"""Backup and restore: every table (audit trail, codebook versions) comes back, on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import func, select

from qualcode.errors import ValidationError
from qualcode.exchange.backup import backup_bytes, restore_bytes
from qualcode.store import session_scope
from qualcode.store.metadata import metadata


def _counts(url):
    with session_scope(url) as session:
        connection = session.connection()
        return {
            t.name: connection.execute(select(func.count()).select_from(t)).scalar()
            for t in metadata.sorted_tables
        }


def _backup(url) -> bytes:
    with session_scope(url) as session:
        return backup_bytes(session.connection())


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request, tmp_path):
    """An empty database other than the demo's: a second SQLite file, or PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.db'}"
    return request.getfixturevalue("pg_url")


def test_restore_brings_back_every_row(demo_url, empty_url):
    with session_scope(empty_url) as session:
        restore_bytes(session.connection(), _backup(demo_url), "b.zip")
    assert _counts(empty_url) == _counts(demo_url)
    assert _counts(empty_url)["auditevent"] > 0 and _counts(empty_url)["codebookversion"] > 0


def test_restored_database_backs_up_identically(demo_url, tmp_path):
    sqlite_url = f"sqlite:///{tmp_path / 'restored.db'}"
    with session_scope(sqlite_url) as session:
        restore_bytes(session.connection(), _backup(demo_url), "b.zip")
    import json
    import zipfile
    from io import BytesIO

    def rows(data):
        archive = zipfile.ZipFile(BytesIO(data))
        return {
            n: json.loads(archive.read(n)) for n in archive.namelist() if n.startswith("tables/")
        }

    assert rows(_backup(sqlite_url)) == rows(_backup(demo_url))


def test_restored_postgres_database_accepts_new_rows(demo_url, pg_url):
    with session_scope(pg_url) as session:
        restore_bytes(session.connection(), _backup(demo_url), "b.zip")
    from qualcode.project import current_project, get_or_create_coder

    with session_scope(pg_url) as session:
        coder = get_or_create_coder(session, current_project(session), "carol")
        assert coder.id == 3


def test_restore_into_a_database_with_a_project_is_refused(demo_url):
    data = _backup(demo_url)
    with pytest.raises(ValidationError, match="empty database"), session_scope(demo_url) as session:
        restore_bytes(session.connection(), data, "b.zip")


def test_not_a_backup_is_refused(sqlite_url):
    with (
        pytest.raises(ValidationError, match="not a qualcode backup"),
        session_scope(sqlite_url) as session,
    ):
        restore_bytes(session.connection(), b"nope", "b.zip")
