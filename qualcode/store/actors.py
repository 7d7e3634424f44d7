"""Who is acting, and what their role lets them change: the one gate every audited write passes.

Every write path records an audit event in its transaction (`audit.record`), so the check lives
there: a refused write rolls the whole transaction back. A plain name (the CLI, the Python API,
the single-user app) acts as a local owner: whoever holds the database file may change it. A
logged-in web user is an `Actor` bound to the session by the app, so no page can forget it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from qualcode.errors import QualcodeError
from qualcode.store.models import Coder, Coding, Memo
from qualcode.store.suggestion_models import SuggestionDecision

OWNER, CODER, VIEWER = "owner", "coder", "viewer"
LOGIN_ROLES = (OWNER, CODER, VIEWER)
ACTOR_KEY = "qualcode_actor"  # Session.info key of the bound acting user


class PermissionDenied(QualcodeError):
    """The acting user's role does not allow this change; nothing was stored."""


@dataclass(frozen=True)
class Actor:
    """A user acting in the app: their coder name, role and coder id."""

    name: str
    role: str = OWNER
    coder_id: int | None = None
    local: bool = False  # a local owner (CLI): an explicit name given to a write still wins

    @property
    def is_owner(self) -> bool:
        return self.role == OWNER


def bind_actor(session: Session, actor: Actor) -> None:
    """Make `actor` the acting user of every write in this session (the web app does this)."""
    session.info[ACTOR_KEY] = actor


def bound_actor(session: Session) -> Actor | None:
    """The acting user bound to this session, if any."""
    return session.info.get(ACTOR_KEY)


def acting(session: Session, actor: Actor | str) -> Actor:
    """The acting user of a write: a bound web user always; else the given one, where a plain
    name is a local owner; else the bound local owner (the CLI's `--actor`)."""
    bound = bound_actor(session)
    if bound is not None and not bound.local:
        return bound
    if isinstance(actor, Actor):
        return actor
    if actor or bound is None:
        return Actor(name=actor, role=OWNER, local=True)
    return bound


def actor_or(session: Session, actor: Actor | str, fallback: str) -> Actor | str:
    """The given actor; when none is given, the session's bound one, else `fallback` (a coder
    coding through the Python API acts under their own name)."""
    return actor or bound_actor(session) or fallback


def _coder_id(session: Session, actor: Actor, project_id: int | None) -> int | None:
    if actor.coder_id is not None:
        return actor.coder_id
    query = select(Coder.id).where(Coder.name == actor.name)
    if project_id is not None:
        query = query.where(Coder.project_id == project_id)
    return session.exec(query).first()


def _refusal(session: Session, actor: Actor, action: str, entity: str, entity_id: int | None,
             project_id: int | None) -> str | None:  # fmt: skip
    """Why `actor` may not do `action` (None when allowed)."""
    if actor.role == OWNER:
        return None
    if actor.role == VIEWER:
        return (
            f"{actor.name} is a viewer: viewers read reports and cannot change anything ({action})"
        )
    if actor.role == CODER:
        if action.startswith("coding.") and entity == "coding" and entity_id is not None:
            coding = session.get(Coding, entity_id)
            if coding is not None and coding.coder_id == _coder_id(session, actor, project_id):
                return None
            return f"{actor.name} codes as themself only; this coding belongs to another coder"
        if action.startswith("memo.") and entity == "memo" and entity_id is not None:
            memo = session.get(Memo, entity_id)
            if memo is not None and memo.author == actor.name:
                return None
            return f"{actor.name} writes memos as themself only; this memo is another author's"
        if action == "suggestion.reject" and entity == "suggestiondecision" and entity_id:
            decision = session.get(SuggestionDecision, entity_id)
            if decision is not None and decision.coder_id == _coder_id(session, actor, project_id):
                return None
            return f"{actor.name} decides suggestions as themself only"
    return f"only the project owner may do this ({action}); {actor.name} is a {actor.role}"


def authorize(session: Session, actor: Actor, action: str, entity: str = "",
              entity_id: int | None = None, project_id: int | None = None) -> None:  # fmt: skip
    """Refuse (and roll back the transaction) when `actor`'s role forbids `action`."""
    reason = _refusal(session, actor, action, entity, entity_id, project_id)
    if reason is not None:
        session.rollback()
        raise PermissionDenied(reason)


def require_owner(actor: Actor | None, what: str) -> None:
    """Reads only owners may make (the audit log, the de-identification mapping)."""
    if actor is not None and not actor.is_owner:
        raise PermissionDenied(f"only the project owner may {what}; {actor.name} is a {actor.role}")
