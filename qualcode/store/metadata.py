"""The shared MetaData with constraint-naming conventions, so migrations can name what they alter."""

from sqlmodel import SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Importing the table modules registers them on the metadata; features with tables add theirs here.
from qualcode.store import (  # noqa: E402,F401
    coding_models,
    deid_models,
    evidence_models,
    models,
    segment_models,
    suggestion_models,
    survey_models,
)

metadata = SQLModel.metadata
