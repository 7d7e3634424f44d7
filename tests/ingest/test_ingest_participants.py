"""Participant metadata: column mapping, typed attributes, multi-valued cells."""

import json

import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.errors import ValidationError
from qualcode.ingest.documents import ImportOptions, import_bytes
from qualcode.ingest.participants import (
    import_participant_rows,
    list_participants,
    read_table_bytes,
)
from qualcode.project import current_project
from qualcode.store import session_scope
from tests.conftest import PTM_DATA

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


def test_column_with_a_list_in_any_row_is_a_list_in_every_row(project_url):
    rows = read_table_bytes("d.csv", SHEET)
    with session_scope(project_url) as session:
        people = import_participant_rows(session, current_project(session), rows, "id", "d.csv")
        assert [p.attributes["models"] for p in people] == [
            ["Computer Vision", "Natural Language Processing"],
            ["NLP"],
        ]
        assert [p.attributes["company"] for p in people] == ["startup", "large"]


def test_id_format_maps_sheet_ids(project_url):
    rows = read_table_bytes("d.csv", b"id,years\n01,5\n2,7\n")
    with session_scope(project_url) as session:
        people = import_participant_rows(
            session, current_project(session), rows, "id", "d.csv", id_format="P{}"
        )
        assert [p.label for p in people] == ["P1", "P2"]


def test_id_format_without_a_slot_is_refused(project_url):
    rows = read_table_bytes("d.csv", b"id,years\n1,5\n")
    with (
        session_scope(project_url) as session,
        pytest.raises(ValidationError, match="`id_format` .P. must hold one"),
    ):
        import_participant_rows(
            session, current_project(session), rows, "id", "d.csv", id_format="P"
        )


def test_real_demographics_match_the_transcripts_ids(project_url):
    result = CliRunner().invoke(
        cli,
        ["import", "demographics", str(PTM_DATA / "demographics.csv"), "--id-column",
         "Participant", "--id-format", "P{}", "--db", project_url, "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    people = json.loads(result.output)
    assert [p["participant"] for p in people] == [f"P{i}" for i in range(1, 13)]
    assert all(isinstance(p["attributes"]["Model types"], list) for p in people)
    assert people[1]["attributes"]["Model types"] == ["Natural Language Processing"]


def test_answer_sheet_list_column_is_a_list_in_every_row(project_url):
    sheet = b'id,answer,tools\nP1,Cards help.,"git,dvc"\nP2,Licences.,git\n'
    with session_scope(project_url) as session:
        project = current_project(session)
        import_bytes(
            session, project, "a.csv", sheet, ImportOptions(id_column="id", text_column="answer")
        )
        tools = [p.attributes["tools"] for p in list_participants(session, project)]
    assert tools == [["git", "dvc"], ["git"]]
