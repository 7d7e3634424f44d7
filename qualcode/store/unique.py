"""Rows that must exist once (a coder's name, a participant's label, a live code's key), created
safely when several writers race: INSERT ... ON CONFLICT DO NOTHING, then read the row back.

A concurrent creator's insert waits for the first writer (PostgreSQL row lock, SQLite write lock)
and then does nothing; the following SELECT returns the row the first writer stored, so every
creator gets the same row and nobody sees an IntegrityError.
"""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel


def insert_unless_exists(session: Session, row: SQLModel) -> bool:
    """Insert `row` unless a unique constraint already holds such a row; True when inserted.

    `row` itself is not added to the session: read the stored row back with a query.
    """
    session.flush()
    table = row.__table__
    values = {k: v for k, v in row.model_dump().items() if k in table.columns and v is not None}
    values.pop("id", None)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    result = session.execute(insert(table).values(**values).on_conflict_do_nothing())
    return result.rowcount == 1
