"""A corpus of Qualtrics files (data/qualtrics): one .qsf with every question type and its export
in each variant (3 header rows with JSON or Python-quoted ImportIds, 2 rows, 1 row, numeric values),
plus two real exports of the qualtRics package. Each import is checked for its questions, its
responses and each question's number of answers, counted independently with pandas on the CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from sqlmodel import select

from qualcode.errors import ValidationError
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.survey_models import SurveyResponse
from qualcode.survey.qualtrics_import import create_from_instrument
from qualcode.survey.surveys import get_survey, instrument_of
from tests.survey.conftest import QualtricsStudy

CORPUS = Path(__file__).parent / "data" / "qualtrics"
QSF = CORPUS / "every_type.qsf"
VARIANTS = {"3rows": 3, "python_quotes": 3, "2rows": 2, "1row": 1, "numeric": 3}
# question id -> (type, export columns that hold its answers), written from the .qsf by hand
EXPECTED = {
    "consent": ("consent", ["consent"]),
    "Q_1": ("single", ["Q 1"]),
    "agree": ("multi", ["agree"]),
    "Q11_-_sequential": ("single", ["Q11 - sequential"]),
    "tools": ("multi", ["tools"]),
    "nps": ("number", ["nps"]),
    "Questionnaire_3f2a9c1e-77b0": ("matrix", [f"Questionnaire 3f2a9c1e-77b0_{i}" for i in (1, 2, 3)]),
    "one_cell": ("matrix", ["one_cell_1"]),
    "matrix_multi_1": ("multi", ["matrix_multi_1_1", "matrix_multi_1_2"]),
    "matrix_multi_2": ("multi", ["matrix_multi_2_1", "matrix_multi_2_2"]),
    "matrix_dd": ("matrix", ["matrix_dd_1", "matrix_dd_2"]),
    "matrix_dnd": ("matrix", ["matrix_dnd_1", "matrix_dnd_2"]),
    "bipolar": ("matrix", ["bipolar_1"]),
    "sbs_1": ("matrix", ["sbs#1_1", "sbs#1_2"]),
    "sbs_2_1_1": ("text", ["sbs#2_1_1"]),
    "sbs_2_2_1": ("text", ["sbs#2_2_1"]),
    "slider_1": ("number", ["slider_1"]),
    "slider_2": ("number", ["slider_2"]),
    "cs_1": ("number", ["cs_1"]),
    "cs_2": ("number", ["cs_2"]),
    "cs_3": ("number", ["cs_3"]),
    "name": ("text", ["name"]),
    "story": ("long_text", ["story"]),
    "essay": ("long_text", ["essay"]),
    "years": ("number", ["years"]),
    "contact_1": ("text", ["contact_1"]),
    "contact_2": ("text", ["contact_2"]),
    "rank": ("ranking", ["rank_1", "rank_2", "rank_3"]),
    "upload": ("text", ["upload_Id", "upload_Name", "upload_Size", "upload_Type"]),
    "Pr_f_rence": ("single", ["Préférence"]),
    "single_opt": ("single", ["single_opt"]),
}  # fmt: skip


@pytest.fixture
def study(qualtrics_study):
    return qualtrics_study


def _import(
    study, path: Path, instrument: Path | None = QSF, slug: str = "every", **options
) -> dict:
    return study.load(path, slug, instrument, **options)


def _summary(study, slug: str = "every") -> dict:
    return study.questions(slug)


def _frame(path: Path, header_rows: int) -> pd.DataFrame:
    """The export as pandas reads it: every cell text, empty cells empty."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, skiprows=range(1, header_rows))
    return frame


