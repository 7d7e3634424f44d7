"""Schema upgrades with Alembic: run on every start, backing up an SQLite file before changing it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from qualcode.store.revisions import migration_head

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    """The newest migration this code knows."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def stored_revision(engine: Engine) -> str | None:
    """The revision in the database's alembic_version table, read without loading Alembic (None
    for an empty database)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


UPGRADE_COPY_PATTERN = "{name}.before-{revision}.bak"


def upgrade_copies(engine: Engine) -> list[Path]:
    """The copies a schema upgrade set aside next to a SQLite file (they hold the data as it was
    then, so de-identification must name them: only the researcher can delete them)."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return []
    source = Path(database)
    return sorted(source.parent.glob(UPGRADE_COPY_PATTERN.format(name=source.name, revision="*")))


def _backup_sqlite(engine: Engine, revision: str) -> Path | None:
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    source = Path(database)
    if not source.exists():
        return None
    target = source.with_name(UPGRADE_COPY_PATTERN.format(name=source.name, revision=revision))
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(FULL)")
    shutil.copy2(source, target)
    return target


def upgrade(engine: Engine) -> str | None:
    """Bring the database to the newest schema; an existing SQLite file is copied aside first."""
    if migration_head() is not None and stored_revision(engine) == migration_head():
        return migration_head()  # the usual case, without loading Alembic
    from alembic import command

    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return head
    if current is not None:
        _backup_sqlite(engine, current)
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return head
