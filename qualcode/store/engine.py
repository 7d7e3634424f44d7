"""The one place that builds engines and sessions: SQLite (WAL, foreign keys) or PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from qualcode.config import resolve_db_url


class JSONText:
    """A value already written as JSON text (a large document serialised piece by piece, see
    Instrument.to_json): a JSON column stores it as it is instead of serialising it again."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _json_text(value: Any) -> str:
    """What a JSON column stores: json.dumps (SQLAlchemy's own default), or a JSONText as it is."""
    return value.text if isinstance(value, JSONText) else json.dumps(value)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # freed pages are zeroed: deleted text is gone
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def build_engine(url: str) -> Engine:
    """An engine for `url`; an SQLite file's folder is created when missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            json_serializer=_json_text,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, json_serializer=_json_text)


@lru_cache(maxsize=16)
def get_engine(url: str | None = None) -> Engine:
    """A migrated engine for `url` (or the configured default), built once per process."""
    from qualcode.store.migrate import upgrade

    resolved = resolve_db_url(url)
    engine = build_engine(resolved)
    upgrade(engine)
    return engine


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """One transaction: commit on success, roll back everything on any error."""
    session = Session(get_engine(url), expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
