"""A respondent's way through a survey: entering by link, saving answers page by page, resuming, submitting.

Entering never writes: a closed or unknown survey, or an invalid or used token, stores nothing.
A response is created on the first saved page, with a random resume key (kept in the link, stored
only hashed) that finds it again. In anonymous surveys the invitation token is consumed at that
first save and the response continues under the random key only, so a list of tokens links to no
response. Non-anonymous surveys link invitation and response on purpose and resume by the token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from qualcode.project import find_project
from qualcode.store import audit
from qualcode.store.models import utcnow
from qualcode.store.survey_models import Survey, SurveyAnswer, SurveyInvitation, SurveyResponse
from qualcode.survey.instrument import Instrument
from qualcode.survey.paging import answer_page, missing_answers
from qualcode.survey.surveys import get_survey, instrument_of, token_hash

MESSAGES = {
    "unknown_survey": "There is no survey at this address. Please check the link you were given.",
    "closed": "This survey is not open for answers.",
    "invalid_link": "This link is not valid. Please use the personal link you were sent.",
    "used": "This link has already been used to submit answers. Thank you for taking part.",
    "needs_invitation": "This survey is by invitation only. Please use the personal link you were sent.",
}


@dataclass
class Entry:
    """What a link leads to: `status` is "ok" or one of MESSAGES' keys."""

    status: str
    survey: Survey | None = None
    instrument: Instrument | None = None
    response: SurveyResponse | None = None
    key: str | None = None  # token or resume key: what identifies the respondent's response
    uses_token: bool = False
    answers: dict[str, Any] = field(default_factory=dict)
    others: dict[str, str] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return MESSAGES.get(self.status, "")


def resume_hash(survey: Survey, key: str) -> str:
    """How a response in progress is found again from its link's key (stored only as this hash)."""
    return hashlib.sha256(f"resume|{survey.id}|{key}".encode()).hexdigest()


def _invitation(session: Session, survey: Survey, token: str) -> SurveyInvitation | None:
    return session.exec(
        select(SurveyInvitation).where(
            SurveyInvitation.survey_id == survey.id,
            SurveyInvitation.token_hash == token_hash(token),
        )
    ).first()


def _response_for(session: Session, survey: Survey, key: str) -> SurveyResponse | None:
    return session.exec(
        select(SurveyResponse).where(
            SurveyResponse.survey_id == survey.id,
            SurveyResponse.resume_hash == resume_hash(survey, key),
            SurveyResponse.submitted_at.is_(None),
        )
    ).first()


def load_answers(
    session: Session, response: SurveyResponse
) -> tuple[dict[str, Any], dict[str, str]]:
    """The response's answers and "Other" texts by question id."""
    rows = session.exec(select(SurveyAnswer).where(SurveyAnswer.response_id == response.id)).all()
    return {a.question_id: a.value for a in rows}, {
        a.question_id: a.other_text for a in rows if a.other_text
    }


def enter(
    session: Session, slug: str, token: str | None = None, resume: str | None = None
) -> Entry:
    """Where a respondent's link leads; reads only."""
    project = find_project(session)
    survey = get_survey(session, project, slug) if project and slug else None
    if survey is None:
        return Entry("unknown_survey")
    if survey.status != "open":
        return Entry("closed", survey)
    entry = Entry("ok", survey, instrument_of(survey))
    if token:
        invitation = _invitation(session, survey, token)
        if invitation is None:
            return Entry("invalid_link", survey)
        if invitation.used:
            return Entry("used", survey)
        entry.key, entry.uses_token = token, True
        entry.response = _response_for(session, survey, token)
    elif resume:  # a response started earlier (open link, or an anonymous token now consumed)
        entry.response = _response_for(session, survey, resume)
        if entry.response is None:
            return Entry("invalid_link", survey)
        entry.key = resume
    elif survey.open_link:
        pass
    else:
        return Entry("needs_invitation", survey)
    if entry.response is not None:
        entry.answers, entry.others = load_answers(session, entry.response)
    return entry


