"""Blind coding: while it is on, each coder sees only their own codings until reconciliation opens."""

from __future__ import annotations

from sqlmodel import Session

from qualcode.coding.codings import live_codings
from qualcode.store import audit
from qualcode.store.models import Coder, Coding, Project


def sees_everyone(project: Project, viewer: Coder) -> bool:
    """Whether `viewer` may see other coders' codings now (the project owner always may)."""
    return not project.blind_coding or project.reconciliation_open or viewer.role == "owner"


def visible_coder_ids(project: Project, viewer: Coder | None) -> list[int] | None:
    """Whose codings `viewer` may see: None for everyone, else a list of coder ids (empty when
    nobody has said who they are while blind coding is on)."""
    if viewer is None:
        return [] if project.blind_coding and not project.reconciliation_open else None
    return None if sees_everyone(project, viewer) else [viewer.id]


def visible_codings(
    session: Session, project: Project, viewer: Coder, document_ids: list[int] | None = None
) -> list[Coding]:
    """The live codings `viewer` may see on the given documents."""
    return live_codings(session, document_ids, visible_coder_ids(project, viewer))


def set_blind_coding(
    session: Session, project: Project, blind: bool, reconciliation_open: bool, actor: str = ""
) -> Project:
    """Switch blind coding and reconciliation on or off (audited)."""
    project.blind_coding, project.reconciliation_open = blind, reconciliation_open
    session.add(project)
    audit.record(
        session, "project.blind_coding", project_id=project.id, actor=actor, entity="project",
        entity_id=project.id, blind_coding=blind, reconciliation_open=reconciliation_open,
    )  # fmt: skip
    return project
