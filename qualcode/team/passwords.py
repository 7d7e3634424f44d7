"""Password hashes with argon2id (argon2-cffi's defaults, the RFC 9106 recommendation)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from qualcode.errors import ValidationError

MIN_LENGTH = 8
_hasher = PasswordHasher()  # argon2id
# Verified against unknown user names so that a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("qualcode: no such user")


def check_new_password(password: str) -> None:
    """A new password must have at least MIN_LENGTH characters."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"the password needs at least {MIN_LENGTH} characters")


def hash_password(password: str) -> str:
    """An argon2id hash of a new password (checked first)."""
    check_new_password(password)
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; a missing hash costs the same time and is never a match."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash uses weaker parameters than today's and should be renewed."""
    return _hasher.check_needs_rehash(password_hash)
