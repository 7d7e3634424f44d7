"""A project's counts read straight from an SQLite file with the standard library.

`qualcode status` answers from here, so it starts as fast as Python does instead of loading
SQLAlchemy first; the numbers are those of `qualcode.overview.project_overview` (a test holds the
two equal). Only a file at the newest schema is read this way: anything else (PostgreSQL, an older
schema that needs upgrading, a missing file or project) returns None and takes the full path.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from qualcode.store.revisions import migration_head

COUNTS = {
    "documents": "SELECT count(*) FROM document WHERE project_id = :p AND deleted_at IS NULL",
    "participants": "SELECT count(*) FROM participant WHERE project_id = :p",
    "codes": "SELECT count(*) FROM code WHERE codebook_id = :c AND deleted_at IS NULL",
    "codings": "SELECT count(*) FROM coding JOIN document ON coding.document_id = document.id "
    "WHERE document.project_id = :p AND document.deleted_at IS NULL AND coding.deleted_at IS NULL",
    "surveys": "SELECT count(*) FROM survey WHERE project_id = :p",
    "survey_responses": "SELECT count(*) FROM surveyresponse WHERE survey_id IN "
    "(SELECT id FROM survey WHERE project_id = :p) AND submitted_at IS NOT NULL AND excluded = 0",
    "evidence_sources": "SELECT count(*) FROM evidencesource WHERE project_id = :p",
}
ORDER = ["project", "documents", "participants", "codebook", "codebook_version", "codes", "codings",
         "coders", "surveys", "survey_responses", "evidence_sources"]  # fmt: skip


def sqlite_file(url: str) -> Path | None:
    """The file of an sqlite:///PATH URL (no query options), or None."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url or url[len(prefix) :] in ("", ":memory:"):
        return None
    return Path(url[len(prefix) :])


def sqlite_overview(url: str) -> dict[str, Any] | None:
    """project_overview's dict for an SQLite file at the newest schema, read only; else None."""
    path = sqlite_file(url)
    if path is None or not path.is_file() or migration_head() is None:
        return None
    try:
        connection = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return _read(connection)
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def _read(connection: sqlite3.Connection) -> dict[str, Any] | None:
    revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    project = connection.execute("SELECT id, name FROM project ORDER BY id LIMIT 1").fetchone()
    if revision is None or revision[0] != migration_head() or project is None:
        return None
    codebook = connection.execute(
        "SELECT id, name, version FROM codebook WHERE project_id = ? ORDER BY id LIMIT 1",
        (project[0],),
    ).fetchone()
    keys = {"p": project[0], "c": codebook[0] if codebook else None}
    counts = {name: connection.execute(sql, keys).fetchone()[0] for name, sql in COUNTS.items()}
    coders = connection.execute(
        "SELECT name FROM coder WHERE project_id = ? ORDER BY name", (project[0],)
    ).fetchall()
    found = counts | {
        "project": project[1],
        "codebook": codebook[1] if codebook else None,
        "codebook_version": codebook[2] if codebook else None,
        "codes": counts["codes"] if codebook else 0,
        "coders": [name for (name,) in coders],
    }
    return {key: found[key] for key in ORDER}
