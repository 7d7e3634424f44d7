"""What "live" means: rows not soft-deleted, and the codings a study counts.

Deletes are soft, so almost every read filters them out; these two keep that rule in one place.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import select

from qualcode.store.models import Coding, Document


def live(model: Any) -> ColumnElement[bool]:
    """The condition "not deleted" for a table with a `deleted_at` column (Document, Coding, ...)."""
    return model.deleted_at.is_(None)


def live_codings(project_id: int, *columns: Any):
    """SELECT `columns` over the project's live codings of its live documents (Coding joined to
    Document); callers add their own joins, filters and order."""
    return (
        select(*columns)
        .select_from(Coding)
        .join(Document, Coding.document_id == Document.id)
        .where(Document.project_id == project_id, live(Document), live(Coding))
    )
