"""A person's decision on a suggestion: accepting makes it their own coding, rejecting hides it.

A suggestion is the assistant's coding, and each human coder decides on it for themself: one
coder's accept or reject changes nothing for the others. Both are audited (the accepted coding
records the suggestion it came from); the assistant's own coding stays as it was, so agreement
still measures what the machine said. Accepted and rejected counts are kept per code and coder.
While blind coding is on, a coder neither sees nor decides suggestions of a model trained on
other coders' codings (blind.py).
"""

from __future__ import annotations

from sqlmodel import Session, func, select

from qualcode.errors import NotFoundError, ValidationError
from qualcode.project import get_or_create_coder, is_person
from qualcode.store import audit
from qualcode.store.live import live
from qualcode.store.models import Code, Codebook, Coder, Coding, Project
from qualcode.store.suggestion_models import (
    ACCEPTED,
    REJECTED,
    Suggestion,
    SuggestionDecision,
    SuggestionModel,
)
from qualcode.suggest.blind import hidden_reason, may_see_model


def _decided_spans(session: Session, document_id: int, viewer: Coder) -> set[tuple]:
    """(code, start, end) of every suggestion in the document the viewer decided, in any run."""
    return set(session.exec(
        select(Suggestion.code_id, Coding.start, Coding.end)
        .join(Coding, Suggestion.coding_id == Coding.id)
        .join(SuggestionDecision, SuggestionDecision.suggestion_id == Suggestion.id)
        .where(Suggestion.document_id == document_id, SuggestionDecision.coder_id == viewer.id)
    ).all())  # fmt: skip


def open_suggestions(
    session: Session, project: Project, document_id: int, viewer: Coder | None = None
) -> list[dict]:
    """The suggestions of a document (live assistant codings, each naming its assistant) that
    `viewer` has still to decide: minus those of models hidden from them by blind coding, those
    they already have as a coding of the same code overlapping the same text, and those they
    decided before (a new run suggests the same code on the same text again; nobody should have
    to reject it twice)."""
    rows = session.exec(
        select(Suggestion, Coding, Code, Coder.name, SuggestionModel)
        .join(Coding, Suggestion.coding_id == Coding.id)
        .join(Code, Suggestion.code_id == Code.id)
        .join(Coder, Coding.coder_id == Coder.id)
        .join(SuggestionModel, Suggestion.model_id == SuggestionModel.id)
        .where(Suggestion.document_id == document_id, Coder.project_id == project.id,
               live(Coding))
        .order_by(Coding.start, Code.position)
    ).all()  # fmt: skip
    own, decided = [], set()
    if viewer is not None:
        own = session.exec(
            select(Coding.code_id, Coding.start, Coding.end)
            .where(Coding.document_id == document_id, Coding.coder_id == viewer.id, live(Coding))
        ).all()  # fmt: skip
        decided = _decided_spans(session, document_id, viewer)
    result = []
    for suggestion, coding, code, assistant, model in rows:
        taken = any(c == code.id and s is not None and s < coding.end and coding.start < e
                    for c, s, e in own)  # fmt: skip
        if taken or (code.id, coding.start, coding.end) in decided:
            continue
        if may_see_model(project, viewer, model):
            result.append({"id": suggestion.id, "code": code.key, "code_name": code.name,
                           "color": code.color, "start": coding.start, "end": coding.end,
                           "probability": suggestion.probability, "assistant": assistant})  # fmt: skip
    return result


def decision_of(session: Session, suggestion_id: int, coder_id: int) -> SuggestionDecision | None:
    """What this coder decided about this suggestion (None: not yet)."""
    return session.exec(
        select(SuggestionDecision).where(
            SuggestionDecision.suggestion_id == suggestion_id,
            SuggestionDecision.coder_id == coder_id,
        )
    ).first()