def _start(session: Session, entry: Entry) -> SurveyResponse:
    survey = entry.survey
    if entry.uses_token and survey.anonymous:  # consume the token: nothing links it to the answers
        invitation = _invitation(session, survey, entry.key)
        invitation.used = True
        session.add(invitation)
        entry.key, entry.uses_token = None, False
    if entry.key is None:
        entry.key = secrets.token_urlsafe(24)
    response = SurveyResponse(survey_id=survey.id, resume_hash=resume_hash(survey, entry.key))
    session.add(response)
    session.flush()
    if entry.uses_token:  # not anonymous: the invitation names its response
        invitation = _invitation(session, survey, entry.key)
        invitation.response_id = response.id
        session.add(invitation)
    audit.record(
        session, "survey.response.start", project_id=survey.project_id, entity="surveyresponse",
        entity_id=response.id, survey=survey.slug,
    )  # fmt: skip
    entry.response = response
    return response


def _store(
    session: Session, response: SurveyResponse, question_id: str, value: Any, other: str
) -> None:
    row = session.exec(
        select(SurveyAnswer).where(
            SurveyAnswer.response_id == response.id, SurveyAnswer.question_id == question_id
        )
    ).first()
    if value is None:
        if row is not None:
            session.delete(row)
        return
    row = row or SurveyAnswer(response_id=response.id, question_id=question_id)
    row.value, row.other_text, row.updated_at = value, other, utcnow()
    session.add(row)


def save_page(
    session: Session,
    entry: Entry,
    page_index: int,
    values: dict[str, Any],
    others: dict[str, str],
    next_page: int | None = None,
) -> dict[str, str]:
    """Store the page's acceptable answers (creating the response on the first save); return errors by question."""
    response = entry.response or _start(session, entry)
    result = answer_page(entry.instrument, page_index, values, others, entry.answers, entry.others)
    for question_id in result.accepted:
        value, other = entry.answers[question_id], entry.others[question_id]
        _store(session, response, question_id, value, other)
    if result.declined:
        _decline(session, entry)
        return {}
    if not result.errors and next_page is not None:
        response.current_page = next_page
    session.add(response)
    return result.errors


def go_back(
    session: Session,
    entry: Entry,
    page_index: int,
    values: dict[str, Any],
    others: dict[str, str],
    target: int,
) -> None:
    """The respondent steps back: keep what is acceptable on this page (an unfinished page never
    blocks going back) and move to `target`, unless the response was already submitted."""
    save_page(session, entry, page_index, values, others)
    if entry.response.submitted_at is None:
        entry.response.current_page = target
        session.add(entry.response)


def _decline(session: Session, entry: Entry) -> None:
    """Consent declined: keep only that answer, close the response as excluded."""
    consent_ids = {q.id for q in entry.instrument.questions if q.type == "consent"}
    for question_id in list(entry.answers):
        if question_id not in consent_ids:
            _store(session, entry.response, question_id, None, "")
            entry.answers.pop(question_id)
    entry.response.excluded = True
    _finish(session, entry)


def _finish(session: Session, entry: Entry) -> None:
    survey, response = entry.survey, entry.response
    response.submitted_at = utcnow()
    if survey.anonymous:
        response.resume_hash = None  # nothing links the submitted answers to the link any more
    session.add(response)
    if entry.uses_token:
        invitation = _invitation(session, survey, entry.key)
        invitation.used = True
        session.add(invitation)
    audit.record(
        session, "survey.response.submit", project_id=survey.project_id, entity="surveyresponse",
        entity_id=response.id, survey=survey.slug, excluded=response.excluded,
    )  # fmt: skip


def submit(session: Session, entry: Entry) -> dict[str, str]:
    """Finish the response: every visible required question answered; hidden answers dropped."""
    errors, shown = missing_answers(entry.instrument, entry.answers, entry.others)
    if errors:
        return errors
    response = entry.response or _start(session, entry)
    for question_id in [q for q in entry.answers if q not in shown]:
        _store(session, response, question_id, None, "")
        entry.answers.pop(question_id)
    _finish(session, entry)
    return {}
