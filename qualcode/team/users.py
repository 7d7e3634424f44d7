"""Accounts: a user is a coder of the project with a role and a password (one identity)."""

from __future__ import annotations

from sqlmodel import Session, select

from qualcode.errors import NotFoundError, ValidationError
from qualcode.project import CONSENSUS_CODER
from qualcode.store import audit
from qualcode.store.actors import LOGIN_ROLES, OWNER, Actor
from qualcode.store.models import Coder, Project, utcnow
from qualcode.store.team_models import LoginSession
from qualcode.team.passwords import hash_password


def _check_role(role: str) -> str:
    if role not in LOGIN_ROLES:
        raise ValidationError(f"unknown role '{role}'; expected one of {', '.join(LOGIN_ROLES)}")
    return role


def find_coder(session: Session, project: Project, name: str) -> Coder | None:
    """The coder called `name` (case-sensitive), or None."""
    query = select(Coder).where(Coder.project_id == project.id, Coder.name == name.strip())
    return session.exec(query).first()


def get_user(session: Session, project: Project, name: str) -> Coder:
    """The user (a coder with a login) called `name`; NotFoundError otherwise."""
    coder = find_coder(session, project, name)
    if coder is None or coder.password_hash is None:
        raise NotFoundError(f"no user '{name}' (see `qualcode users list`)")
    return coder


def list_users(session: Session, project: Project) -> list[Coder]:
    """The coders who can log in, by name."""
    query = select(Coder).where(Coder.project_id == project.id, Coder.password_hash.is_not(None))
    return list(session.exec(query.order_by(Coder.name)))


def _owners_with_login(session: Session, project: Project) -> list[Coder]:
    return [user for user in list_users(session, project) if user.role == OWNER]


def _keep_an_owner(session: Session, project: Project, user: Coder) -> None:
    """Refuse to leave the team without an owner who can log in."""
    if user.role == OWNER and [o.id for o in _owners_with_login(session, project)] == [user.id]:
        raise ValidationError(f"'{user.name}' is the only owner; make another user an owner first")


def add_user(session: Session, project: Project, name: str, role: str, password: str,
             actor: Actor | str) -> Coder:  # fmt: skip
    """Give `name` a login with `role`; an existing coder of that name keeps their codings."""
    name = name.strip()
    if not name:
        raise ValidationError("the user name must not be empty")
    if name == CONSENSUS_CODER:
        raise ValidationError(f"'{CONSENSUS_CODER}' is the reconciled coding set, not a person")
    _check_role(role)
    coder = find_coder(session, project, name)
    if coder is not None and coder.password_hash is not None:
        raise ValidationError(
            f"user '{name}' exists; change it with `users set-role` or `users reset-password`"
        )
    if coder is not None and coder.role not in LOGIN_ROLES:
        raise ValidationError(f"'{name}' is a {coder.role} coder and cannot log in")
    digest = hash_password(password)
    if coder is None:
        coder = Coder(project_id=project.id, name=name)
    coder.role, coder.password_hash = role, digest
    session.add(coder)
    session.flush()
    audit.record(session, "user.add", project_id=project.id, actor=actor, entity="coder",
                 entity_id=coder.id, name=name, role=role)  # fmt: skip
    return coder


def set_role(session: Session, project: Project, name: str, role: str,
             actor: Actor | str) -> Coder:  # fmt: skip
    """Change a user's role (the last owner keeps theirs)."""
    user = get_user(session, project, name)
    _check_role(role)
    if role != OWNER:
        _keep_an_owner(session, project, user)
    previous, user.role = user.role, role
    session.add(user)
    audit.record(session, "user.role", project_id=project.id, actor=actor, entity="coder",
                 entity_id=user.id, name=user.name, previous=previous, role=role)  # fmt: skip
    return user


def end_sessions(session: Session, coder: Coder) -> int:
    """Log `coder` out everywhere; returns how many sessions ended."""
    open_sessions = session.exec(
        select(LoginSession).where(
            LoginSession.coder_id == coder.id, LoginSession.ended_at.is_(None)
        )
    ).all()
    for login in open_sessions:
        login.ended_at = utcnow()
        session.add(login)
    return len(open_sessions)


def reset_password(session: Session, project: Project, name: str, password: str,
                   actor: Actor | str) -> Coder:  # fmt: skip
    """Set a new password; the user's open sessions end."""
    user = get_user(session, project, name)
    user.password_hash = hash_password(password)
    session.add(user)
    ended = end_sessions(session, user)
    audit.record(session, "user.password", project_id=project.id, actor=actor, entity="coder",
                 entity_id=user.id, name=user.name, sessions_ended=ended)  # fmt: skip
    return user


def remove_user(session: Session, project: Project, name: str, actor: Actor | str) -> Coder:
    """Take the login away (soft): the coder and their codings stay, their sessions end."""
    user = get_user(session, project, name)
    _keep_an_owner(session, project, user)
    user.password_hash = None
    session.add(user)
    ended = end_sessions(session, user)
    audit.record(session, "user.remove", project_id=project.id, actor=actor, entity="coder",
                 entity_id=user.id, name=user.name, sessions_ended=ended)  # fmt: skip
    return user
