"""Blind coding: while it is on, each coder sees only their own codings until reconciliation opens."""

from __future__ import annotations

from sqlmodel import Session, select

from qualcode.coding.codings import live_codings
from qualcode.errors import ValidationError
from qualcode.store import audit
from qualcode.store.actors import actor_or
from qualcode.store.models import Coder, Coding, Project

OWNER = "owner"


def sees_everyone(project: Project, viewer: Coder) -> bool:
    """Whether `viewer` may see other coders' codings now (the project owner always may)."""
    return not project.blind_coding or project.reconciliation_open or viewer.role == OWNER


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


def project_owners(session: Session, project: Project) -> list[Coder]:
    """The coders who may switch blind coding in the app (role "owner")."""
    return list(
        session.exec(select(Coder).where(Coder.project_id == project.id, Coder.role == OWNER)).all()
    )


def may_switch_blind_coding(session: Session, project: Project, viewer: Coder | None) -> bool:
    """The owner may; while the project has no owner, anyone may (a one-person project)."""
    owners = project_owners(session, project)
    return not owners or (viewer is not None and viewer.role == OWNER)


def set_owner(session: Session, project: Project, coder: Coder, actor: str = "") -> Coder:
    """Make `coder` the project owner (the previous owner becomes a coder again); audited."""
    if coder.role == "consensus":
        raise ValidationError("the consensus coder cannot own the project")
    for previous in project_owners(session, project):
        if previous.id != coder.id:
            previous.role = "coder"
            session.add(previous)
    coder.role = OWNER
    session.add(coder)
    audit.record(
        session, "project.owner", project_id=project.id, actor=actor_or(session, actor, coder.name),
        entity="coder", entity_id=coder.id, name=coder.name,
    )  # fmt: skip
    return coder
