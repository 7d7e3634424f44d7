"""A project with the PTM codebook and the sample survey instrument, on SQLite or PostgreSQL."""

from __future__ import annotations

import pytest

from qualcode.codebook import store as codebook_store
from qualcode.codebook.files import read_codebook_file
from qualcode.project import create_project, current_project
from qualcode.sample import CODEBOOK_DIR
from qualcode.store import session_scope
from qualcode.survey.instrument import parse_instrument
from qualcode.survey.qualtrics_import import import_qualtrics
from qualcode.survey.results import load_results
from qualcode.survey.summary import survey_summary
from qualcode.survey.surveys import get_survey

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


class QualtricsStudy:
    """A project on a fresh SQLite file that Qualtrics files are imported into."""

    def __init__(self, url: str) -> None:
        self.url = url
        with session_scope(url) as session:
            create_project(session, "Qualtrics study")

    def load(self, path, slug: str = "qx", instrument=None, **options) -> dict:
        """The import report of `import_qualtrics`."""
        with session_scope(self.url) as session:
            project = current_project(session)
            return import_qualtrics(session, project, path, slug, instrument, **options)

    def summary(self, slug: str = "qx") -> dict:
        with session_scope(self.url) as session:
            survey = get_survey(session, current_project(session), slug)
            return survey_summary(load_results(session, survey))

    def questions(self, slug: str = "qx") -> dict[str, dict]:
        """The summary's questions by id."""
        return {q["id"]: q for q in self.summary(slug)["questions"]}


@pytest.fixture
def qualtrics_study(sqlite_url) -> QualtricsStudy:
    return QualtricsStudy(sqlite_url)
