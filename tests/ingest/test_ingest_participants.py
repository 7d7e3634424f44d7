"""Participant metadata: column mapping, typed attributes, multi-valued cells."""

import pytest

from qualcode.errors import ValidationError
from qualcode.ingest.participants import import_participant_rows, read_table_bytes
from qualcode.project import current_project
from qualcode.store import session_scope

SHEET = b'id,years,models,company,,\nP1,5,"Computer Vision,Natural Language Processing",startup,,\nP2,12,NLP,large,,\n'


def test_mapping_renames_types_and_leaves_out(project_url):
    rows = read_table_bytes("d.csv", SHEET)
    columns = {"years": ("experience_years", "number"), "models": ("model_types", "list")}
    with session_scope(project_url) as session:
        people = import_participant_rows(
            session, current_project(session), rows, "id", "d.csv", columns
        )
        assert people[0].attributes == {
            "experience_years": 5,
            "model_types": ["Computer Vision", "Natural Language Processing"],
        }
        assert people[1].attributes == {"experience_years": 12, "model_types": ["NLP"]}


def test_number_column_with_text_names_the_cell(project_url):
    rows = read_table_bytes("d.csv", b"id,years\nP1,five\n")
    with (
        session_scope(project_url) as session,
        pytest.raises(
            ValidationError, match="d.csv, line 2, column 'years': 'five' is not a number"
        ),
    ):
        import_participant_rows(
            session, current_project(session), rows, "id", "d.csv", {"years": ("years", "number")}
        )