def _undecided(
    session: Session, project: Project, suggestion_id: int, coder: str
) -> tuple[Suggestion, Coding, Coder]:
    """The suggestion, its assistant coding and the deciding person, if that person may still
    decide it: a human coder who sees it and has not decided it yet."""
    if not coder.strip():
        raise ValidationError("choose who you are before deciding a suggestion")
    found = session.exec(
        select(Suggestion, Coding, SuggestionModel)
        .join(Coding, Suggestion.coding_id == Coding.id)
        .join(Coder, Coding.coder_id == Coder.id)
        .join(SuggestionModel, Suggestion.model_id == SuggestionModel.id)
        .where(Suggestion.id == suggestion_id, Coder.project_id == project.id)
    ).first()  # fmt: skip
    if found is None:
        raise NotFoundError(f"no suggestion {suggestion_id}")
    suggestion, coding, model = found
    person = get_or_create_coder(session, project, coder, coder)
    if not is_person(person):
        raise ValidationError(f"{coder} is a {person.role}: a person decides suggestions")
    if not may_see_model(project, person, model):
        raise ValidationError(f"{coder} cannot decide suggestion {suggestion_id}: "
                              + hidden_reason(model))  # fmt: skip
    earlier = decision_of(session, suggestion_id, person.id)
    if earlier is not None:
        raise ValidationError(f"{coder} already {earlier.decision} suggestion {suggestion_id}")
    return suggestion, coding, person


def accept(session: Session, project: Project, suggestion_id: int, coder: str) -> Coding:
    """The suggestion becomes `coder`'s own coding (audited as accepted from it); other coders
    still decide on it for themselves."""
    suggestion, machine, person = _undecided(session, project, suggestion_id, coder)
    coding = Coding(document_id=machine.document_id, coder_id=person.id, code_id=machine.code_id,
                    start=machine.start, end=machine.end, codebook_version=machine.codebook_version)  # fmt: skip
    session.add(coding)
    session.flush()
    session.add(SuggestionDecision(suggestion_id=suggestion.id, coder_id=person.id,
                                   decision=ACCEPTED, coding_id=coding.id))  # fmt: skip
    audit.record(session, "coding.create", project_id=project.id, actor=coder, entity="coding",
                 entity_id=coding.id, document_id=coding.document_id, code_id=coding.code_id,
                 start=coding.start, end=coding.end, from_suggestion=suggestion.id,
                 probability=suggestion.probability)  # fmt: skip
    return coding


def reject(
    session: Session, project: Project, suggestion_id: int, coder: str
) -> SuggestionDecision:
    """`coder` rejects the suggestion (audited): no longer offered to them, still to others."""
    suggestion, _, person = _undecided(session, project, suggestion_id, coder)
    decision = SuggestionDecision(suggestion_id=suggestion.id, coder_id=person.id,
                                  decision=REJECTED)  # fmt: skip
    session.add(decision)
    session.flush()
    audit.record(session, "suggestion.reject", project_id=project.id, actor=coder,
                 entity="suggestiondecision", entity_id=decision.id, suggestion=suggestion.id,
                 code_id=suggestion.code_id, probability=suggestion.probability)  # fmt: skip
    return decision


def decision_counts(
    session: Session, project: Project, coder_ids: list[int] | None = None, assistant: str = ""
) -> dict[str, dict]:
    """Per code key: accepted and rejected decisions in all, and per coder (`coders`: name ->
    {accepted, rejected}); only the given coders' decisions when `coder_ids` is a list, only
    suggestions of the assistant called `assistant` when it is named."""
    query = (
        select(Code.key, Coder.name, SuggestionDecision.decision, func.count())
        .select_from(SuggestionDecision)
        .join(Suggestion, SuggestionDecision.suggestion_id == Suggestion.id)
        .join(Code, Suggestion.code_id == Code.id)
        .join(Codebook, Code.codebook_id == Codebook.id)
        .join(Coder, SuggestionDecision.coder_id == Coder.id)
        .where(Codebook.project_id == project.id)
        .group_by(Code.key, Coder.name, SuggestionDecision.decision)
    )
    if coder_ids is not None:
        query = query.where(SuggestionDecision.coder_id.in_(coder_ids))
    if assistant:
        machine = select(Coding.id).join(Coder, Coding.coder_id == Coder.id).where(
            Coder.name == assistant, Coder.project_id == project.id)  # fmt: skip
        query = query.where(Suggestion.coding_id.in_(machine))
    counts: dict[str, dict] = {}
    for key, name, decision, n in session.exec(query).all():
        row = counts.setdefault(key, {ACCEPTED: 0, REJECTED: 0, "coders": {}})
        row[decision] += int(n)
        row["coders"].setdefault(name, {ACCEPTED: 0, REJECTED: 0})[decision] = int(n)
    return counts
