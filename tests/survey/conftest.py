"""A project with the PTM codebook and the sample survey instrument, on SQLite or PostgreSQL."""

from __future__ import annotations

import pytest

from qualcode.codebook import store as codebook_store
from qualcode.codebook.files import read_codebook_file
from qualcode.project import create_project
from qualcode.sample import CODEBOOK_DIR
from qualcode.store import session_scope
from qualcode.survey.instrument import parse_instrument

MINI = {
    "slug": "mini",
    "title": "Mini survey",
    "pages": [
        {"title": "Consent", "questions": [{"id": "consent", "type": "consent", "text": "Agree?"}]},
        {"title": "About", "questions": [
            {"id": "role", "type": "single", "text": "Role", "options": ["Dev", "Researcher"], "other": True,
             "required": True, "demographic": True},
            {"id": "tools", "type": "multi", "text": "Tools", "options": ["Hub, web", "Papers"], "other": True},
            {"id": "years", "type": "number", "text": "Years", "min": 0, "max": 50, "integer": True},
            {"id": "pain", "type": "likert", "text": "Search hurts", "codes": ["model_search"],
             "show_if": {"question": "role", "equals": "Dev"}},
            {"id": "grid", "type": "matrix", "text": "Grid", "items": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
             "labels": "agreement"},
            {"id": "rank", "type": "ranking", "text": "Rank", "options": ["x", "y", "z"]},
            {"id": "note", "type": "long_text", "text": "Note", "max_length": 50},
        ]},
    ],
}  # fmt: skip


@pytest.fixture
def study(any_url):
    """(url, instrument) for a project holding the PTM codebook."""
    with session_scope(any_url) as session:
        project = create_project(session, "Survey study")
        codebook_store.import_spec(
            session, project, read_codebook_file(CODEBOOK_DIR / "ptm_reuse.yaml")
        )
    return any_url, parse_instrument(MINI)
