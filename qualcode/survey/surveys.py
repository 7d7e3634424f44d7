"""Surveys in the database: create from an instrument, find, open and close, invitation tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func
from sqlmodel import Session, select

from qualcode.codebook import store as codebook_store
from qualcode.errors import NotFoundError, ValidationError
from qualcode.store import audit
from qualcode.store.engine import JSONText
from qualcode.store.models import Project, utcnow
from qualcode.store.survey_models import Survey, SurveyInvitation, SurveyResponse
from qualcode.survey.instrument import Instrument, parse_instrument
from qualcode.survey.links import link_problems

STATUSES = ("draft", "open", "closed")
RESPONDENT_PORT = 8502  # `qualcode survey serve`: the respondent-only app (no researcher pages)
RESPONDENT_URL = f"http://localhost:{RESPONDENT_PORT}"


def token_hash(token: str) -> str:
    """How a token is stored: its SHA-256, never the token itself."""
    return hashlib.sha256(f"invitation|{token}".encode()).hexdigest()


def instrument_of(survey: Survey) -> Instrument:
    """The survey's stored instrument, parsed (it was validated when stored)."""
    return parse_instrument(survey.instrument, f"survey '{survey.slug}'")


def get_survey(session: Session, project: Project, slug: str) -> Survey | None:
    return session.exec(
        select(Survey).where(Survey.project_id == project.id, Survey.slug == slug)
    ).first()


def require_survey(session: Session, project: Project, slug: str) -> Survey:
    survey = get_survey(session, project, slug)
    if survey is None:
        known = ", ".join(s.slug for s in list_surveys(session, project)) or "none yet"
        raise NotFoundError(f"no survey '{slug}' (surveys: {known})")
    return survey


def list_surveys(session: Session, project: Project) -> list[Survey]:
    return list(
        session.exec(select(Survey).where(Survey.project_id == project.id).order_by(Survey.id))
    )


def code_survey_items(session: Session, project: Project) -> dict[str, list[str]]:
    """The codebook's codes (key -> survey_items); empty without a codebook."""
    codebook = codebook_store.get_codebook(session, project)
    codes = codebook_store.codes(session, codebook) if codebook else []
    return {c.key: [str(item) for item in c.survey_items] for c in codes}


def check_codes(session: Session, project: Project, instrument: Instrument, source: str) -> None:
    """Every `codes:` reference must name a code of the project's codebook."""
    if not any(q.codes for q in instrument.questions):
        return
    known = {key: [] for key in code_survey_items(session, project)}
    problems = link_problems(known, {instrument.slug: instrument})
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise ValidationError(
            f"{source}: invalid survey instrument ({len(problems)} problems)\n{lines}"
        )


def check_links(session: Session, project: Project, slug: str | None = None) -> dict[str, Any]:
    """`qualcode survey check`: codes' survey_items that name no survey question, and questions'
    codes (of one survey, or of all) that name no code; with what was checked."""
    survey_items = code_survey_items(session, project)
    instruments = {s.slug: instrument_of(s) for s in list_surveys(session, project)}
    checked = [require_survey(session, project, slug).slug] if slug else list(instruments)
    return {
        "surveys": checked,
        "codes": len(survey_items),
        "links": sum(len(items) for items in survey_items.values()),
        "problems": link_problems(survey_items, instruments, checked),
    }


def create_survey(
    session: Session,
    project: Project,
    instrument: Instrument,
    *,
    source: str = "instrument",
    actor: str = "",
    check_code_links: bool = True,
) -> Survey:
    """Store a validated instrument as a new draft survey (a slug is used once per project)."""
    if get_survey(session, project, instrument.slug) is not None:
        raise ValidationError(f"a survey '{instrument.slug}' already exists; choose another slug")
    if check_code_links:
        check_codes(session, project, instrument, f"survey '{instrument.slug}'")
    survey = Survey(
        project_id=project.id, slug=instrument.slug, title=instrument.title, source=source,
        anonymous=instrument.anonymous, open_link=instrument.open_link,
        instrument=JSONText(instrument.to_json()),  # serialised once, without a copy as dicts
    )  # fmt: skip
    session.add(survey)
    session.flush()
    session.expire(survey, ["instrument"])  # read back as stored (dicts) when it is used
    audit.record(
        session, "survey.create", project_id=project.id, actor=actor, entity="survey",
        entity_id=survey.id, slug=survey.slug, questions=len(instrument.questions),
    )  # fmt: skip
    return survey


def set_status(session: Session, survey: Survey, status: str, actor: str = "") -> Survey:
    """Open or close a survey; only an open survey takes answers."""
    if status not in STATUSES:
        raise ValidationError(f"status must be one of {', '.join(STATUSES)}")
    survey.status = status
    if status == "open":
        survey.opened_at = utcnow()
    elif status == "closed":
        survey.closed_at = utcnow()
    session.add(survey)
    audit.record(
        session, f"survey.{status}", project_id=survey.project_id, actor=actor, entity="survey",
        entity_id=survey.id, slug=survey.slug,
    )  # fmt: skip
    return survey


def survey_link(base_url: str, slug: str, token: str | None = None) -> str:
    """The respondent link: BASE/?survey=SLUG[&token=TOKEN]."""
    params = {"survey": slug, **({"token": token} if token else {})}
    return f"{base_url.rstrip('/')}/?{urlencode(params)}"


def create_invitations(
    session: Session, survey: Survey, n: int, base_url: str, actor: str = ""
) -> list[dict[str, str]]:
    """Make n one-time tokens; returns them with their links (the only time tokens are visible)."""
    if n < 1 or n > 100_000:
        raise ValidationError(f"the number of invitations must be from 1 to 100000, got {n}")
    rows = []
    for _ in range(n):
        token = secrets.token_urlsafe(18)
        session.add(SurveyInvitation(survey_id=survey.id, token_hash=token_hash(token)))
        rows.append({"token": token, "link": survey_link(base_url, survey.slug, token)})
    audit.record(
        session, "survey.invite", project_id=survey.project_id, actor=actor, entity="survey",
        entity_id=survey.id, count=n,
    )  # fmt: skip
    return rows


def response_counts(session: Session, survey: Survey) -> dict[str, int]:
    """Live counts: started, submitted (included), excluded (declined consent), invitations."""
    rows = session.exec(
        select(SurveyResponse.submitted_at.is_not(None), SurveyResponse.excluded, func.count())
        .where(SurveyResponse.survey_id == survey.id)
        .group_by(SurveyResponse.submitted_at.is_not(None), SurveyResponse.excluded)
    ).all()
    counts = {"in_progress": 0, "submitted": 0, "excluded": 0}
    for submitted, excluded, count in rows:
        key = "excluded" if excluded else "submitted" if submitted else "in_progress"
        counts[key] += count
    invitations = session.exec(
        select(SurveyInvitation.used, func.count())
        .where(SurveyInvitation.survey_id == survey.id)
        .group_by(SurveyInvitation.used)
    ).all()
    counts["invitations"] = sum(c for _, c in invitations)
    counts["invitations_used"] = sum(c for used, c in invitations if used)
    return counts
