"""Checks every uploaded file passes before a reader sees it: not empty, not too large, and for
zip-based formats (docx, xlsx, qdpx, backups) a valid archive that does not expand far beyond its
size: no member over MAX_RATIO times its compressed size, the whole archive at most TOTAL_RATIO
times the file, and never more than 10x the upload limit. Checked from the archive's directory,
before a single member is decompressed."""

from __future__ import annotations

import io
import zipfile

from qualcode.errors import ValidationError

ZIP_MAGIC = b"PK\x03\x04"
MAX_RATIO = 100  # uncompressed / compressed size of one member
TOTAL_RATIO = 50  # uncompressed size of all members / size of the file
RATIO_FLOOR = 5 * 1024 * 1024  # members (and archives) smaller than this are never suspicious


def check_size(name: str, data: bytes, max_mb: float | None) -> None:
    """Refuse empty files and files over the configured limit (Settings.max_upload_mb)."""
    if not data.strip():
        raise ValidationError(f"{name}: the file is empty")
    if max_mb is not None and len(data) > max_mb * 1024 * 1024:
        raise ValidationError(
            f"{name}: {len(data) / 1024 / 1024:.1f} MB is over the upload limit of {max_mb} MB "
            "(QUALCODE_MAX_UPLOAD_MB)"
        )


def check_archive(
    name: str, data: bytes, max_mb: float | None, kind: str = "docx and xlsx"
) -> None:
    """The file must be a readable zip archive whose members do not expand suspiciously."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise ValidationError(f"{name}: not a valid archive ({kind} are zip files): {exc}") from exc
    limit = (max_mb or 50) * 1024 * 1024 * MAX_RATIO // 10
    total = 0
    for member in members:
        total += member.file_size
        compressed = max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and member.file_size / compressed > MAX_RATIO:
            raise ValidationError(
                f"{name}: archive member '{member.filename}' expands {member.file_size // compressed}x "
                f"({member.file_size / 1024 / 1024:.0f} MB); refused as a possible zip bomb"
            )
        if total > limit:
            raise ValidationError(
                f"{name}: the archive expands to more than {limit / 1024 / 1024:.0f} MB; refused"
            )
    expanded = sum(member.file_size for member in members)
    if expanded > RATIO_FLOOR and expanded > TOTAL_RATIO * len(data):
        raise ValidationError(
            f"{name}: the archive expands {expanded // max(len(data), 1)}x "
            f"({expanded / 1024 / 1024:.0f} MB from {len(data) / 1024 / 1024:.1f} MB); "
            "refused as a possible zip bomb"
        )
