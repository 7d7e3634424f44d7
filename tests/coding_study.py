"""A small coding study for tests: a codebook with an exclusive group, a transcript with an emoji, two coders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session

from qualcode.codebook import store as codebook_store
from qualcode.codebook.schema import parse_codebook
from qualcode.ingest.documents import import_transcript_file, list_documents
from qualcode.project import create_project, current_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import Code, Codebook, Coder, Document, Project

CODEBOOK = {
    "name": "Test codebook",
    "groups": [
        {"key": "stage", "name": "Stage", "exclusive": True},
        {"key": "challenge", "name": "Challenges"},
    ],
    "codes": [
        {"key": "selection", "name": "Model selection", "group": "stage"},
        {"key": "deployment", "name": "Deployment", "group": "stage"},
        {"key": "docs", "name": "Missing documentation", "group": "challenge"},
        {"key": "license", "name": "Licence unclear", "group": "challenge", "parent": "docs"},
    ],
}
TRANSCRIPT = (
    "Interviewer: How do you pick a model? 🤔\n"
    "Maya: I check the model card first and the downloads.\n"
    "Interviewer: And the licence?\n"
    "Maya: Often the licence is missing, so we cannot deploy it.\n"
)


def build_study(url: str, tmp_path: Path, codebook: dict = CODEBOOK) -> None:
    """Project, codebook, one transcript (participant P1) and coders alice and bob."""
    transcript = tmp_path / "interview.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    with session_scope(url) as session:
        project = create_project(session, "Coding study")
        codebook_store.import_spec(session, project, parse_codebook(codebook), "test")
        import_transcript_file(session, project, transcript, "P1")
        get_or_create_coder(session, project, "alice")
        get_or_create_coder(session, project, "bob")


@pytest.fixture
def study_url(sqlite_url: str, tmp_path: Path) -> str:
    build_study(sqlite_url, tmp_path)
    return sqlite_url


@pytest.fixture
def any_study_url(any_url: str, tmp_path: Path) -> str:
    build_study(any_url, tmp_path)
    return any_url


@dataclass
class Study:
    """The study's rows, for tests that work inside one session."""

    project: Project
    codebook: Codebook
    code: dict[str, Code]  # by key
    document: Document
    alice: Coder
    bob: Coder


def open_study(session: Session) -> Study:
    """The project, codebook, codes, transcript and the two coders of `build_study`."""
    project = current_project(session)
    codebook = codebook_store.require_codebook(session, project)
    return Study(
        project, codebook, {c.key: c for c in codebook_store.codes(session, codebook)},
        list_documents(session, project)[0], get_or_create_coder(session, project, "alice"),
        get_or_create_coder(session, project, "bob"),
    )  # fmt: skip
