"""The instrument format: valid files load; each problem is reported with its question and field."""

from __future__ import annotations

import copy

import pytest

from qualcode.errors import ValidationError
from qualcode.sample import CODEBOOK_DIR
from qualcode.survey.instrument import (
    dump_instrument,
    parse_instrument,
    parse_instrument_text,
    read_instrument_file,
)
from tests.survey.conftest import MINI


def test_sample_instrument_loads():
    instrument = read_instrument_file(CODEBOOK_DIR / "ptm_reuse_survey.yaml")
    assert instrument.slug == "ptm-reuse" and instrument.question("missing_attributes").codes == [
        "missing_attributes"
    ]


def test_dump_and_parse_round_trip():
    instrument = parse_instrument(MINI)
    again = parse_instrument_text(dump_instrument(instrument), "x")
    assert again.to_dict() == instrument.to_dict() and again.question("years").min == 0


def test_every_problem_names_question_and_field():
    data = copy.deepcopy(MINI)
    questions = data["pages"][1]["questions"]
    questions[0]["options"] = []
    questions[0].pop("other")
    questions[2]["min"] = "zero"
    questions[3]["show_if"] = {"question": "role", "equals": "Nobody"}
    questions[4]["colour"] = "red"
    with pytest.raises(ValidationError) as caught:
        parse_instrument(data, "mini.yaml")
    message = str(caught.value)
    assert message.startswith("mini.yaml: invalid survey instrument (4 problems)")
    assert "page 2, question 'role': field 'options' must list at least one option" in message
    assert "question 'years': field 'min' must be a number" in message
    assert "question 'pain': field 'show_if': 'Nobody' is not an option of 'role'" in message
    assert "question 'grid': unknown field 'colour'" in message


def test_condition_must_point_backwards():
    data = copy.deepcopy(MINI)
    data["pages"][1]["questions"][0]["show_if"] = {"question": "note", "answered": True}
    with pytest.raises(ValidationError, match="question 'note' must come before this one"):
        parse_instrument(data)


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(ValidationError, match=r"bad.yaml: not valid YAML \(line 3"):
        parse_instrument_text("slug: x\npages: [\n", "bad.yaml")


def test_likert_defaults_to_five_frequency_labels():
    assert parse_instrument(MINI).question("pain").options == [
        "Never",
        "Rarely",
        "Sometimes",
        "Often",
        "Always",
    ]


def test_one_option_and_one_label_are_valid_as_in_qualtrics():
    data = copy.deepcopy(MINI)
    questions = data["pages"][1]["questions"]
    questions[0]["options"] = ["Dev"]
    questions[4]["labels"] = ["Applies"]
    instrument = parse_instrument(data)
    assert (instrument.question("role").options, instrument.question("grid").options) == (
        ["Dev"],
        ["Applies"],
    )


def test_an_empty_label_list_is_refused():
    data = copy.deepcopy(MINI)
    data["pages"][1]["questions"][4]["labels"] = []
    with pytest.raises(ValidationError, match="field 'labels' must hold at least one label"):
        parse_instrument(data)


def test_qualtrics_source_survives_a_round_trip():
    data = copy.deepcopy(MINI)
    data["pages"][1]["questions"][0]["qualtrics"] = {
        "tag": "Q 1",
        "qid": "QID7",
        "recodes": {"4": "Dev"},
    }
    instrument = parse_instrument_text(dump_instrument(parse_instrument(data)), "x")
    assert instrument.question("role").qualtrics == {
        "tag": "Q 1",
        "qid": "QID7",
        "recodes": {"4": "Dev"},
    }
