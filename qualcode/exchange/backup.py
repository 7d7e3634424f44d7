"""Backup and restore of everything a database holds (every table, including the audit trail and
codebook versions) as a zip of JSON rows, portable between SQLite and PostgreSQL.

Restore goes into a database without a project (a fresh file or an empty PostgreSQL database) at the
same schema revision, all rows in one transaction.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, TypeDecorator, func, insert, select, text, update
from sqlalchemy.engine import Connection

from qualcode import __version__
from qualcode.errors import ValidationError
from qualcode.ingest.readers.safety import check_archive
from qualcode.store.metadata import metadata
from qualcode.store.sealing import seal, unseal
from qualcode.validation import load_json

MANIFEST = "manifest.json"
INSERT_BATCH = 5_000  # rows per INSERT when restoring
KIND = "qualcode-backup"


def _revision(connection: Connection) -> str | None:
    try:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # no alembic table: a database qualcode did not migrate
        return None


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _restore_table(connection: Connection, table, rows: list[dict]) -> int:  # noqa: ANN001
    """Insert one table's rows in batches; columns pointing into the same table (a code's parent)
    are filled in after all its rows exist."""
    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    key = list(table.primary_key.columns)[0]
    for start in range(0, len(rows), INSERT_BATCH):
        batch = [
            _typed(table, row)
            for row in _sealed(connection, table.name, rows[start : start + INSERT_BATCH])
        ]
        connection.execute(insert(table), [{**r, **dict.fromkeys(own)} for r in batch])
    for row in rows if own else ():
        links = {name: row.get(name) for name in own if row.get(name) is not None}
        if links:
            connection.execute(update(table).where(key == row[key.name]).values(**links))
    return len(rows)


def _without_mapping(
    connection: Connection, table: str, rows: list[dict], include: bool
) -> list[dict]:
    """The de-identification mapping (pseudonyms, applied originals, the names to look for) is
    left out unless asked for; when included, it is written readable (unsealed)."""
    if table == "pseudonym":
        return (
            [{**r, "original": unseal(connection, r["original"])} for r in rows] if include else []
        )
    if table == "deid_proposal":
        return [
            {**r, "original": unseal(connection, r["original"]) if include else ""}
            if r["status"] == "applied" else r
            for r in rows
        ]  # fmt: skip
    if table == "project" and not include:
        return [{**r, "settings": {k: v for k, v in (r["settings"] or {}).items() if k != "deid_terms"}}
                for r in rows]  # fmt: skip
    return rows


def _sealed(connection: Connection, table: str, rows: list[dict]) -> list[dict]:
    """Restored originals are sealed with this database's key."""
    if table == "pseudonym":
        return [{**r, "original": seal(connection, r["original"])} for r in rows]
    if table == "deid_proposal":
        return [
            {**r, "original": seal(connection, r["original"])} if r["status"] == "applied" else r
            for r in rows
        ]
    return rows


