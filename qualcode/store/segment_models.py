"""Derived segments (sentences, paragraphs) stored per document and segmenter, never edited by hand."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from qualcode.store.models import utcnow


class DocumentSegments(SQLModel, table=True):
    """One document's units of one kind as [start, end] offsets, as one segmenter cut them.

    `source_sha256` fingerprints what the segments were cut from (the text and the turn
    boundaries); a row whose fingerprint no longer matches is recomputed.
    """

    __tablename__ = "document_segments"
    __table_args__ = (UniqueConstraint("document_id", "unit", "segmenter"),)
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    unit: str  # sentence | paragraph
    segmenter: str  # e.g. "spacy 3.8.2 blank en + sentencizer; qualcode segments 1"
    source_sha256: str
    spans: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
