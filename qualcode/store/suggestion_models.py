"""Code suggestions: the models trained on a project's own codings, and the suggestions they made.

A trained model is stored with everything needed to say what it is and to use it again: the
codebook version, the unit, the coders it learnt from, a hash of the training codings, the
library versions and the parameters; the fitted features (vocabulary and idf weights) once per
model and one set of classifier weights per code. Its suggestions are ordinary codings of its
own coder (role `assistant`); `Suggestion` adds each one's probability, and each person's decision
on it is a `SuggestionDecision` of its own: a suggestion is the assistant's coding, and every
human coder accepts or rejects it for themself.
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
    """A suggestion (an assistant's coding) with its probability."""

    id: int | None = Field(default=None, primary_key=True)
    model_id: int = Field(foreign_key="suggestionmodel.id", index=True)
    coding_id: int = Field(foreign_key="coding.id", index=True, unique=True)
    code_id: int = Field(foreign_key="code.id", index=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    probability: float = 0.0


ACCEPTED, REJECTED = "accepted", "rejected"


class SuggestionDecision(SQLModel, table=True):
    """One coder's decision on one suggestion: accepted (it became `coding_id`, their own coding)
    or rejected (no longer offered to them). Other coders still decide for themselves."""

    __table_args__ = (UniqueConstraint("suggestion_id", "coder_id"),)
    id: int | None = Field(default=None, primary_key=True)
    suggestion_id: int = Field(foreign_key="suggestion.id", index=True)
    coder_id: int = Field(foreign_key="coder.id", index=True)
    decision: str  # accepted | rejected
    decided_at: datetime = Field(default_factory=utcnow)
    coding_id: int | None = Field(default=None, foreign_key="coding.id")
