"""The core tables: project, participants, documents and turns, codebook, coders, codings, memos, audit.

Spans are pairs of Python character offsets into `Document.text` (stored once, normalised).
Deletes are soft (`deleted_at`); every change writes an `AuditEvent`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Timestamps are aware and stored in UTC on SQLite and PostgreSQL alike."""
    return datetime.now(UTC)


def _json(default: Any = None) -> Any:
    factory = dict if default is dict else list
    return Field(default_factory=factory, sa_column=Column(JSON, nullable=False))


class Project(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    created_at: datetime = Field(default_factory=utcnow)
    blind_coding: bool = False
    reconciliation_open: bool = False
    settings: dict = _json(dict)


class Participant(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "label"),)
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    label: str  # the researcher's id, e.g. "P3"
    attributes: dict = _json(dict)
    created_at: datetime = Field(default_factory=utcnow)


class Document(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    participant_id: int | None = Field(default=None, foreign_key="participant.id", index=True)
    title: str
    source_name: str = ""
    format: str = "txt"
    sha256: str = Field(default="", index=True)
    kind: str = "interview"  # interview | survey_answer | other
    text: str = Field(sa_column=Column(Text, nullable=False))
    interview_date: str | None = None  # ISO date when known (from the file name or metadata)
    imported_at: datetime = Field(default_factory=utcnow)
    meta: dict = _json(dict)  # reader warnings, transcription markers, etc.
    deleted_at: datetime | None = None


class SpeakerTurn(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    seq: int
    speaker: str
    role: str = "other"  # interviewer | participant | other
    start: int
    end: int
    timestamp: float | None = None  # seconds from the start of the recording


class Codebook(SQLModel, table=True):
    """One codebook per project; `version` is the current version, bumped by every edit."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    name: str
    version: int = 1
    description: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CodebookVersion(SQLModel, table=True):
    """A frozen snapshot of the codebook (its YAML structure) at one version."""

    __table_args__ = (UniqueConstraint("codebook_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    codebook_id: int = Field(foreign_key="codebook.id", index=True)
    version: int
    created_at: datetime = Field(default_factory=utcnow)
    author: str = ""
    note: str = ""
    snapshot: dict = _json(dict)


class CodeGroup(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("codebook_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    codebook_id: int = Field(foreign_key="codebook.id", index=True)
    key: str
    name: str
    exclusive: bool = False
    description: str = ""
    position: int = 0


class Code(SQLModel, table=True):
    """A code; codings point at its id, so renaming the key or name never breaks them.

    A live code's key is unique in its codebook (a partial unique index: retired and merged codes
    keep their old keys)."""

    __table_args__ = (
        Index(
            "uq_code_live_key", "codebook_id", "key", unique=True,
            sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL"),
        ),
    )  # fmt: skip
    id: int | None = Field(default=None, primary_key=True)
    codebook_id: int = Field(foreign_key="codebook.id", index=True)
    group_id: int | None = Field(default=None, foreign_key="codegroup.id", index=True)
    parent_id: int | None = Field(default=None, foreign_key="code.id")
    key: str = Field(index=True)
    name: str
    definition: str = ""
    include: str = ""
    exclude: str = ""
    examples: list = _json(list)
    color: str = "#1f77b4"
    evidence: list = _json(list)
    survey_items: list = _json(list)
    position: int = 0
    merged_into_id: int | None = Field(default=None, foreign_key="code.id")
    deleted_at: datetime | None = None


class Coder(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    name: str
    role: str = "coder"  # coder | owner | consensus
    password_hash: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Coding(SQLModel, table=True):
    """(document, coder, code, start, end, memo); start = end = None is a whole-document coding."""

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    coder_id: int = Field(foreign_key="coder.id", index=True)
    code_id: int = Field(foreign_key="code.id", index=True)
    start: int | None = None
    end: int | None = None
    memo: str = ""
    codebook_version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = None


class Memo(SQLModel, table=True):
    """A memo on the project, a document (optionally anchored to a passage), a code or a coding."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    target: str = "project"  # project | document | code | coding
    target_id: int | None = None
    start: int | None = None
    end: int | None = None
    author: str = ""
    title: str = ""
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    deleted_at: datetime | None = None


class AuditEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int | None = Field(default=None, index=True)
    at: datetime = Field(default_factory=utcnow)
    actor: str = ""
    action: str  # e.g. "coding.create", "code.merge", "codebook.import"
    entity: str = ""
    entity_id: int | None = None
    detail: dict = _json(dict)