def backup_bytes(connection: Connection, include_mapping: bool = False) -> bytes:
    """Every table's rows as tables/<name>.json plus a manifest (schema revision, counts, version).

    The de-identification mapping is included only with `include_mapping`."""
    buffer = io.BytesIO()
    counts = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in metadata.sorted_tables:
            primary = list(table.primary_key.columns)
            rows = connection.execute(select(table).order_by(*primary)).mappings()
            data = [{k: _plain(v) for k, v in row.items()} for row in rows]
            data = _without_mapping(connection, table.name, data, include_mapping)
            counts[table.name] = len(data)
            archive.writestr(f"tables/{table.name}.json", json.dumps(data, ensure_ascii=False))
        manifest = {
            "kind": KIND,
            "qualcode": __version__,
            "revision": _revision(connection),
            "tables": counts,
            "deid_mapping": "included" if include_mapping else "left out",
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
    return buffer.getvalue()


def _typed(table, row: dict[str, Any]) -> dict[str, Any]:
    result = {}
    for name, value in row.items():
        column = table.columns.get(name)
        if column is None:
            continue
        kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
        if value is not None and isinstance(kind, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date):
            value = date.fromisoformat(value)
        result[name] = value
    return result


def read_backup(data: bytes, source: str) -> tuple[dict, dict[str, list[dict]]]:
    """The manifest and rows per table of a backup archive; a clear error when it is not one."""
    with _open_backup(data, source) as (manifest, load):
        return manifest, {name: load(name) for name in load.names}


class _TableLoader:
    """Reads one table's rows from an open backup archive, when asked for."""

    def __init__(self, archive: zipfile.ZipFile, source: str) -> None:
        self.archive, self.source = archive, source
        self.names = [
            name[len("tables/") : -len(".json")]
            for name in archive.namelist()
            if name.startswith("tables/") and name.endswith(".json")
        ]

    def __call__(self, name: str) -> list[dict]:
        member = f"tables/{name}.json"
        try:
            rows = load_json(self.archive.read(member), f"{self.source}:{member}")
        except (zipfile.BadZipFile, OSError) as exc:
            raise ValidationError(f"{self.source}: the backup is damaged ({exc})") from exc
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ValidationError(
                f"{self.source}: tables/{name}.json must be a list of rows (objects)"
            )
        return rows


@contextmanager
def _open_backup(data: bytes, source: str) -> Iterator[tuple[dict, _TableLoader]]:
    """The manifest of a backup archive and a loader of its tables (read one at a time: a backup
    of a large study holds more rows than fit in memory all at once)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValidationError(f"{source}: not a qualcode backup (not a zip file)") from exc
    check_archive(source, data, None, "qualcode backups")  # bombs refused before reading members
    with archive:
        if MANIFEST not in archive.namelist():
            raise ValidationError(f"{source}: not a qualcode backup (no {MANIFEST})")
        try:
            manifest = load_json(archive.read(MANIFEST), f"{source}:{MANIFEST}")
        except (zipfile.BadZipFile, OSError) as exc:
            raise ValidationError(f"{source}: the backup is damaged ({exc})") from exc
        if not isinstance(manifest, dict) or manifest.get("kind") != KIND:
            kind = manifest.get("kind") if isinstance(manifest, dict) else type(manifest).__name__
            raise ValidationError(f"{source}: not a qualcode backup (manifest kind {kind!r})")
        yield manifest, _TableLoader(archive, source)


def restore_bytes(connection: Connection, data: bytes, source: str) -> dict[str, int]:
    """Insert every row of a backup into an empty database of the same schema revision; table by
    table and INSERT_BATCH rows at a time (the caller's transaction keeps it all or nothing)."""
    with _open_backup(data, source) as (manifest, load):
        here = _revision(connection)
        if manifest.get("revision") != here:
            raise ValidationError(
                f"{source}: made at schema revision {manifest.get('revision')}, this database is at {here}; "
                "restore with the qualcode version that made the backup"
            )
        occupied = [
            t.name
            for t in metadata.sorted_tables
            if connection.execute(select(func.count()).select_from(t)).scalar()
        ]
        if occupied:
            raise ValidationError(
                f"restore needs an empty database; this one holds rows in {', '.join(occupied)} (use a new --db)"
            )
        unknown = sorted(set(load.names) - {t.name for t in metadata.sorted_tables})
        if unknown:
            raise ValidationError(
                f"{source}: tables this qualcode does not know: {', '.join(unknown)}"
            )
        counts = {}
        for table in metadata.sorted_tables:
            rows = load(table.name) if table.name in load.names else []
            counts[table.name] = _restore_table(connection, table, rows)
            del rows
    if connection.dialect.name == "postgresql":
        for table in metadata.sorted_tables:
            for column in table.primary_key.columns:
                if column.autoincrement and counts[table.name]:
                    connection.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{column.name}'), "
                            f'(SELECT MAX("{column.name}") FROM "{table.name}"))'
                        )
                    )
    return counts
