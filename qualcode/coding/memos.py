"""Memos on the project, documents, codes and codings: write, edit, delete (soft), list and search.

A memo on a coding is the coding's own `memo` field (edited with `edit_coding`); the others are
`Memo` rows. `list_memos` shows both, so the memo page finds every note a researcher wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from qualcode.errors import NotFoundError, ValidationError
from qualcode.store import audit
from qualcode.store.live import live
from qualcode.store.models import Code, Coder, Coding, Document, Memo, Project, utcnow

TARGETS = ("project", "document", "code", "coding")


@dataclass(frozen=True)
class MemoEntry:
    """One memo as the memo page lists it."""

    kind: str  # project | document | code | coding
    memo_id: int | None  # Memo row id (None for a coding's memo)
    coding_id: int | None
    about: str  # what the memo is about, in words
    title: str
    text: str
    author: str
    updated_at: datetime


def _check_target(session: Session, project: Project, target: str, target_id: int | None) -> None:
    if target not in TARGETS or target == "coding":
        raise ValidationError(
            f"memo target must be project, document or code (got {target!r}); "
            "a coding's memo is edited on the coding"
        )
    if target == "project":
        return
    model = Document if target == "document" else Code
    if target_id is None or session.get(model, target_id) is None:
        raise NotFoundError(f"no {target} with id {target_id}")


def add_memo(
    session: Session,
    project: Project,
    text: str,
    *,
    target: str = "project",
    target_id: int | None = None,
    title: str = "",
    author: str = "",
    start: int | None = None,
    end: int | None = None,
) -> Memo:
    """Write a memo on the project, a document (optionally a passage of it) or a code."""
    if not text.strip():
        raise ValidationError("a memo needs some text")
    _check_target(session, project, target, target_id)
    memo = Memo(
        project_id=project.id, target=target, target_id=None if target == "project" else target_id,
        start=start, end=end, author=author, title=title.strip(), text=text,
    )  # fmt: skip
    session.add(memo)
    session.flush()
    audit.record(session, "memo.create", project_id=project.id, actor=author, entity="memo",
                 entity_id=memo.id, target=target, target_id=target_id)  # fmt: skip
    return memo


def _live_memo(session: Session, memo_id: int) -> Memo:
    memo = session.get(Memo, memo_id)
    if memo is None or memo.deleted_at is not None:
        raise NotFoundError(f"no memo with id {memo_id}")
    return memo


def edit_memo(
    session: Session, memo_id: int, text: str, title: str | None = None, actor: str = ""
) -> Memo:
    """Replace a memo's text (and title when given)."""
    memo = _live_memo(session, memo_id)
    if not text.strip():
        raise ValidationError("a memo needs some text; delete it instead")
    memo.text = text
    if title is not None:
        memo.title = title.strip()
    memo.updated_at = utcnow()
    session.add(memo)
    audit.record(session, "memo.edit", project_id=memo.project_id, actor=actor, entity="memo",
                 entity_id=memo.id)  # fmt: skip
    return memo


def delete_memo(session: Session, memo_id: int, actor: str = "") -> Memo:
    """Soft-delete a memo."""
    memo = _live_memo(session, memo_id)
    memo.deleted_at = memo.updated_at = utcnow()
    session.add(memo)
    audit.record(session, "memo.delete", project_id=memo.project_id, actor=actor, entity="memo",
                 entity_id=memo.id)  # fmt: skip
    return memo


def list_memos(
    session: Session,
    project: Project,
    search: str = "",
    kinds: tuple[str, ...] = TARGETS,
    coder_ids: list[int] | None = None,
) -> list[MemoEntry]:
    """Every live memo of the project, newest first; `search` keeps those whose words contain it.
    `coder_ids` limits coding memos to those coders' codings (blind coding)."""
    documents = {
        d.id: d.title
        for d in session.exec(select(Document).where(Document.project_id == project.id))
    }
    code_rows = session.exec(select(Code)).all()
    code_names = {c.id: c.name for c in code_rows}
    entries: list[MemoEntry] = []
    query = select(Memo).where(Memo.project_id == project.id, live(Memo))
    for memo in session.exec(query):
        if memo.target == "document":
            about = f"document {documents.get(memo.target_id, memo.target_id)}"
        elif memo.target == "code":
            about = f"code {code_names.get(memo.target_id, memo.target_id)}"
        else:
            about = "project"
        entries.append(MemoEntry(memo.target, memo.id, None, about, memo.title, memo.text,
                                 memo.author, memo.updated_at))  # fmt: skip
    if "coding" in kinds:
        coder_names = {
            c.id: c.name for c in session.exec(select(Coder).where(Coder.project_id == project.id))
        }
        coded = select(Coding).where(
            Coding.document_id.in_(list(documents) or [-1]),
            live(Coding),
            Coding.memo != "",
        )
        if coder_ids is not None:
            coded = coded.where(Coding.coder_id.in_(coder_ids or [-1]))
        for coding in session.exec(coded):
            about = (
                f"coding {code_names.get(coding.code_id, '?')} in "
                f"{documents.get(coding.document_id, '?')}"
            )
            entries.append(MemoEntry("coding", None, coding.id, about, "", coding.memo,
                                     coder_names.get(coding.coder_id, ""), coding.updated_at))  # fmt: skip
    wanted = search.casefold().strip()
    entries = [
        e for e in entries
        if e.kind in kinds and (not wanted or wanted in f"{e.title} {e.text} {e.about}".casefold())
    ]  # fmt: skip
    return sorted(entries, key=lambda e: e.updated_at, reverse=True)
