"""Persistence: SQLModel tables, engine and sessions, migrations.

The names below load on first use (PEP 562), so a module that needs only a light part of the
store (revisions, glance) does not pull in SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "build_engine": "qualcode.store.engine",
    "get_engine": "qualcode.store.engine",
    "session_scope": "qualcode.store.engine",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'qualcode.store' has no attribute {name!r}")
