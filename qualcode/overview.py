"""A project at a glance: what it holds and what to do next (home page and `qualcode status`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from qualcode.codebook import store as codebook_store
from qualcode.project import list_coders
from qualcode.store.models import Coding, Document, Participant, Project


def project_overview(session: Session, project: Project) -> dict[str, Any]:
    """Counts of documents, participants, codes, codings and the coders' names."""
    documents = session.exec(
        select(func.count())
        .select_from(Document)
        .where(Document.project_id == project.id, Document.deleted_at.is_(None))
    ).one()
    participants = session.exec(
        select(func.count()).select_from(Participant).where(Participant.project_id == project.id)
    ).one()
    codings = session.exec(
        select(func.count())
        .select_from(Coding)
        .join(Document, Coding.document_id == Document.id)
        .where(Document.project_id == project.id, Coding.deleted_at.is_(None))
    ).one()
    codebook = codebook_store.get_codebook(session, project)
    return {
        "project": project.name,
        "documents": documents,
        "participants": participants,
        "codebook": codebook.name if codebook else None,
        "codebook_version": codebook.version if codebook else None,
        "codes": len(codebook_store.codes(session, codebook)) if codebook else 0,
        "codings": codings,
        "coders": [c.name for c in list_coders(session, project)],
    }


def next_steps(overview: dict[str, Any]) -> list[str]:
    """What a researcher should do next, given what the project holds."""
    steps = []
    if not overview["codebook"]:
        steps.append("Import a codebook (`qualcode codebook import FILE.yaml`).")
    if not overview["documents"]:
        steps.append("Import transcripts (`qualcode import transcripts FILE...`).")
    if overview["documents"] and not overview["codings"]:
        steps.append("Start coding, or import codings (`qualcode codings import FILE.csv`).")
    if len([c for c in overview["coders"] if c != "consensus"]) >= 2:
        steps.append("Compare coders: two or more coders have coded, so agreement can be measured.")
    if not steps:
        steps.append("Keep coding; add a second coder to measure agreement.")
    return steps
