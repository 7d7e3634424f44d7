"""The project a database holds: creating it and finding it."""

from __future__ import annotations

from sqlmodel import Session, select

from qualcode.errors import NoProjectError, ValidationError
from qualcode.store import audit
from qualcode.store.actors import actor_or
from qualcode.store.models import Coder, Project
from qualcode.store.unique import insert_unless_exists

CONSENSUS_CODER = "consensus"
ASSISTANT_ROLE = "assistant"  # machine suggestions: measured like a coder, counted as no one


def is_person(coder: Coder) -> bool:
    """A human coder: not the reconciled consensus and not a suggestion assistant."""
    return coder.role not in ("consensus", ASSISTANT_ROLE) and coder.name != CONSENSUS_CODER


def current_project(session: Session) -> Project:
    """The database's project (the first one); NoProjectError when there is none."""
    project = session.exec(select(Project).order_by(Project.id)).first()
    if project is None:
        raise NoProjectError(str(session.get_bind().url.render_as_string(hide_password=True)))
    return project


def find_project(session: Session) -> Project | None:
    """The database's project, or None."""
    return session.exec(select(Project).order_by(Project.id)).first()


def create_project(session: Session, name: str, actor: str = "") -> Project:
    """Create the project; a database holds one project."""
    name = name.strip()
    if not name:
        raise ValidationError("project name must not be empty")
    existing = find_project(session)
    if existing is not None:
        raise ValidationError(f"this database already holds the project '{existing.name}'")
    project = Project(name=name)
    session.add(project)
    session.flush()
    audit.record(
        session,
        "project.create",
        project_id=project.id,
        actor=actor,
        entity="project",
        entity_id=project.id,
        name=name,
    )
    return project


def get_or_create_coder(session: Session, project: Project, name: str, actor: str = "") -> Coder:
    """The coder called `name` (case-sensitive), created on first use."""
    name = name.strip()
    if not name:
        raise ValidationError("coder name must not be empty")
    query = select(Coder).where(Coder.project_id == project.id, Coder.name == name)
    coder = session.exec(query).first()
    if coder is None:
        role = "consensus" if name == CONSENSUS_CODER else "coder"
        created = insert_unless_exists(session, Coder(project_id=project.id, name=name, role=role))
        coder = session.exec(query).one()  # ours, or the one a concurrent writer stored first
        if not created:
            return coder
        audit.record(
            session,
            "coder.create",
            project_id=project.id,
            actor=actor_or(session, actor, name),
            entity="coder",
            entity_id=coder.id,
            name=name,
        )
    return coder


def list_coders(session: Session, project: Project) -> list[Coder]:
    """All coders of the project, by name."""
    return list(
        session.exec(select(Coder).where(Coder.project_id == project.id).order_by(Coder.name))
    )
