"""A project at a glance: what it holds, where each step of the study stands, what to do next.

Used by the home page and `qualcode status`; it only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from qualcode.codebook import store as codebook_store
from qualcode.project import ASSISTANT_ROLE, CONSENSUS_CODER, list_coders
from qualcode.store.evidence_models import EvidenceSource
from qualcode.store.live import live, live_codings
from qualcode.store.models import Coder, Coding, Document, Participant, Project
from qualcode.store.survey_models import Survey, SurveyResponse


def _count(session: Session, query) -> int:
    return int(session.exec(query).one())


def project_overview(session: Session, project: Project) -> dict[str, Any]:
    """Counts of documents, participants, codes, codings, surveys, evidence sources; coder names."""
    live_documents = (Document.project_id == project.id, live(Document))
    codebook = codebook_store.get_codebook(session, project)
    surveys = select(Survey.id).where(Survey.project_id == project.id)
    return {
        "project": project.name,
        "documents": _count(
            session, select(func.count()).select_from(Document).where(*live_documents)
        ),
        "participants": _count(
            session,
            select(func.count())
            .select_from(Participant)
            .where(Participant.project_id == project.id),
        ),
        "codebook": codebook.name if codebook else None,
        "codebook_version": codebook.version if codebook else None,
        "codes": len(codebook_store.codes(session, codebook)) if codebook else 0,
        "codings": _count(session, live_codings(project.id, func.count())),
        "coders": [c.name for c in list_coders(session, project)],
        "surveys": _count(
            session, select(func.count()).select_from(Survey).where(Survey.project_id == project.id)
        ),
        "survey_responses": _count(
            session,
            select(func.count())
            .select_from(SurveyResponse)
            .where(
                SurveyResponse.survey_id.in_(surveys),
                SurveyResponse.submitted_at.is_not(None),
                SurveyResponse.excluded.is_(False),
            ),
        ),
        "evidence_sources": _count(
            session,
            select(func.count())
            .select_from(EvidenceSource)
            .where(EvidenceSource.project_id == project.id),
        ),
    }


def codings_per_document(session: Session, project: Project) -> dict[int, dict[str, int]]:
    """For each document id: how many live codings each coder made in it."""
    query = (
        live_codings(project.id, Coding.document_id, Coder.name, func.count())
        .join(Coder, Coding.coder_id == Coder.id)
        .where(Coder.role != ASSISTANT_ROLE)
        .group_by(Coding.document_id, Coder.name)
    )
    result: dict[int, dict[str, int]] = {}
    for document_id, coder, count in session.exec(query):
        result.setdefault(document_id, {})[coder] = count
    return result


@dataclass(frozen=True)
class Step:
    """One step of an interview study, where it stands, and the page that does it."""

    title: str
    status: str
    page: str  # url path of the app page
    done: bool


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def study_steps(overview: dict[str, Any]) -> list[Step]:
    """The study's steps in order, each with a one-line status."""
    coders = [c for c in overview["coders"] if c != CONSENSUS_CODER]
    consensus = CONSENSUS_CODER in overview["coders"]
    version = f"version {overview['codebook_version']}, " if overview["codebook"] else ""
    return [
        Step("Import transcripts", f"{overview['documents']} documents, {overview['participants']} participants", "import", overview["documents"] > 0),
        Step("Codebook", f"{version}{overview['codes']} codes", "codebook", overview["codes"] > 0),
        Step("Code", f"{overview['codings']} codings by {len(coders)} coders", "code", overview["codings"] > 0),
        Step("Agreement", "consensus reconciled" if consensus else f"{len(coders)} coders to compare", "agreement", consensus),
        Step("Reports", "code tables, matrices, saturation", "reports", overview["codings"] > 0),
        Step("Survey", f"{_plural(overview['surveys'], 'survey')}, {_plural(overview['survey_responses'], 'response')}", "surveys", overview["survey_responses"] > 0),
        Step("Registry evidence", _plural(overview["evidence_sources"], "data source"), "joint", overview["evidence_sources"] > 0),
    ]  # fmt: skip


def next_steps(overview: dict[str, Any]) -> list[str]:
    """What a researcher should do next, given what the project holds."""
    steps = []
    coders = [c for c in overview["coders"] if c != CONSENSUS_CODER]
    if not overview["codebook"]:
        steps.append(
            "Import a codebook (`qualcode codebook import FILE.yaml`), or build one in Edit codebook."
        )
    if not overview["documents"]:
        steps.append(
            "Import transcripts on the Import page (or `qualcode import transcripts FILE...`)."
        )
    if overview["documents"] and not overview["codings"]:
        steps.append(
            "Start coding on the Code page, or import codings (`qualcode codings import FILE.csv`)."
        )
    if len(coders) >= 2 and CONSENSUS_CODER not in overview["coders"]:
        steps.append(
            "Two or more coders have coded: measure agreement, then reconcile the differences."
        )
    if len(coders) == 1:
        steps.append("Add a second coder to measure agreement.")
    if overview["codings"] and not overview["surveys"]:
        steps.append("Draft a survey from the challenge codes to see how widely the findings hold.")
    if not steps:
        steps.append(
            "Build the paper's tables on the Reports page; `qualcode package` writes the artifact."
        )
    return steps
