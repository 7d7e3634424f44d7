"""Where each coder left off in each document, so reopening a document returns there."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from qualcode.store.models import utcnow


class ReadingPosition(SQLModel, table=True):
    """The last character offset a coder worked at in a document."""

    __table_args__ = (UniqueConstraint("coder_id", "document_id"),)
    id: int | None = Field(default=None, primary_key=True)
    coder_id: int = Field(foreign_key="coder.id", index=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    position: int = 0
    updated_at: datetime = Field(default_factory=utcnow)
