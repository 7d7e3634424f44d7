"""After de-identification: make the database forget the replaced text, not just stop showing it.

SQLite runs with `secure_delete` on (freed pages are zeroed, see engine); after `deid apply` the WAL
is checkpointed and truncated, the file is rebuilt with VACUUM, and the WAL truncated again, so
neither the file, its free pages nor its -wal hold the original text. PostgreSQL gets VACUUM of the
touched tables (dead row versions are removed from the tables' pages over time; VACUUM FULL, run
by an administrator, rewrites the files at once; see README). Copies that a schema upgrade set
aside still hold the text as it was; they are named so the researcher can delete them.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from qualcode.store.migrate import upgrade_copies

TOUCHED = ("document", "speakerturn", "memo", "coding", "participant", "code", "codegroup",
           "codebookversion", "auditevent", "deid_proposal", "pseudonym")  # fmt: skip


def vacuum_after_deid(engine: Engine) -> list[Path]:
    """Rebuild (SQLite) or vacuum (PostgreSQL) the storage once the scrubbed rows are committed;
    returns the upgrade copies that still hold the original text."""
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.exec_driver_sql("VACUUM")
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        elif engine.dialect.name == "postgresql":
            for table in TOUCHED:
                connection.exec_driver_sql(f'VACUUM "{table}"')
    return upgrade_copies(engine)
