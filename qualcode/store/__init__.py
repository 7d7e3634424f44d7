"""Persistence: SQLModel tables, engine and sessions, migrations."""

from qualcode.store.engine import build_engine, get_engine, session_scope
from qualcode.store.metadata import metadata

__all__ = ["build_engine", "get_engine", "metadata", "session_scope"]
