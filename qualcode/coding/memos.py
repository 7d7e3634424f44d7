"""Memos on the project, documents, codes and codings: write, edit, delete (soft), list and search.

A memo on a coding is the coding's own `memo` field (edited with `edit_coding`); the others are
`Memo` rows. `list_memos` shows both, so the memo page finds every note a researcher wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from qualcode.coding.visibility import OWNER
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


def _shown_authors(
    session: Session, project: Project, coder_ids: list[int] | None
) -> tuple[set[str], set[str]] | None:
    """Whose memos a viewer sees: None for everyone, else (the names of the coders `coder_ids`
    names, the owners' names). Blind coding hides what other coders think of the material, so a
    coder sees their own memos and the owners' project memos (instructions), nothing else."""
    if coder_ids is None:
        return None
    coders = session.exec(select(Coder).where(Coder.project_id == project.id)).all()
    return {c.name for c in coders if c.id in coder_ids}, {
        c.name for c in coders if c.role == OWNER
    }


def _shown(memo: Memo, authors: tuple[set[str], set[str]] | None) -> bool:
    if authors is None:
        return True
    own, owners = authors
    return memo.author in own or (memo.target == "project" and memo.author in owners)


def document_memos(
    session: Session, project: Project, document_id: int, coder_ids: list[int] | None = None
) -> list[Memo]:
    """The live memos on one document, oldest first; `coder_ids` as in `list_memos`."""
    authors = _shown_authors(session, project, coder_ids)
    query = select(Memo).where(
        Memo.project_id == project.id, Memo.target == "document", Memo.target_id == document_id,
        live(Memo),
    ).order_by(Memo.id)  # fmt: skip
    return [memo for memo in session.exec(query) if _shown(memo, authors)]


def list_memos(
    session: Session,
    project: Project,
    search: str = "",
    kinds: tuple[str, ...] = TARGETS,
    coder_ids: list[int] | None = None,
) -> list[MemoEntry]:
    """Every live memo of the project, newest first; `search` keeps those whose words contain it.
    `coder_ids` (blind coding, see visibility.visible_coder_ids) limits memos to those coders'
    own, plus the owners' project memos; coding memos to those coders' codings."""
    authors = _shown_authors(session, project, coder_ids)
    documents = {
        d.id: d.title
        for d in session.exec(select(Document).where(Document.project_id == project.id))
    }
    code_rows = session.exec(select(Code)).all()
    code_names = {c.id: c.name for c in code_rows}
    entries: list[MemoEntry] = []
    query = select(Memo).where(Memo.project_id == project.id, live(Memo))
    for memo in session.exec(query):
        if not _shown(memo, authors):
            continue
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
