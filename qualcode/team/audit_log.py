"""The audit log as a table for owners: who changed what, when (newest first)."""

from __future__ import annotations

import json

import pandas as pd
from sqlmodel import Session, select

from qualcode.store.actors import Actor, require_owner
from qualcode.store.models import AuditEvent, Project

COLUMNS = ["at", "actor", "action", "entity", "entity_id", "detail"]


def audit_log(session: Session, project: Project, reader: Actor | None,
              actor: str = "", action: str = "", limit: int | None = None) -> pd.DataFrame:  # fmt: skip
    """The project's audit events, newest first, optionally of one actor or action prefix;
    only an owner (or the local user, `reader` None) may read it."""
    require_owner(reader, "read the audit log")
    query = select(AuditEvent).where(AuditEvent.project_id == project.id)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if action:
        query = query.where(AuditEvent.action.startswith(action))
    query = query.order_by(AuditEvent.id.desc())
    if limit is not None:
        query = query.limit(limit)
    rows = [
        {"at": e.at.isoformat(timespec="seconds"), "actor": e.actor, "action": e.action,
         "entity": e.entity, "entity_id": e.entity_id,
         "detail": json.dumps(e.detail, ensure_ascii=False, sort_keys=True, default=str)}
        for e in session.exec(query)
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS).astype({"entity_id": "Int64"})


def audit_actors(session: Session, project: Project) -> list[str]:
    """Everyone who appears in the log, by name."""
    query = select(AuditEvent.actor).where(AuditEvent.project_id == project.id).distinct()
    return sorted(name for name in session.exec(query) if name is not None)
