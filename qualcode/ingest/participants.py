"""Participants and their attributes (demographics)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from qualcode.errors import ValidationError
from qualcode.ingest.participant_store import (
    BATCH,
    StoredParticipants,
    merge_attributes,
    participant_ids,
)
from qualcode.ingest.readers.text_lines import text_lines
from qualcode.ingest.readers.text_reader import decode
from qualcode.ingest.readers.xlsx_sheet import XLSX_SUFFIXES, xlsx_sheet
from qualcode.store import audit
from qualcode.store.models import Participant, Project
from qualcode.store.unique import insert_unless_exists


def get_participant(session: Session, project: Project, label: str) -> Participant | None:
    query = select(Participant).where(
        Participant.project_id == project.id, Participant.label == label
    )
    return session.exec(query).first()


def get_or_create_participant(
    session: Session, project: Project, label: str, actor: str = ""
) -> Participant:
    """The participant with this id (e.g. "P3"), created on first use."""
    label = label.strip()
    if not label:
        raise ValidationError("participant id must not be empty")
    participant = get_participant(session, project, label)
    if participant is None:
        created = insert_unless_exists(session, Participant(project_id=project.id, label=label))
        participant = get_participant(session, project, label)  # ours or a concurrent writer's
        if not created:
            return participant
        audit.record(
            session,
            "participant.create",
            project_id=project.id,
            actor=actor,
            entity="participant",
            entity_id=participant.id,
            label=label,
        )
    return participant


def list_participants(session: Session, project: Project) -> list[Participant]:
    """Participants in natural id order (P2 before P10)."""
    rows = session.exec(select(Participant).where(Participant.project_id == project.id))
    return sorted(rows, key=lambda p: natural_key(p.label))


def natural_key(label: str) -> tuple:
    """Sort key that orders embedded numbers numerically."""
    import re

    return tuple(
        int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", label)
    )


def typed_value(raw: str) -> Any:
    """A cell as a number when it is one, a list when it holds comma-separated values, else text."""
    value = raw.strip()
    if value == "":
        return None
    try:
        number = float(value)
        return int(number) if number.is_integer() and "." not in value else number
    except ValueError:
        pass
    if "," in value:
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


ATTRIBUTE_TYPES = ("auto", "number", "category", "list")


def formatted_id(value: str, template: str, option: str = "id_format") -> str:
    """A participant id put into a template such as 'P{}'; a purely numeric id loses its leading
    zeros, so '01' gives 'P1'. `option` names the setting in the error message."""
    value = value.strip()
    if value.isdigit():
        value = str(int(value))
    try:
        formatted = template.format(value)
    except (IndexError, KeyError, ValueError) as exc:
        raise ValidationError(f"`{option}` {template!r} must hold one '{{}}' ({exc})") from exc
    if formatted == template:
        raise ValidationError(f"`{option}` {template!r} must hold one '{{}}' for the id")
    return formatted


def column_types(rows: Iterable[dict[str, str]], kinds: dict[str, str]) -> dict[str, str]:
    """The attribute type of each column: as chosen, except that an "auto" column holding a list
    (comma-separated values) in any row is a "list" column, so every row stores a list there.
    One pass over the rows (they may be read from the file as they come)."""
    resolved = dict(kinds)
    undecided = [column for column, kind in kinds.items() if kind == "auto"]
    for row in rows:
        if not undecided:
            break
        for column in [c for c in undecided if isinstance(typed_value(row.get(c, "")), list)]:
            resolved[column] = "list"
            undecided.remove(column)
    return resolved


def typed_as(raw: str, kind: str, where: str = "") -> Any:
    """A cell as the chosen attribute type: number, category (text), list (split on , or ;), or auto."""
    value = raw.strip()
    if value == "" or kind == "auto":
        return typed_value(value)
    if kind == "number":
        try:
            number = float(value.replace(",", ""))
        except ValueError:
            raise ValidationError(f"{where}: {value!r} is not a number") from None
        return int(number) if number.is_integer() else number
    if kind == "list":
        return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    return value


Rows = Callable[[], Iterator[dict[str, str]]]  # a sheet's rows, read again on each call


def read_table(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV or XLSX demographics sheet as header -> cell text; empty columns dropped."""
    return read_table_bytes(path.name, path.read_bytes())


def read_table_bytes(name: str, data: bytes) -> list[dict[str, str]]:
    """Rows of an uploaded CSV or XLSX sheet as header -> cell text; empty columns dropped."""
    return list(table_rows(name, data)())


