"""A small study built by hand (fixtures small_url, small_study), so every count in the tables can be worked out on paper.

Participants and documents (interview dates): P1 (2022-07-01), P2 (2022-07-03), P10 (2022-07-02),
P3 (no date). Text of each document: "aaaa bbbb cccc dddd\n\neeee ffff" (paragraphs at 0-19, 21-30).
alice codes: P1 a[0,4) b[2,9) c[21,25); P2 a[0,4) memo "m&1"; P10 b[5,9) b[10,14) c(whole document).
bob codes:   P1 a[0,9); P3 b[0,4) and c[0,4).
Stage group: s1, s2 (codebook order), alice P1 s2[0,4), bob P2 s1[0,4).
"""

from __future__ import annotations

import pytest

from qualcode.analysis.codings_frame import CoderChoice
from qualcode.analysis.study import load_study
from qualcode.codebook import store as codebook_store
from qualcode.codebook.schema import parse_codebook
from qualcode.coding.codings import add_coding
from qualcode.ingest.participants import get_or_create_participant
from qualcode.project import create_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import Document

TEXT = "aaaa bbbb cccc dddd\n\neeee ffff"
CODEBOOK = {
    "name": "Small",
    "groups": [
        {"key": "g1", "name": "Group one", "description": "first"},
        {"key": "workflow_stage", "name": "Stages"},
    ],
    "codes": [
        {"key": "a", "name": "Alpha & co", "group": "g1", "definition": "A def"},
        {"key": "b", "name": "Beta", "group": "g1"},
        {"key": "c", "name": "Gamma", "group": "g1", "parent": "a"},
        {"key": "s1", "name": "Stage one", "group": "workflow_stage"},
        {"key": "s2", "name": "Stage two", "group": "workflow_stage"},
    ],
}
PEOPLE = [
    ("P1", "2022-07-01", {"size": "small", "langs": ["py", "js"]}),
    ("P2", "2022-07-03", {"size": "large", "langs": ["py"]}),
    ("P10", "2022-07-02", {"size": "small"}),
    ("P3", None, {"size": "large", "langs": "go"}),
]
CODINGS = [
    ("alice", "P1", "a", 0, 4, ""), ("alice", "P1", "b", 2, 9, ""), ("alice", "P1", "c", 21, 25, ""),
    ("alice", "P2", "a", 0, 4, "m&1"), ("alice", "P10", "b", 5, 9, ""), ("alice", "P10", "b", 10, 14, ""),
    ("alice", "P10", "c", None, None, ""), ("bob", "P1", "a", 0, 9, ""), ("bob", "P3", "b", 0, 4, ""),
    ("bob", "P3", "c", 0, 4, ""), ("alice", "P1", "s2", 0, 4, ""), ("bob", "P2", "s1", 0, 4, ""),
]  # fmt: skip


def build_small_study(url: str) -> None:
    with session_scope(url) as session:
        project = create_project(session, "Small study")
        codebook = codebook_store.import_spec(session, project, parse_codebook(CODEBOOK))
        codes = {c.key: c for c in codebook_store.codes(session, codebook)}
        documents = {}
        for label, date, attributes in PEOPLE:
            participant = get_or_create_participant(session, project, label)
            participant.attributes = attributes
            document = Document(
                project_id=project.id, participant_id=participant.id, title=f"{label}.txt",
                text=TEXT, interview_date=date,
            )  # fmt: skip
            session.add_all([participant, document])
            session.flush()
            documents[label] = document
        for coder, label, code, start, end, memo in CODINGS:
            add_coding(
                session, documents[label], get_or_create_coder(session, project, coder),
                codes[code], start, end, memo,
            )  # fmt: skip


@pytest.fixture
def small_url(sqlite_url: str) -> str:
    build_small_study(sqlite_url)
    return sqlite_url


@pytest.fixture
def small_study(small_url: str):
    """The small study's Study for all coders (union)."""
    from qualcode.project import current_project

    with session_scope(small_url) as session:
        return load_study(session, current_project(session), CoderChoice())
