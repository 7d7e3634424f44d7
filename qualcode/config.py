"""Settings from the environment and the CLI: which database, where data lives, limits."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = Path("qualcode-data")
DEFAULT_DB_FILE = "qualcode.db"


@dataclass(frozen=True)
class Settings:
    """Resolved settings; `db_url` chooses SQLite (default) or PostgreSQL."""

    db_url: str
    data_dir: Path
    max_upload_mb: int = 50


def default_db_url(data_dir: Path | None = None) -> str:
    """The embedded default: an SQLite file under ./qualcode-data/."""
    directory = data_dir or Path(os.environ.get("QUALCODE_DATA_DIR", DEFAULT_DATA_DIR))
    return f"sqlite:///{directory / DEFAULT_DB_FILE}"


def resolve_db_url(explicit: str | None = None) -> str:
    """`--db URL` wins, then QUALCODE_DB, then the SQLite default."""
    return explicit or os.environ.get("QUALCODE_DB") or default_db_url()


def load_settings(db_url: str | None = None) -> Settings:
    """Settings for this process."""
    data_dir = Path(os.environ.get("QUALCODE_DATA_DIR", DEFAULT_DATA_DIR))
    return Settings(
        db_url=resolve_db_url(db_url),
        data_dir=data_dir,
        max_upload_mb=int(os.environ.get("QUALCODE_MAX_UPLOAD_MB", "50")),
    )