def table_rows(name: str, data: bytes) -> Rows:
    """The rows of a CSV or XLSX sheet, as a function that reads them (again) one at a time: a
    sheet at the upload limit holds far more rows than fit in memory as dicts."""
    if name.lower().endswith(XLSX_SUFFIXES):
        sheet = xlsx_sheet(name, data)

        def cells() -> Iterator[list[str]]:
            return iter(sheet)
    else:
        text = decode(name, data)

        def cells() -> Iterator[list[str]]:
            return csv.reader(text_lines(text))

    def rows() -> Iterator[dict[str, str]]:
        values = cells()
        header = [str(h).strip() for h in next(values, [])]
        for row in values:
            if row:  # csv gives [] for a blank line (DictReader skipped those)
                yield {
                    h: str(row[i] or "") if i < len(row) else "" for i, h in enumerate(header) if h
                }

    return rows


def import_demographics(
    session: Session,
    project: Project,
    path: str | Path,
    id_column: str,
    actor: str = "",
    id_format: str | None = None,
) -> StoredParticipants:
    """Create or update participants from a sheet; other columns become typed attributes;
    `id_format` (e.g. 'P{}') maps the sheet's ids ("1") to the transcripts' ids ("P1")."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError(f"{path}: no such file")
    return import_participant_rows(
        session, project, table_rows(path.name, path.read_bytes()), id_column, path.name,
        actor=actor, id_format=id_format,
    )  # fmt: skip


def _labels(rows: Iterable[dict[str, str]], id_column: str, source: str, id_format: str | None):
    """Each row's participant id (formatted), checked: not empty, not twice in the sheet."""
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        label = row[id_column].strip()
        if not label:
            raise ValidationError(f"{source}, line {line}: empty '{id_column}'")
        if id_format is not None:
            label = formatted_id(label, id_format)
        if label in seen:
            raise ValidationError(f"{source}, line {line}: participant '{label}' appears twice")
        seen.add(label)
        yield line, label, row


def import_participant_rows(
    session: Session,
    project: Project,
    rows: list[dict[str, str]] | Rows,
    id_column: str,
    source: str,
    columns: dict[str, tuple[str, str]] | None = None,
    actor: str = "",
    id_format: str | None = None,
) -> StoredParticipants:
    """Create or update participants; `columns` maps a sheet column to (attribute name, type) and
    leaves out the others (default: every column, its type guessed); `id_format` maps the ids.
    Two passes over the rows (check and type the columns, then store in batches of BATCH)."""
    name = Path(source).name
    again: Rows = rows if callable(rows) else lambda: iter(rows)
    first = next(again(), None)
    if first is None:
        raise ValidationError(f"{name}: no rows")
    if id_column not in first:
        raise ValidationError(f"{name}: no column '{id_column}' (columns: {', '.join(first)})")
    if columns is None:
        columns = {column: (column, "auto") for column in first if column != id_column}
    checked = (row for _, _, row in _labels(again(), id_column, name, id_format))
    kinds = column_types(checked, {column: kind for column, (_, kind) in columns.items()})
    stored: list[int] = []
    batch: list[tuple[int, str, dict[str, str]]] = []
    for item in _labels(again(), id_column, name, id_format):
        batch.append(item)
        if len(batch) == BATCH:
            stored.extend(_store(session, project, batch, id_column, columns, kinds, name, actor))
            batch = []
    stored.extend(_store(session, project, batch, id_column, columns, kinds, name, actor))
    audit.record(
        session, "participants.import", project_id=project.id, actor=actor,
        entity="participant", source=name, count=len(stored),
    )  # fmt: skip
    return StoredParticipants(session, stored)


def _store(session, project, batch, id_column, columns, kinds, name, actor) -> list[int]:  # noqa: ANN001
    """One batch of (line, label, row): the participants created, their typed attributes merged."""
    ids = participant_ids(session, project, [label for _, label, _ in batch], actor)
    updates = {}
    for line, label, row in batch:
        attributes = {}
        for column, cell in row.items():
            if column == id_column or column not in columns:
                continue
            where = f"{name}, line {line}, column '{column}'"
            value = typed_as(cell, kinds[column], where)
            if value is not None:
                attributes[columns[column][0] or column] = value
        updates[ids[label]] = attributes
    merge_attributes(session, updates)
    return [ids[label] for _, label, _ in batch]


def attribute_values(value: Any) -> list[str]:
    """An attribute's values as text: a list attribute gives each item, a missing one nothing."""
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(item) for item in value]
    return [str(value)]
