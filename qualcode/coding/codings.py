"""Applying and removing codes: one function per change, each audited, spans checked against the text."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from qualcode.errors import NotFoundError, ValidationError
from qualcode.store import audit
from qualcode.store.actors import actor_or
from qualcode.store.live import live
from qualcode.store.models import Code, Coder, Coding, Document, utcnow


def check_span(document: Document, start: int | None, end: int | None, where: str = "") -> None:
    """Both offsets empty (whole document) or 0 <= start < end <= len(text)."""
    prefix = f"{where}: " if where else ""
    if (start is None) != (end is None):
        raise ValidationError(
            f"{prefix}give both start and end, or neither for a whole-document coding"
        )
    if start is None or end is None:
        return
    if start < 0 or end < 0:
        raise ValidationError(f"{prefix}offsets must not be negative (start {start}, end {end})")
    if start >= end:
        raise ValidationError(f"{prefix}start ({start}) must be less than end ({end})")
    if end > len(document.text):
        raise ValidationError(
            f"{prefix}end ({end}) is beyond the text of '{document.title}' ({len(document.text)} characters)"
        )


def add_coding(
    session: Session,
    document: Document,
    coder: Coder,
    code: Code,
    start: int | None = None,
    end: int | None = None,
    memo: str = "",
    codebook_version: int = 1,
    actor: str = "",
) -> Coding:
    """Apply `code` to a span (or the whole document) for `coder`."""
    check_span(document, start, end)
    coding = Coding(
        document_id=document.id, coder_id=coder.id, code_id=code.id, start=start, end=end,
        memo=memo, codebook_version=codebook_version,
    )  # fmt: skip
    session.add(coding)
    session.flush()
    audit.record(
        session, "coding.create", project_id=document.project_id, actor=actor_or(session, actor, coder.name),
        entity="coding", entity_id=coding.id, code=code.key, start=start, end=end,
    )  # fmt: skip
    return coding


def _set_deleted(session: Session, coding_id: int, deleted: bool, actor: str) -> Coding:
    """Soft-delete or restore one coding, audited."""
    coding = session.get(Coding, coding_id)
    if coding is None or (coding.deleted_at is not None) == deleted:
        state = "deleted " if not deleted else ""
        raise NotFoundError(f"no {state}coding with id {coding_id}")
    now = utcnow()
    coding.deleted_at, coding.updated_at = (now if deleted else None), now
    session.add(coding)
    document = session.get(Document, coding.document_id)
    audit.record(
        session,
        "coding.delete" if deleted else "coding.restore",
        project_id=document.project_id if document else None,
        actor=actor,
        entity="coding",
        entity_id=coding.id,
    )
    return coding


def delete_coding(session: Session, coding_id: int, actor: str = "") -> Coding:
    """Soft-delete a coding (restorable with `restore_coding`)."""
    return _set_deleted(session, coding_id, True, actor)


def restore_coding(session: Session, coding_id: int, actor: str = "") -> Coding:
    """Undo a soft delete."""
    return _set_deleted(session, coding_id, False, actor)


def live_codings(
    session: Session, document_ids: list[int] | None = None, coder_ids: list[int] | None = None
) -> list[Coding]:
    """Codings that are not deleted, optionally for some documents or coders."""
    query = select(Coding).where(live(Coding))
    if document_ids is not None:
        query = query.where(Coding.document_id.in_(document_ids))
    if coder_ids is not None:
        query = query.where(Coding.coder_id.in_(coder_ids))
    return list(session.exec(query.order_by(Coding.document_id, Coding.start, Coding.id)))


def _live_coding(session: Session, coding_id: int) -> Coding:
    coding = session.get(Coding, coding_id)
    if coding is None or coding.deleted_at is not None:
        raise NotFoundError(f"no coding with id {coding_id}")
    return coding


def edit_coding(
    session: Session,
    coding_id: int,
    *,
    memo: str | None = None,
    code: Code | None = None,
    actor: str = "",
) -> Coding:
    """Change a coding's memo and/or its code; the span, coder and codebook version stay."""
    coding = _live_coding(session, coding_id)
    changes: dict[str, object] = {}
    if memo is not None and memo != coding.memo:
        changes["memo"] = memo
        coding.memo = memo
    if code is not None and code.id != coding.code_id:
        if code.deleted_at is not None:
            raise ValidationError(f"the code '{code.name}' is retired; choose a live code")
        changes["code"] = {"from": coding.code_id, "to": code.id}
        coding.code_id = code.id
    if not changes:
        return coding
    coding.updated_at = utcnow()
    session.add(coding)
    document = session.get(Document, coding.document_id)
    audit.record(
        session, "coding.edit", project_id=document.project_id if document else None,
        actor=actor, entity="coding", entity_id=coding.id, **changes,
    )  # fmt: skip
    return coding


def document_codings(session: Session, document: Document, coder: Coder) -> list[Coding]:
    """The coder's live whole-document codings (no span) on `document`."""
    query = select(Coding).where(
        Coding.document_id == document.id,
        Coding.coder_id == coder.id,
        Coding.start.is_(None),
        live(Coding),
    )
    return list(session.exec(query.order_by(Coding.id)))


def set_document_codes(
    session: Session,
    document: Document,
    coder: Coder,
    codes: list[Code],
    codebook_version: int = 1,
    actor: str = "",
) -> tuple[int, int]:
    """Make the coder's whole-document codes exactly `codes`; returns (added, removed)."""
    current = {c.code_id: c for c in document_codings(session, document, coder)}
    wanted = {code.id: code for code in codes}
    for code_id, code in wanted.items():
        if code_id not in current:
            add_coding(session, document, coder, code, codebook_version=codebook_version,
                       actor=actor)  # fmt: skip
    removed = [c for code_id, c in current.items() if code_id not in wanted]
    for coding in removed:
        delete_coding(session, coding.id, actor=actor_or(session, actor, coder.name))
    return len(wanted.keys() - current.keys()), len(removed)


def recent_code_ids(session: Session, coder: Coder) -> list[int]:
    """The codes this coder applied, most recently used first (for the code picker)."""
    query = (
        select(Coding.code_id, func.max(Coding.id))
        .where(Coding.coder_id == coder.id, live(Coding))
        .group_by(Coding.code_id)
        .order_by(func.max(Coding.id).desc())
    )
    return [code_id for code_id, _ in session.exec(query)]
