"""Open text answers become documents (kind "survey_answer") to code with the same codebook.

One document per answer, linked to a participant that stands for the respondent
(`SLUG-R<response number>`), so agreement and the code x participant matrix treat it like any
transcript. Running it again adds only answers not turned into documents yet.
"""

from __future__ import annotations

from sqlmodel import Session, select

from qualcode.errors import ValidationError
from qualcode.ingest.documents import sha256_of, store_transcript
from qualcode.ingest.participants import get_or_create_participant
from qualcode.ingest.transcript import ParsedTranscript, TurnSpan, normalise
from qualcode.store.models import Document, Project
from qualcode.store.survey_models import Survey
from qualcode.survey.results import load_results

TEXT_TYPES = ("text", "long_text")


def respondent_label(survey: Survey, response_id: int) -> str:
    return f"{survey.slug}-R{response_id}"


def answers_to_documents(
    session: Session, project: Project, survey: Survey, question_id: str, actor: str = ""
) -> dict[str, int]:
    """Store each answer to a text question (or an "Other" text) as a document; returns counts."""
    results = load_results(session, survey)
    question = results.instrument.question(question_id)
    if question is None or (question.type not in TEXT_TYPES and not question.other):
        text_ids = [q.id for q in results.instrument.questions if q.type in TEXT_TYPES or q.other]
        raise ValidationError(
            f"question '{question_id}' has no open text answers (text questions: {', '.join(text_ids) or 'none'})"
        )
    answers = (
        results.answered(question_id)
        if question.type in TEXT_TYPES
        else results.others.get(question_id, {})
    )
    existing = {
        d.sha256
        for d in session.exec(
            select(Document).where(
                Document.project_id == project.id, Document.kind == "survey_answer"
            )
        )
    }
    created = skipped = 0
    for response_id, value in answers.items():
        text = normalise(str(value))
        digest = sha256_of(f"{survey.slug}|{question_id}|{response_id}".encode())
        if not text or digest in existing:
            skipped += 1
            continue
        label = respondent_label(survey, response_id)
        participant = get_or_create_participant(session, project, label, actor)
        parsed = ParsedTranscript(
            title=f"{survey.slug} {question_id} {label}", format="survey", text=text,
            turns=[TurnSpan(speaker=label, start=0, end=len(text), role="participant")],
        )  # fmt: skip
        document = store_transcript(
            session, project, parsed, source_name=f"survey:{survey.slug}:{question_id}",
            sha256=digest, participant=participant, kind="survey_answer", actor=actor,
        )  # fmt: skip
        document.meta = {
            **document.meta,
            "survey": survey.slug,
            "question": question_id,
            "question_text": question.text,
        }
        session.add(document)
        created += 1
    return {"documents": created, "skipped": skipped}
