"""De-identification tables: proposals awaiting review, and the pseudonym mapping kept apart from the text."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from qualcode.store.models import utcnow


class DeidProposal(SQLModel, table=True):
    """A passage proposed for replacement; the researcher accepts, rejects or edits it before it is applied."""

    __tablename__ = "deid_proposal"
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    start: int
    end: int
    original: str
    kind: str  # person | org | email | url | phone | handle | other
    source: str = "rule"  # rule | speaker | participant | user | ner | manual
    replacement: str
    status: str = "proposed"  # proposed | accepted | rejected | applied
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Pseudonym(SQLModel, table=True):
    """original -> pseudonym, consistent across the project; exported only on explicit request."""

    __tablename__ = "pseudonym"
    __table_args__ = (UniqueConstraint("project_id", "kind", "original"),)
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    kind: str
    original: str
    pseudonym: str
    created_at: datetime = Field(default_factory=utcnow)
