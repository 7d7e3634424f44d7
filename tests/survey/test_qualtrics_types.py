"""A .qsf with broken parts (a field of the wrong kind anywhere in a question) is read or refused
with a ValidationError, never a traceback; and each type's mapping keeps its Qualtrics source."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from qualcode.errors import ValidationError
from qualcode.survey.qualtrics_qsf import qsf_to_instrument

QSF = json.loads(
    (Path(__file__).parent / "data" / "qualtrics" / "every_type.qsf").read_text(encoding="utf-8")
)
WRONG = [None, "x", 7, [], {}, [{"Display": 1}], {"1": "x"}]
QUESTIONS = [i for i, e in enumerate(QSF["SurveyElements"]) if e["Element"] == "SQ"]


@pytest.mark.parametrize("index", QUESTIONS)
def test_a_field_of_the_wrong_kind_is_read_or_refused_cleanly(index):
    for key in QSF["SurveyElements"][index]["Payload"]:
        for wrong in WRONG:
            data = copy.deepcopy(QSF)
            data["SurveyElements"][index]["Payload"][key] = wrong
            try:
                qsf_to_instrument(data, "broken")
            except ValidationError:
                pass


@pytest.mark.parametrize("element", ["BL", "FL"])
def test_broken_blocks_or_flow_are_read_or_refused_cleanly(element):
    for wrong in WRONG:
        data = copy.deepcopy(QSF)
        next(e for e in data["SurveyElements"] if e["Element"] == element)["Payload"] = wrong
        try:
            qsf_to_instrument(data, "broken")
        except ValidationError:
            pass


@pytest.mark.parametrize("key", ["BlockElements", "Description", "ID", "Type"])
def test_a_broken_block_field_is_read_or_refused_cleanly(key):
    for wrong in [*WRONG, [{"Type": "Question", "QuestionID": ["QID1"]}], [7, None]]:
        data = copy.deepcopy(QSF)
        next(e for e in data["SurveyElements"] if e["Element"] == "BL")["Payload"][0][key] = wrong
        try:
            qsf_to_instrument(data, "broken")
        except ValidationError:
            pass


def test_every_question_keeps_its_tag_and_import_id():
    instrument, _ = qsf_to_instrument(QSF, "every")
    sources = {q.id: (q.qualtrics["tag"], q.qualtrics["qid"]) for q in instrument.questions}
    assert sources["matrix_multi_2"] == ("matrix_multi_2", "QID9_2")
    assert sources["sbs_1"] == ("sbs#1", "QID13#1")
    assert sources["Q11_-_sequential"] == ("Q11 - sequential", "QID4")


def test_repeated_and_empty_choice_texts_get_distinct_labels():
    data = copy.deepcopy(QSF)
    payload = next(e for e in data["SurveyElements"] if e.get("PrimaryAttribute") == "QID4")[
        "Payload"
    ]
    payload["Choices"] = {
        "1": {"Display": "Weekly"},
        "2": {"Display": "Weekly"},
        "3": {"Display": ""},
    }
    instrument, _ = qsf_to_instrument(data, "every")
    assert instrument.question("Q11_-_sequential").options == ["Weekly", "Weekly (2)", "Choice 3"]


def test_matrix_rows_with_their_own_export_tags_find_their_columns(qualtrics_study, tmp_path):
    data = copy.deepcopy(QSF)
    payload = next(e for e in data["SurveyElements"] if e.get("PrimaryAttribute") == "QID10")[
        "Payload"
    ]
    payload["ChoiceDataExportTags"] = {"1": "ModelA_rating", "2": "ModelB_rating"}
    qsf = tmp_path / "tags.qsf"
    qsf.write_text(json.dumps(data), encoding="utf-8")
    export = tmp_path / "tags.csv"
    export.write_text("ResponseId,consent,ModelA_rating,ModelB_rating\nResponse ID,Consent?,A,B\n"
                      "R_tagged001,I agree to take part,High,Low\nR_tagged002,I agree to take part,,High\n",
                      encoding="utf-8")  # fmt: skip
    report = qualtrics_study.load(export, "tags", qsf)
    assert (report["answers"]["matrix_dd"], report["unused_columns"]["unmatched"]) == (2, [])
    items = qualtrics_study.questions("tags")["matrix_dd"]["items"]
    assert [i["counts"] for i in items] == [{"Low": 0, "High": 1}, {"Low": 1, "High": 1}]


def _with_question(payload: dict) -> dict:
    data = copy.deepcopy(QSF)
    data["SurveyElements"].append(
        {"Element": "SQ", "PrimaryAttribute": payload["QuestionID"], "Payload": payload}
    )
    block = next(e for e in data["SurveyElements"] if e["Element"] == "BL")["Payload"][0]
    block["BlockElements"].append({"Type": "Question", "QuestionID": payload["QuestionID"]})
    return data


def test_carried_forward_choices_come_from_the_earlier_question():
    data = _with_question({"QuestionID": "QID40", "DataExportTag": "again", "QuestionText": "Which again?",
                           "QuestionType": "MC", "Selector": "MAVR", "Choices": {},
                           "DynamicChoices": {"Locator": "q://QID5/ChoiceGroup/SelectedChoices"}})  # fmt: skip
    instrument, _ = qsf_to_instrument(data, "every")
    question = instrument.question("again")
    assert (question.type, question.options, question.other) == (
        "multi",
        ["Hub, web", "Papers"],
        "Other",
    )
    assert question.qualtrics["choices"]["x2"] == "Papers"


def test_a_question_the_schema_cannot_take_is_imported_as_text_with_a_warning():
    data = _with_question({"QuestionID": "QID41", "DataExportTag": "empty_grid", "QuestionText": "Rate",
                           "QuestionType": "Matrix", "Selector": "Likert", "SubSelector": "SingleAnswer",
                           "Choices": {}, "Answers": {"1": {"Display": "Good"}}})  # fmt: skip
    instrument, warnings = qsf_to_instrument(data, "every")
    assert instrument.question("empty_grid").type == "text"
    assert any(
        w.startswith("question empty_grid (Matrix/Likert/SingleAnswer) is imported as text: ")
        for w in warnings
    )


def test_a_survey_of_only_descriptive_text_says_so():
    data = copy.deepcopy(QSF)
    data["SurveyElements"] = [e for e in data["SurveyElements"]
                              if e["Element"] != "SQ" or e["Payload"]["QuestionType"] in ("DB", "Timing")]  # fmt: skip
    with pytest.raises(ValidationError, match="the survey holds no questions"):
        qsf_to_instrument(data, "empty")
