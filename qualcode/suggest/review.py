"""A person's decision on a suggestion: accepting makes it their own coding, rejecting hides it.

Both are audited (the accepted coding records the suggestion it came from); the assistant's own
coding stays as it was, so agreement still measures what the machine said. Counts of accepted
and rejected suggestions are kept per code.
"""

from __future__ import annotations

from sqlmodel import Session, func, select

from qualcode.errors import NotFoundError, ValidationError
from qualcode.project import get_or_create_coder, is_person
from qualcode.store import audit
from qualcode.store.live import live
from qualcode.store.models import Code, Codebook, Coder, Coding, Project, utcnow
from qualcode.store.suggestion_models import Suggestion


def open_suggestions(session: Session, document_id: int, coder: str | None = None) -> list[dict]:
    """Undecided suggestions of a document (live assistant codings, each naming its assistant),
    minus the ones `coder` already has as a coding of the same code overlapping the same text,
    and minus what a person rejected before (a new run suggests the same code on the same text
    again; nobody should have to reject it twice)."""
    rows = session.exec(
        select(Suggestion, Coding, Code, Coder.name)
        .join(Coding, Suggestion.coding_id == Coding.id)
        .join(Code, Suggestion.code_id == Code.id)
        .join(Coder, Coding.coder_id == Coder.id)
        .where(Suggestion.document_id == document_id, Suggestion.status == "open",
               live(Coding))
        .order_by(Coding.start, Code.position)
    ).all()  # fmt: skip
    own = []
    if coder:
        own = session.exec(
            select(Coding.code_id, Coding.start, Coding.end)
            .join(Coder, Coding.coder_id == Coder.id)
            .where(Coding.document_id == document_id, Coder.name == coder, live(Coding))
        ).all()  # fmt: skip
    rejected = set(session.exec(
        select(Suggestion.code_id, Coding.start, Coding.end)
        .join(Coding, Suggestion.coding_id == Coding.id)
        .where(Suggestion.document_id == document_id, Suggestion.status == "rejected")
    ).all())  # fmt: skip
    result = []
    for suggestion, coding, code, assistant in rows:
        taken = any(c == code.id and s is not None and s < coding.end and coding.start < e
                    for c, s, e in own)  # fmt: skip
        if not taken and (code.id, coding.start, coding.end) not in rejected:
            result.append({"id": suggestion.id, "code": code.key, "code_name": code.name,
                           "color": code.color, "start": coding.start, "end": coding.end,
                           "probability": suggestion.probability, "assistant": assistant})  # fmt: skip
    return result


def _open(session: Session, project: Project, suggestion_id: int) -> tuple[Suggestion, Coding]:
    found = session.exec(
        select(Suggestion, Coding).join(Coding, Suggestion.coding_id == Coding.id)
        .join(Coder, Coding.coder_id == Coder.id)
        .where(Suggestion.id == suggestion_id, Coder.project_id == project.id)
    ).first()  # fmt: skip
    if found is None:
        raise NotFoundError(f"no suggestion {suggestion_id}")
    suggestion, coding = found
    if suggestion.status != "open":
        raise ValidationError(f"suggestion {suggestion_id} was already {suggestion.status}")
    return suggestion, coding


def accept(session: Session, project: Project, suggestion_id: int, coder: str) -> Coding:
    """The suggestion becomes `coder`'s own coding (audited as accepted from it)."""
    suggestion, machine = _open(session, project, suggestion_id)
    person = get_or_create_coder(session, project, coder, coder)
    if not is_person(person):
        raise ValidationError(f"{coder} is an assistant: a person accepts suggestions")
    coding = Coding(document_id=machine.document_id, coder_id=person.id, code_id=machine.code_id,
                    start=machine.start, end=machine.end, codebook_version=machine.codebook_version)  # fmt: skip
    session.add(coding)
    session.flush()
    suggestion.status, suggestion.decided_by, suggestion.decided_at = "accepted", coder, utcnow()
    suggestion.accepted_coding_id = coding.id
    session.add(suggestion)
    audit.record(session, "coding.create", project_id=project.id, actor=coder, entity="coding",
                 entity_id=coding.id, document_id=coding.document_id, code_id=coding.code_id,
                 start=coding.start, end=coding.end, from_suggestion=suggestion.id,
                 probability=suggestion.probability)  # fmt: skip
    return coding


def reject(session: Session, project: Project, suggestion_id: int, coder: str) -> Suggestion:
    """The suggestion is rejected by `coder` (audited) and no longer offered."""
    if not coder.strip():
        raise ValidationError("choose who you are before rejecting a suggestion")
    suggestion, _ = _open(session, project, suggestion_id)
    suggestion.status, suggestion.decided_by, suggestion.decided_at = "rejected", coder, utcnow()
    session.add(suggestion)
    audit.record(session, "suggestion.reject", project_id=project.id, actor=coder,
                 entity="suggestion", entity_id=suggestion.id, code_id=suggestion.code_id,
                 probability=suggestion.probability)  # fmt: skip
    return suggestion


def decision_counts(session: Session, project: Project) -> dict[str, dict[str, int]]:
    """Per code key: how many suggestions are open, accepted and rejected."""
    rows = session.exec(
        select(Code.key, Suggestion.status, func.count())
        .join(Code, Suggestion.code_id == Code.id)
        .join(Codebook, Code.codebook_id == Codebook.id)
        .where(Codebook.project_id == project.id)
        .group_by(Code.key, Suggestion.status)
    ).all()  # fmt: skip
    counts: dict[str, dict[str, int]] = {}
    for key, status, n in rows:
        counts.setdefault(key, {"open": 0, "accepted": 0, "rejected": 0})[status] = int(n)
    return counts
