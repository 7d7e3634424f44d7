"""Text search across transcripts (plain or regular expression, with or without case) shown as
keyword-in-context, and coding all or some of the hits at once."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, select

from qualcode.coding.codings import add_coding
from qualcode.errors import ValidationError
from qualcode.store.live import live
from qualcode.store.models import Code, Coder, Coding, Document, Project

MAX_HITS = 2000


@dataclass(frozen=True)
class Hit:
    """One match: where it is, and the words on either side (keyword in context)."""

    document_id: int
    document: str
    start: int
    end: int
    before: str
    match: str
    after: str


def compile_pattern(pattern: str, regex: bool = False, case_sensitive: bool = False) -> re.Pattern:
    """The search pattern; a broken regular expression is a clear error."""
    if not pattern:
        raise ValidationError("type something to search for")
    flags = 0 if case_sensitive else re.IGNORECASE
    try:
        return re.compile(pattern if regex else re.escape(pattern), flags)
    except re.error as exc:
        raise ValidationError(f"the regular expression {pattern!r} is not valid: {exc}") from exc


def search_text(
    session: Session,
    project: Project,
    pattern: str,
    *,
    regex: bool = False,
    case_sensitive: bool = False,
    context: int = 60,
    document_ids: list[int] | None = None,
    limit: int = MAX_HITS,
) -> list[Hit]:
    """Every non-empty match in the project's live documents, by document then position."""
    compiled = compile_pattern(pattern, regex, case_sensitive)
    query = select(Document).where(Document.project_id == project.id, live(Document))
    if document_ids is not None:
        query = query.where(Document.id.in_(document_ids or [-1]))
    hits: list[Hit] = []
    for document in session.exec(query.order_by(Document.title)):
        text = document.text
        for match in compiled.finditer(text):
            a, b = match.span()
            if a == b:
                continue
            hits.append(Hit(document.id, document.title, a, b, text[max(0, a - context) : a],
                            text[a:b], text[b : b + context]))  # fmt: skip
            if len(hits) >= limit:
                return hits
    return hits


def code_hits(
    session: Session,
    hits: list[Hit],
    coder: Coder,
    code: Code,
    codebook_version: int = 1,
    actor: str = "",
) -> int:
    """Apply `code` to each hit for `coder`; a hit the coder already has with this code is skipped."""
    documents = {d.id: d for d in session.exec(
        select(Document).where(Document.id.in_({h.document_id for h in hits} or {-1}))
    )}  # fmt: skip
    existing = {
        (c.document_id, c.start, c.end)
        for c in session.exec(select(Coding).where(
            Coding.coder_id == coder.id, Coding.code_id == code.id, live(Coding),
        ))
    }  # fmt: skip
    added = 0
    for hit in hits:
        if (hit.document_id, hit.start, hit.end) in existing:
            continue
        add_coding(session, documents[hit.document_id], coder, code, hit.start, hit.end,
                   codebook_version=codebook_version, actor=actor)  # fmt: skip
        existing.add((hit.document_id, hit.start, hit.end))
        added += 1
    return added