def _included(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows a researcher keeps: no previews, consent given (text or numeric export)."""
    return frame[
        (frame["Status"] != "Survey Preview") & frame["consent"].isin(["I agree to take part", "1"])
    ]


def _pandas_counts(path: Path, header_rows: int) -> dict[str, int]:
    rows = _included(_frame(path, header_rows))
    return {
        qid: int((rows[columns] != "").any(axis=1).sum()) for qid, (_, columns) in EXPECTED.items()
    }


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_question_type_becomes_the_expected_question(study, variant):
    report = _import(study, CORPUS / f"every_type_{variant}.csv")
    assert {q["id"]: q["type"] for q in report["questions"]} == {
        k: t for k, (t, _) in EXPECTED.items()
    }


@pytest.mark.parametrize("variant", VARIANTS)
def test_header_rows_are_detected(study, variant):
    assert _import(study, CORPUS / f"every_type_{variant}.csv")["header_rows"] == VARIANTS[variant]


@pytest.mark.parametrize("variant", VARIANTS)
def test_responses_are_counted_like_pandas_counts_them(study, variant):
    path = CORPUS / f"every_type_{variant}.csv"
    report = _import(study, path)
    frame = _frame(path, VARIANTS[variant])
    declined = int((frame["consent"].isin(["I do not agree", "2"])).sum())
    assert (report["imported"], report["excluded"], report["skipped_test_or_preview"]) == (
        len(_included(frame)),
        declined,
        int((frame["Status"] == "Survey Preview").sum()),
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_question_has_as_many_answers_as_pandas_finds(study, variant):
    path = CORPUS / f"every_type_{variant}.csv"
    report = _import(study, path)
    stored = {qid: q["n_answered"] for qid, q in _summary(study).items()}
    assert stored == report["answers"] == _pandas_counts(path, VARIANTS[variant])


@pytest.mark.parametrize("variant", ["python_quotes", "2rows", "1row", "numeric"])
def test_every_variant_gives_the_same_counts_as_the_3_row_export(study, tmp_path, variant):
    _import(study, CORPUS / "every_type_3rows.csv")
    other = QualtricsStudy(f"sqlite:///{tmp_path / 'other.db'}")
    _import(other, CORPUS / f"every_type_{variant}.csv")
    assert _summary(other) == _summary(study)


def test_numeric_export_maps_recode_values_to_labels(study):
    _import(study, CORPUS / "every_type_numeric.csv")
    summary = _summary(study)
    assert summary["Q_1"]["counts"] == {"Developer": 2, "Researcher": 1, "Other": 1}
    assert summary["Questionnaire_3f2a9c1e-77b0"]["items"][0]["counts"]["Agree"] == 1


def test_the_report_lists_every_unused_column_by_reason(study):
    unused = _import(study, CORPUS / "every_type_3rows.csv")["unused_columns"]
    assert unused["display_order"] == ["tools_DO", "FL_3_DO"]
    assert unused["timing"] == [
        "timing_First Click",
        "timing_Last Click",
        "timing_Page Submit",
        "timing_Click Count",
    ]
    assert {"StartDate", "ResponseId", "nps_NPS_GROUP", "meta_Browser", "panel_source"} <= set(
        unused["metadata"]
    )
    assert (unused["other_text"], unused["unmatched"]) == ([], [])


def test_export_tags_are_kept_as_written(study):
    _import(study, CORPUS / "every_type_3rows.csv")
    with session_scope(study.url) as session:
        instrument = instrument_of(get_survey(session, current_project(session), "every"))
    tags = {q.id: q.qualtrics["tag"] for q in instrument.questions}
    assert (tags["Q_1"], tags["Q11_-_sequential"], tags["Pr_f_rence"]) == (
        "Q 1",
        "Q11 - sequential",
        "Préférence",
    )


def _rewrite(path: Path, target: Path, change) -> Path:
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    change(rows)
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return target


def test_columns_are_found_by_import_id_when_the_tag_was_renamed(study, tmp_path):
    def rename(rows):
        rows[0][rows[0].index("Q11 - sequential")] = "Q11 (renamed)"

    path = _rewrite(CORPUS / "every_type_3rows.csv", tmp_path / "renamed.csv", rename)
    report = _import(study, path)
    assert (
        report["answers"]["Q11_-_sequential"] == 3 and report["unused_columns"]["unmatched"] == []
    )


def test_descriptive_text_is_page_text_not_a_question(study):
    _import(study, CORPUS / "every_type_3rows.csv")
    with session_scope(study.url) as session:
        instrument = instrument_of(get_survey(session, current_project(session), "every"))
    assert instrument.pages[1].intro == "Thank you for your time so far."
    assert "intro" not in {q.id for q in instrument.questions}


def test_warnings_name_every_condition_and_the_exact_type(study):
    warnings = _import(study, CORPUS / "every_type_3rows.csv")["warnings"]
    logic = next(
        w for w in warnings if w.startswith("question Préférence (id Pr_f_rence): display logic")
    )
    assert "'If Device Type Is Equal to Mobile': it tests the respondent's device type" in logic
    assert "'And panel_source Is Equal to mturk': it tests an embedded data field" in logic
    assert (
        "question upload (FileUpload/FileUpload) has no qualcode counterpart: its answers are imported as text"
        in warnings
    )


def test_an_export_of_another_survey_is_refused_and_stores_nothing(study, tmp_path):
    _import(study, CORPUS / "every_type_3rows.csv")
    other = tmp_path / "other.csv"
    other.write_text(
        "ResponseId,Status,QA,QB\nResponse ID,Response Type,Your team?,Your tool?\n"
        '{"ImportId":"_recordId"},{"ImportId":"status"},{"ImportId":"QID90"},{"ImportId":"QID91_TEXT"}\n'
        "R_other1xyz,IP Address,Blue,Hammer\nR_other2xyz,IP Address,Red,Saw\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ValidationError, match=r"2 answer column\(s\) match no question of survey 'every': QA, QB"
    ):
        _import(study, other, instrument=None)
    with session_scope(study.url) as session:
        assert len(session.exec(select(SurveyResponse)).all()) == 5  # 4 imported, 1 declined
    report = _import(study, other, instrument=None, allow_unmatched=True)
    assert (report["imported"], report["unused_columns"]["unmatched"]) == (2, ["QA", "QB"])


def test_an_ambiguous_header_is_an_error_not_a_respondent(study, tmp_path):
    path = tmp_path / "edited.csv"
    path.write_text("Q1,Q2\nBlue sky,Green grass\nRed,Small\nYellow,Large\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="cannot tell whether row 2 holds the question texts"):
        _import(study, path, instrument=None)
    assert _import(study, path, instrument=None, header_rows=1)["imported"] == 3


def test_a_one_row_export_reads_its_first_respondent_as_a_response(study, tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("ResponseId,Q1\nR_abcdef1,Blue\nR_abcdef2,Red\n", encoding="utf-8")
    report = _import(study, path, instrument=None)
    assert (report["header_rows"], report["imported"]) == (1, 2)


def test_a_qsf_alone_creates_a_draft_that_later_exports_attach_to(study):
    with session_scope(study.url) as session:
        created = create_from_instrument(session, current_project(session), QSF, "every")
    assert (created["status"], len(created["questions"])) == ("draft", len(EXPECTED))
    report = _import(study, CORPUS / "every_type_2rows.csv", instrument=None)
    assert (report["created"], report["imported"], report["unused_columns"]["unmatched"]) == (
        False,
        4,
        [],
    )
    with session_scope(study.url) as session:
        assert get_survey(session, current_project(session), "every").status == "closed"


def test_a_qsf_nested_too_deeply_is_a_clean_error(study, tmp_path):
    deep = tmp_path / "deep.qsf"
    deep.write_text('{"SurveyElements": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with (
        session_scope(study.url) as session,
        pytest.raises(ValidationError, match="deep.qsf: not a readable"),
    ):
        create_from_instrument(session, current_project(session), deep, "deep")


@pytest.mark.parametrize(
    ("name", "header_rows"), [("qualtRics_sample.csv", 3), ("qualtRics_sample_legacy.csv", 2)]
)
def test_real_qualtrics_exports_import(study, name, header_rows):
    report = _import(study, CORPUS / "real" / name, instrument=None, slug="real")
    assert (report["header_rows"], report["imported"], report["unused_columns"]["unmatched"]) == (
        header_rows,
        1,
        [],
    )
    summary = _summary(study, "real")
    assert (summary["Q1"]["n_answered"], summary["Q2"]["answers"]) == (1, ["Hello World!"])


def test_python_quoted_import_ids_are_not_a_respondent(study):
    report = _import(study, CORPUS / "every_type_python_quotes.csv", instrument=None)
    assert (report["header_rows"], report["imported"]) == (3, 4)
    assert not any("ImportId" in json.dumps(q["options"]) for q in report["questions"])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("bad.csv", b"", "the file is empty"), ("bad.csv", b"\n,\n", "the file is empty"),
     ("bad.xlsx", b"PK not a workbook", "bad.xlsx: not a valid archive")],
)  # fmt: skip
def test_an_unreadable_export_is_a_clean_error_and_stores_nothing(
    study, tmp_path, name, content, message
):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        _import(study, path)
    with session_scope(study.url) as session:
        assert get_survey(session, current_project(session), "every") is None


def test_matrix_recode_values_in_a_numeric_export_map_to_scale_labels(study, tmp_path):
    recodes = {"1": "-2", "2": "-1", "3": "0", "4": "1", "5": "2"}
    data = json.loads(QSF.read_text(encoding="utf-8"))
    matrix = next(e for e in data["SurveyElements"] if e.get("PrimaryAttribute") == "QID7")
    matrix["Payload"]["RecodeValues"] = recodes
    qsf = tmp_path / "recoded.qsf"
    qsf.write_text(json.dumps(data), encoding="utf-8")
    columns = [f"Questionnaire 3f2a9c1e-77b0_{i}" for i in (1, 2, 3)]

    def recode(rows):
        for row in rows[3:]:
            for index in (rows[0].index(c) for c in columns):
                row[index] = recodes.get(row[index], row[index])

    path = _rewrite(CORPUS / "every_type_numeric.csv", tmp_path / "recoded.csv", recode)
    _import(study, path, instrument=qsf)
    reference = QualtricsStudy(f"sqlite:///{tmp_path / 'text.db'}")
    _import(reference, CORPUS / "every_type_3rows.csv")
    key = "Questionnaire_3f2a9c1e-77b0"
    assert _summary(study)[key]["items"] == _summary(reference)[key]["items"]


def test_cells_beyond_the_last_column_are_reported(study, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(
        "ResponseId,Q1\nResponse ID,Colour?\nR_long00001,Blue,stray\nR_long00002,Red\n",
        encoding="utf-8",
    )
    report = _import(study, path, instrument=None, slug="long")
    assert any(w.startswith("1 response row(s) hold cells beyond the last column id") and "rows 1," in w
               for w in report["warnings"])  # fmt: skip


def test_an_export_given_the_same_qsf_again_attaches_without_a_warning(study):
    _import(study, CORPUS / "every_type_3rows.csv")
    report = _import(study, CORPUS / "every_type_2rows.csv")
    assert (report["duplicates"], report["imported"]) == (5, 0)
    assert not any("stored questions are used" in w for w in report["warnings"])
