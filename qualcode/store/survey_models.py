"""Survey tables: surveys (instrument + status), one-time invitation tokens, responses, answers.

Tokens are stored only as SHA-256 hashes. In an anonymous survey no column links an
invitation to a response: a response in progress holds only a separately derived resume
hash, which is cleared when the response is submitted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from qualcode.store.models import utcnow


class Survey(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "slug"),)
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    slug: str
    title: str
    status: str = "draft"  # draft | open | closed
    anonymous: bool = True
    open_link: bool = False  # anyone with ?survey=SLUG may answer (no token needed)
    source: str = "instrument"  # instrument | qualtrics
    instrument: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    opened_at: datetime | None = None
    closed_at: datetime | None = None


class SurveyInvitation(SQLModel, table=True):
    """A one-time token (hash only). `response_id` stays empty in anonymous surveys."""

    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    token_hash: str = Field(index=True, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    used: bool = False
    response_id: int | None = Field(default=None, foreign_key="surveyresponse.id")


class SurveyResponse(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("survey_id", "external_id"),)
    id: int | None = Field(default=None, primary_key=True)
    survey_id: int = Field(foreign_key="survey.id", index=True)
    resume_hash: str | None = Field(default=None, index=True)
    external_id: str | None = None  # e.g. the Qualtrics ResponseId of an imported response
    current_page: int = 0
    started_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None
    excluded: bool = False  # declined consent: kept out of results, counted separately
    meta: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class SurveyAnswer(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)
    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="surveyresponse.id", index=True)
    question_id: str
    value: dict | list | str | float | int | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    other_text: str = ""
    updated_at: datetime = Field(default_factory=utcnow)
