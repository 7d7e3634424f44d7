"""Code suggestions: the models trained on a project's own codings, and the suggestions they made.

A trained model is stored with everything needed to say what it is and to use it again: the
codebook version, the unit, the coders it learnt from, a hash of the training codings, the
library versions and the parameters; the fitted features (vocabulary and idf weights) once per
model and one set of classifier weights per code. Its suggestions are ordinary codings of its
own coder (role `assistant`); `Suggestion` adds each one's probability and what a person decided.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from qualcode.store.models import utcnow


class SuggestionModel(SQLModel, table=True):
    """One training run, named after (and writing as) its assistant coder."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    assistant_id: int = Field(foreign_key="coder.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    codebook_version: int = 1
    unit: str = "turn"
    coders: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    consensus: bool = False
    training_hash: str = ""
    versions: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    parameters: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    skipped: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    features: str = Field(default="", sa_column=Column(Text, nullable=False))
    deleted_at: datetime | None = None


class SuggestionCodeModel(SQLModel, table=True):
    """The classifier of one code within a model: its examples and its weights (float32 bytes)."""

    __table_args__ = (UniqueConstraint("model_id", "code_id"),)
    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="suggestionmodel.id", index=True)
    code_id: int = Field(foreign_key="code.id", index=True)
    n_positive: int = 0
    n_negative: int = 0
    weights: bytes = Field(default=b"", sa_column=Column(LargeBinary, nullable=False))
    intercept: float = 0.0
    a: float = -1.0  # Platt's sigmoid: p = 1 / (1 + exp(a * score + b))
    b: float = 0.0


class Suggestion(SQLModel, table=True):
    """A suggestion (an assistant's coding) with its probability and a person's decision."""

    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="suggestionmodel.id", index=True)
    coding_id: int = Field(foreign_key="coding.id", index=True, unique=True)
    code_id: int = Field(foreign_key="code.id", index=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    probability: float = 0.0
    status: str = "open"  # open | accepted | rejected
    decided_by: str = ""
    decided_at: datetime | None = None
    accepted_coding_id: int | None = Field(default=None, foreign_key="coding.id")
