"""Qualtrics exports built here cover each quirk: 2 and 3 header rows, ImportId JSON, multi-select cells with
commas inside labels, `_TEXT` columns, display-order artefacts, consent filter, previews, XLSX, .qsf."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import Workbook
from sqlmodel import select

from qualcode.sample import SAMPLE_DIR
from qualcode.store import session_scope
from qualcode.store.survey_models import SurveyAnswer, SurveyResponse
from qualcode.survey.multiselect import split_cell, split_learned
from qualcode.survey.qualtrics_qsf import qsf_to_instrument

IDS = ["StartDate", "Status", "IPAddress", "Finished", "RecordedDate", "ResponseId", "Q1", "Q2", "Q3", "Q3_4_TEXT",
       "Q3_DO", "Q4_1", "Q4_2", "Q5", "Q6"]  # fmt: skip
TEXTS = ["Start Date", "Response Type", "IP Address", "Finished", "Recorded Date", "Response ID",
         "Do you consent to take part?", "Your role - Selected Choice",
         "What do you check? - Selected Choice", "What do you check? - Other (please specify) - Text",
         "What do you check? - Display Order", "How often ... - Missing information", "How often ... - Bad search",
         "Years of experience", "Biggest obstacle"]  # fmt: skip
IMPORT_IDS = [json.dumps({"ImportId": i}) for i in
              ["startDate", "status", "ipAddress", "finished", "recordedDate", "_recordId", "QID1", "QID7", "QID2",
               "QID2_4_TEXT", "QID2_DO", "QID3_1", "QID3_2", "QID4_TEXT", "QID8_TEXT"]]  # fmt: skip
ROWS = [
    ["2024-01-01 10:00:00", "IP Address", "1.2.3.4", "True", "2024-01-01 10:05:00", "R_1", "Yes, I consent",
     "Developer", "Model card (README, tags),Downloads,Other", "GitHub stars", "Model card (README, tags)|Downloads|Other",
     "Often", "Always", "3", "Licences are unclear, honestly."],
    ["2024-01-02 10:00:00", "IP Address", "1.2.3.5", "True", "2024-01-02 10:05:00", "R_2", "Yes, I consent",
     "Researcher", "Downloads", "", "Downloads|Other|Model card (README, tags)", "Never", "Sometimes", "10", ""],
    ["2024-01-03 10:00:00", "IP Address", "1.2.3.6", "True", "2024-01-03 10:05:00", "R_3", "No, I do not consent",
     "", "", "", "", "", "", "", ""],
    ["2024-01-04 10:00:00", "Survey Preview", "", "True", "2024-01-04 10:05:00", "R_4", "Yes, I consent",
     "Developer", "Downloads", "", "", "Often", "Often", "1", "preview"],
    ["2024-01-05 10:00:00", "IP Address", "1.2.3.7", "False", "2024-01-05 10:05:00", "R_5", "Yes, I consent",
     "Developer", "\"Papers, blogs\",Downloads", "", "", "Rarely", "Often", "5", "It is slow to find models."],
]  # fmt: skip


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_three_header_rows_with_import_ids_are_read(tmp_path, qualtrics_study):
    report = qualtrics_study.load(_write_csv(tmp_path / "e.csv", [IDS, TEXTS, IMPORT_IDS, *ROWS]))
    assert (report["imported"], report["excluded"], report["skipped_test_or_preview"]) == (3, 1, 1)
    assert [q["id"] for q in report["questions"]] == ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6"]


def test_two_header_rows_give_the_same_result(tmp_path, qualtrics_study):
    qualtrics_study.load(_write_csv(tmp_path / "e.csv", [IDS, TEXTS, *ROWS]))
    summary = qualtrics_study.summary()
    assert (summary["n_responses"], summary["n_excluded"]) == (3, 1)


def test_metadata_and_display_order_columns_are_not_questions(tmp_path, qualtrics_study):
    report = qualtrics_study.load(_write_csv(tmp_path / "e.csv", [IDS, TEXTS, IMPORT_IDS, *ROWS]))
    ids = {q["id"] for q in report["questions"]}
    assert not ids & {"IPAddress", "Q3_DO", "StartDate", "Q3_4_TEXT"}
    assert "Q3_DO" in report["unused_columns"]["display_order"]


def test_types_are_detected_from_values(tmp_path, qualtrics_study):
    report = qualtrics_study.load(_write_csv(tmp_path / "e.csv", [IDS, TEXTS, IMPORT_IDS, *ROWS]))
    types = {q["id"]: q["type"] for q in report["questions"]}
    assert types == {
        "Q1": "consent",
        "Q2": "single",
        "Q3": "multi",
        "Q4": "matrix",
        "Q5": "number",
        "Q6": "text",
    }


def test_multi_select_keeps_commas_inside_parentheses_and_quotes(tmp_path, qualtrics_study):
    qualtrics_study.load(_write_csv(tmp_path / "e.csv", [IDS, TEXTS, IMPORT_IDS, *ROWS]))
    q3 = next(q for q in qualtrics_study.summary()["questions"] if q["id"] == "Q3")
    assert q3["counts"] == {
        "Model card (README, tags)": 1,
        "Downloads": 3,
        '"Papers, blogs"': 1,
        "Other": 1,
    }


def test_text_column_becomes_the_other_answer_without_new_options(tmp_path, qualtrics_study):
    qualtrics_study.load(_write_csv(tmp_path / "e.csv", [IDS, TEXTS, IMPORT_IDS, *ROWS]))
    q3 = next(q for q in qualtrics_study.summary()["questions"] if q["id"] == "Q3")
    assert q3["other_texts"] == ["GitHub stars"] and "GitHub stars" not in q3["counts"]


def test_declined_consent_is_excluded_and_keeps_no_other_answers(tmp_path, qualtrics_study):
    qualtrics_study.load(_write_csv(tmp_path / "e.csv", [IDS, TEXTS, IMPORT_IDS, *ROWS]))
    with session_scope(qualtrics_study.url) as session:
        declined = session.exec(
            select(SurveyResponse).where(SurveyResponse.external_id == "R_3")
        ).one()
        kept = session.exec(
            select(SurveyAnswer.question_id).where(SurveyAnswer.response_id == declined.id)
        ).all()
    assert declined.excluded and kept == ["Q1"]


def test_a_second_import_skips_responses_already_there(tmp_path, qualtrics_study):
    path = _write_csv(tmp_path / "e.csv", [IDS, TEXTS, IMPORT_IDS, *ROWS])
    qualtrics_study.load(path)
    report = qualtrics_study.load(path)
    assert (report["imported"], report["duplicates"], report["created"]) == (0, 4, False)


def test_instrument_splits_labels_with_bare_commas(tmp_path, qualtrics_study):
    instrument = tmp_path / "i.yaml"
    instrument.write_text(
        "slug: x\ntitle: T\npages:\n- title: P\n  questions:\n"
        "  - {id: Q3, type: multi, text: Check, options: ['Cards,tags', 'Downloads'], other: Other}\n",
        encoding="utf-8",
    )
    rows = [["ResponseId", "Q3", "Q3_3_TEXT"], ["id", "Check", "Other - Text"], ["R_1", "Cards,tags,Downloads", ""],
            ["R_2", "Other,Cards,tags", "stars"]]  # fmt: skip
    qualtrics_study.load(_write_csv(tmp_path / "e.csv", rows), instrument=instrument)
    q3 = qualtrics_study.summary()["questions"][0]
    assert q3["counts"] == {"Cards,tags": 2, "Downloads": 1, "Other": 1} and q3["other_texts"] == [
        "stars"
    ]


def test_xlsx_export_is_read_like_csv(tmp_path, qualtrics_study):
    workbook = Workbook()
    sheet = workbook.active
    for row in [IDS, TEXTS, IMPORT_IDS, *ROWS]:
        sheet.append([int(c) if c.isdigit() else c for c in row])  # Excel stores numbers as numbers
    workbook.save(tmp_path / "e.xlsx")
    qualtrics_study.load(tmp_path / "e.xlsx")
    q5 = next(q for q in qualtrics_study.summary()["questions"] if q["id"] == "Q5")
    assert (q5["type"], q5["n_answered"], q5["mean"]) == ("number", 3, 6.0)


def _tsv_export(path: Path) -> Path:
    """The export as Qualtrics writes TSV: UTF-16 with a BOM, tab-separated, CRLF line ends."""
    with path.open("w", newline="", encoding="utf-16") as handle:
        csv.writer(handle, delimiter="\t").writerows([IDS, TEXTS, IMPORT_IDS, *ROWS])
    return path


def test_tsv_export_in_utf16_is_read_like_csv(tmp_path, qualtrics_study):
    qualtrics_study.load(_write_csv(tmp_path / "e.csv", [IDS, TEXTS, IMPORT_IDS, *ROWS]))
    from_csv = qualtrics_study.summary()["questions"]
    qualtrics_study.load(_tsv_export(tmp_path / "e.tsv"), slug="tsv")
    assert qualtrics_study.summary("tsv")["questions"] == from_csv


def test_tsv_export_saved_with_a_csv_name_is_recognised_by_its_tabs(tmp_path, qualtrics_study):
    qualtrics_study.load(_tsv_export(tmp_path / "export.csv"))
    q5 = qualtrics_study.questions()["Q5"]
    assert (q5["type"], q5["n_answered"], q5["mean"]) == ("number", 3, 6.0)


def test_split_learned_only_cuts_bare_top_level_commas():
    assert split_learned('A (x,y),"B,C",D, E,F') == ["A (x,y)", '"B,C"', "D, E", "F"]


def test_split_against_options_prefers_known_labels():
    assert split_cell("a,b,c", ["a,b", "c", "a", "b"]) == (["a,b", "c"], [])
    assert split_cell("a,zzz", ["a", "b"]) == (["a"], ["zzz"])


QSF = {
    "SurveyEntry": {"SurveyName": "Hub survey"},
    "SurveyElements": [
        {"Element": "BL", "Payload": [{"Type": "Default", "Description": "Block 1", "ID": "BL_1",
            "BlockElements": [{"Type": "Question", "QuestionID": "QID1"}, {"Type": "Page Break"},
                              {"Type": "Question", "QuestionID": "QID2"}, {"Type": "Question", "QuestionID": "QID3"},
                              {"Type": "Question", "QuestionID": "QID4"}, {"Type": "Question", "QuestionID": "QID5"}]},
            {"Type": "Trash", "ID": "BL_2", "BlockElements": [{"Type": "Question", "QuestionID": "QID9"}]}]},
        {"Element": "SQ", "PrimaryAttribute": "QID1", "Payload": {"QuestionID": "QID1", "DataExportTag": "Q1",
            "QuestionText": "Do you <b>consent</b>?", "QuestionType": "MC", "Selector": "SAVR",
            "Choices": {"1": {"Display": "Yes, I consent"}, "2": {"Display": "No, I do not consent"}}, "ChoiceOrder": [1, 2],
            "Validation": {"Settings": {"ForceResponse": "ON"}}}},
        {"Element": "SQ", "PrimaryAttribute": "QID2", "Payload": {"QuestionID": "QID2", "DataExportTag": "Q3",
            "QuestionText": "What do you check?", "QuestionType": "MC", "Selector": "MAVR",
            "Choices": {"1": {"Display": "Model card (README, tags)"}, "2": {"Display": "Downloads"},
                        "4": {"Display": "Other", "TextEntry": "true"}}, "ChoiceOrder": ["2", "1", "4"]}},
        {"Element": "SQ", "PrimaryAttribute": "QID3", "Payload": {"QuestionID": "QID3", "DataExportTag": "Q4",
            "QuestionText": "How often ...", "QuestionType": "Matrix", "Selector": "Likert", "SubSelector": "SingleAnswer",
            "Choices": {"1": {"Display": "Missing information"}, "2": {"Display": "Bad search"}},
            "Answers": {str(i): {"Display": label} for i, label in
                        enumerate(["Never", "Rarely", "Sometimes", "Often", "Always"], 1)}}},
        {"Element": "SQ", "PrimaryAttribute": "QID4", "Payload": {"QuestionID": "QID4", "DataExportTag": "Q5",
            "QuestionText": "Years", "QuestionType": "TE", "Selector": "SL",
            "Validation": {"Settings": {"ContentType": "ValidNumber"}}}},
        {"Element": "SQ", "PrimaryAttribute": "QID5", "Payload": {"QuestionID": "QID5", "DataExportTag": "Q6",
            "QuestionText": "Intro text", "QuestionType": "DB", "Selector": "TB"}},
    ],
}  # fmt: skip


def test_qsf_maps_question_types_and_keeps_option_lists():
    instrument, warnings = qsf_to_instrument(QSF, "hub")
    kinds = {q.id: (q.type, q.options, q.other) for q in instrument.questions}
    assert kinds["Q1"] == ("consent", ["Yes, I consent", "No, I do not consent"], None)
    assert kinds["Q3"] == ("multi", ["Downloads", "Model card (README, tags)"], "Other")
    assert kinds["Q4"][0] == "matrix" and kinds["Q5"][0] == "number" and "Q6" not in kinds
    assert len(instrument.pages) == 2 and instrument.questions[0].required and warnings == []


def test_qsf_instrument_drives_the_csv_import(tmp_path, qualtrics_study):
    qsf = tmp_path / "s.qsf"
    qsf.write_text(json.dumps(QSF), encoding="utf-8")
    report = qualtrics_study.load(
        _write_csv(tmp_path / "e.csv", [IDS, TEXTS, IMPORT_IDS, *ROWS]),
        instrument=qsf,
        allow_unmatched=True,
    )
    assert report["unused_columns"]["unmatched"] == ["Q2", "Q6"]
    q3 = next(q for q in qualtrics_study.summary()["questions"] if q["id"] == "Q3")
    assert q3["counts"] == {"Downloads": 3, "Model card (README, tags)": 1, "Other": 1}
    assert any(
        "Papers, blogs" in w for w in report["warnings"]
    )  # not an option of the .qsf: reported


def _types(report: dict) -> dict[str, str]:
    return {q["id"]: q["type"] for q in report["questions"]}


def test_underscore_in_a_column_id_does_not_make_it_a_matrix_item(tmp_path, qualtrics_study):
    rows = [["ResponseId", "years_ml", "Q2"], ["Response ID", "Years with ML?", "Role"],
            ["R_1", "5", "Dev"], ["R_2", "8", "Researcher"], ["R_3", "12", "Dev"]]  # fmt: skip
    report = qualtrics_study.load(_write_csv(tmp_path / "e.csv", rows))
    assert _types(report) == {"years_ml": "number", "Q2": "single"}


def test_import_id_row_decides_which_columns_are_items(tmp_path, qualtrics_study):
    rows = [["ResponseId", "years_ml", "years_other", "grid_a", "grid_b"],
            ["Response ID", "Years with ML - total", "Years elsewhere - total", "Grid - A", "Grid - B"],
            [json.dumps({"ImportId": i}) for i in ["_recordId", "QID3", "QID4", "QID5_1", "QID5_2"]],
            ["R_1", "5", "2", "Often", "Never"], ["R_2", "8", "1", "Always", "Rarely"]]  # fmt: skip
    report = qualtrics_study.load(_write_csv(tmp_path / "e.csv", rows))
    assert _types(report) == {"years_ml": "number", "years_other": "number", "grid": "matrix"}


def test_numeric_suffixes_group_without_an_import_id_row(tmp_path, qualtrics_study):
    rows = [["ResponseId", "Q5_1", "Q5_2"], ["Response ID", "Often A", "Often B"],
            ["R_1", "Often", "Never"], ["R_2", "Always", "Rarely"]]  # fmt: skip
    report = qualtrics_study.load(_write_csv(tmp_path / "e.csv", rows))
    assert _types(report) == {"Q5": "matrix"}


def test_named_items_group_only_when_their_texts_share_a_stem(tmp_path, qualtrics_study):
    rows = [["ResponseId", "grid_a", "grid_b", "age_now", "age_then"],
            ["Response ID", "Grid - A", "Grid - B", "Age today", "Age at first job"],
            ["R_1", "Often", "Never", "30", "22"], ["R_2", "Always", "Rarely", "41", "25"]]  # fmt: skip
    report = qualtrics_study.load(_write_csv(tmp_path / "e.csv", rows))
    assert _types(report) == {"grid": "matrix", "age_now": "number", "age_then": "number"}


def test_shipped_sample_imports_without_an_instrument(qualtrics_study):
    report = qualtrics_study.load(SAMPLE_DIR / "survey_responses.csv")
    types = _types(report)
    assert (types["years_ml"], types["attribute_ranking"], types["information_sources"]) == (
        "number",
        "ranking",
        "multi",
    )
    assert (report["imported"], report["excluded"], report["warnings"]) == (24, 1, [])
