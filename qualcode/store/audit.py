"""The audit trail: who changed what, when. Every write path calls `record` in its transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from qualcode.store.actors import Actor, acting, authorize
from qualcode.store.models import AuditEvent, utcnow


def record(
    session: Session,
    action: str,
    *,
    project_id: int | None,
    actor: Actor | str = "",
    entity: str = "",
    entity_id: int | None = None,
    **detail: Any,
) -> AuditEvent:
    """Add one audit event to the current transaction, after checking the actor's role."""
    user = acting(session, actor)
    authorize(session, user, action, entity, entity_id, project_id)
    event = AuditEvent(
        project_id=project_id,
        actor=user.name,
        action=action,
        entity=entity,
        entity_id=entity_id,
        detail=detail,
    )
    session.add(event)
    return event


def record_many(
    session: Session,
    action: str,
    *,
    project_id: int | None,
    actor: Actor | str = "",
    entity: str = "",
    items: Iterable[tuple[int | None, dict[str, Any]]],
) -> int:
    """`record` for many rows at once (entity id, detail): one role check, one bulk INSERT, no
    ORM objects kept in the session (an import of 100,000 rows stays small and linear)."""
    user = acting(session, actor)
    authorize(session, user, action, entity, None, project_id)
    now = utcnow()
    rows = [
        {"project_id": project_id, "at": now, "actor": user.name, "action": action,
         "entity": entity, "entity_id": entity_id, "detail": detail}
        for entity_id, detail in items
    ]  # fmt: skip
    if rows:
        session.execute(insert(AuditEvent.__table__), rows)
    return len(rows)


def events(session: Session, project_id: int, limit: int = 200) -> list[AuditEvent]:
    """The newest audit events of a project, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.project_id == project_id)
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    return list(session.exec(query))
