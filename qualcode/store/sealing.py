"""Sealed originals: the de-identification mapping is stored encrypted, so the database file itself
(its pages, free pages and WAL) never holds an original name after `deid apply`.

The key (Fernet, from the `cryptography` package) comes from QUALCODE_DEID_KEY, or from a key file
created on first use with owner-only permissions: beside an SQLite file (`study.db.deid-key`), or
in the data folder for PostgreSQL. Keep the key apart from backups: without it the mapping is lost,
with it (and the database) the mapping can be read.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy.engine import URL, Connection
from sqlmodel import Session

from qualcode.errors import ValidationError

PREFIX = "sealed:"


def key_path(url: URL) -> Path:
    """Where the key of the database at `url` is kept."""
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(f"{url.database}.deid-key")
    folder = Path(os.environ.get("QUALCODE_DATA_DIR", "qualcode-data"))
    digest = hashlib.sha256(url.render_as_string(hide_password=True).encode()).hexdigest()[:16]
    return folder / f"deid-{digest}.key"


def _url(bind: Session | Connection) -> URL:
    return bind.get_bind().url if isinstance(bind, Session) else bind.engine.url


def _fernet(bind: Session | Connection, create: bool) -> Fernet | None:
    if os.environ.get("QUALCODE_DEID_KEY"):
        return Fernet(os.environ["QUALCODE_DEID_KEY"].encode())
    path = key_path(_url(bind))
    if not path.exists():
        if not create:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(Fernet.generate_key())
    return Fernet(path.read_bytes().strip())


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def seal(session: Session | Connection, text: str) -> str:
    """`text` encrypted with the database's key (created on first use)."""
    if is_sealed(text):
        return text
    return PREFIX + _fernet(session, create=True).encrypt(text.encode("utf-8")).decode("ascii")


def unseal(session: Session | Connection, value: str) -> str:
    """The original behind a sealed value (plain values are returned as they are)."""
    if not is_sealed(value):
        return value
    fernet = _fernet(session, create=False)
    try:
        if fernet is None:
            raise InvalidToken
        return fernet.decrypt(value[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise ValidationError(
            f"the de-identification mapping cannot be read: its key ({key_path(_url(session))} "
            "or QUALCODE_DEID_KEY) is missing or different"
        ) from None
