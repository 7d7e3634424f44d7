"""Participants stored in batches: an answer sheet or a demographics file at the upload limit can
name 100,000 participants or more, and one query, one flush and one ORM object each made the
import quadratic in time and gigabytes in memory. Here every step is a bulk statement over at
most BATCH labels, and only ids and labels stay in Python."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from qualcode.store import audit
from qualcode.store.models import Participant, Project, utcnow

BATCH = 500  # labels per IN (...) list, under SQLite's limit of bound parameters
TABLE = Participant.__table__


def _found(session: Session, project: Project, labels: list[str]) -> dict[str, int]:
    query = select(TABLE.c.label, TABLE.c.id).where(
        TABLE.c.project_id == project.id, TABLE.c.label.in_(labels)
    )
    return {label: id_ for label, id_ in session.execute(query)}


def _create(session: Session, project: Project, labels: list[str]) -> dict[str, int]:
    """Insert these labels unless a concurrent writer did; the rows this call inserted."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    now = utcnow()
    statement = (
        insert(TABLE)
        .values([{"project_id": project.id, "label": label, "attributes": {}, "created_at": now}
                 for label in labels])
        .on_conflict_do_nothing()
        .returning(TABLE.c.label, TABLE.c.id)
    )  # fmt: skip
    return {label: id_ for label, id_ in session.execute(statement)}


def participant_ids(
    session: Session, project: Project, labels: Iterable[str], actor: str = ""
) -> dict[str, int]:
    """label -> id for these participant ids (stripped), creating the missing ones, each creation
    audited as `get_or_create_participant` does; safe against concurrent importers."""
    session.flush()
    unique = list(dict.fromkeys(label.strip() for label in labels))
    ids: dict[str, int] = {}
    for start in range(0, len(unique), BATCH):
        chunk = unique[start : start + BATCH]
        found = _found(session, project, chunk)
        missing = [label for label in chunk if label not in found]
        created = _create(session, project, missing) if missing else {}
        if len(found) + len(created) < len(chunk):  # a concurrent writer's rows
            found.update(_found(session, project, [m for m in missing if m not in created]))
        audit.record_many(
            session, "participant.create", project_id=project.id, actor=actor,
            entity="participant", items=[(id_, {"label": label}) for label, id_ in created.items()],
        )  # fmt: skip
        ids.update(found)
        ids.update(created)
    return ids


def merge_attributes(session: Session, updates: dict[int, dict[str, Any]]) -> None:
    """Add these attributes to the stored ones of each participant id (a new value replaces an
    old one under the same name), as two bulk statements per BATCH ids."""
    items = list(updates.items())
    for start in range(0, len(items), BATCH):
        chunk = dict(items[start : start + BATCH])
        stored = session.execute(
            select(TABLE.c.id, TABLE.c.attributes).where(TABLE.c.id.in_(list(chunk)))
        )
        rows = [{"pid": id_, "attributes": {**(old or {}), **chunk[id_]}} for id_, old in stored]
        statement = update(TABLE).where(TABLE.c.id == bindparam("pid"))
        session.execute(statement, rows)
    for row in list(session.identity_map.values()):  # ORM copies loaded earlier are stale now
        if isinstance(row, Participant):
            session.expire(row)


class StoredParticipants(Sequence):
    """The participants an import stored, read from the database when asked for (in import order):
    the import keeps only their ids."""

    def __init__(self, session: Session, ids: list[int]) -> None:
        self.session, self.ids = session, ids

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self.session.get(Participant, id_) for id_ in self.ids[index]]
        return self.session.get(Participant, self.ids[index])

    def __iter__(self) -> Iterator[Participant]:
        for start in range(0, len(self.ids), BATCH):
            chunk = self.ids[start : start + BATCH]
            query = select(Participant).where(Participant.id.in_(chunk))
            rows = {p.id: p for p in self.session.execute(query).scalars()}
            yield from (rows[id_] for id_ in chunk)
