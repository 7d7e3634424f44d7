"""Qualtrics Loop & Merge (data/qualtrics/loop_merge*): a .qsf with a static loop of 3 iterations
over a single-choice and a text question and a loop over an earlier question's choices, its
3-row export (JSON ImportIds `1_QID2`; choice texts or recode values) and its legacy 2-row
export (`freq(1)`). Each looped question is imported once per iteration, with or without the
.qsf, and each iteration's number of answers is checked against pandas on the CSV. A real public .qsf (qualtreats, MIT; see
data/qualtrics/real/NOTICE.md) with a loop over a numeric answer is read too."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from qualcode.errors import ValidationError
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.survey.qualtrics_loops import legacy_loop_names, looped_columns
from qualcode.survey.qualtrics_qsf import read_qsf
from qualcode.survey.qualtrics_sheet import Sheet
from qualcode.survey.surveys import get_survey, instrument_of
from tests.survey.conftest import QualtricsStudy

CORPUS = Path(__file__).parent / "data" / "qualtrics"
QSF = CORPUS / "loop_merge.qsf"
# variant -> (export, header rows, how the export names loop N of a tag)
EXPORTS = {
    "3rows": (CORPUS / "loop_merge_3rows.csv", 3, "{n}_{tag}"),
    "legacy": (CORPUS / "loop_merge_legacy.csv", 2, "{tag}({n})"),
    "numeric": (CORPUS / "loop_merge_numeric.csv", 3, "{n}_{tag}"),  # recode values
}
LOOPED = ("freq", "purpose", "lang_years")
LOOP_IDS = [f"{tag}_loop{n}" for tag in LOOPED for n in (1, 2, 3)]
INSTRUMENTS = {"qsf": QSF, "inferred": None}


def _pandas_counts(variant: str) -> dict[str, int]:
    """Each iteration's answers as pandas counts them: filled cells, previews left out."""
    path, header_rows, column = EXPORTS[variant]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, skiprows=range(1, header_rows))
    status = "Status" if "Status" in frame else "V7"  # numeric and legacy: 1 is a preview
    kept = frame[~frame[status].isin(["Survey Preview", "1"])]
    return {
        f"{tag}_loop{n}": int((kept[column.format(n=n, tag=tag)] != "").sum())
        for tag in LOOPED
        for n in (1, 2, 3)
    }


def _load(study: QualtricsStudy, variant: str, instrument: Path | None = QSF, **options) -> dict:
    return study.load(EXPORTS[variant][0], "tools", instrument, **options)


def _instrument(study: QualtricsStudy):
    with session_scope(study.url) as session:
        return instrument_of(get_survey(session, current_project(session), "tools"))


def _edited_qsf(tmp_path: Path, change) -> Path:
    data = json.loads(QSF.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "edited.qsf"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _block(data: dict, block_id: str) -> dict:
    blocks = next(e["Payload"] for e in data["SurveyElements"] if e["Element"] == "BL")
    return next(b for b in blocks if b["ID"] == block_id)


def _question(data: dict, qid: str) -> dict:
    return next(
        e["Payload"]
        for e in data["SurveyElements"]
        if e["Element"] == "SQ" and e["PrimaryAttribute"] == qid
    )


@pytest.mark.parametrize("instrument", INSTRUMENTS)
@pytest.mark.parametrize("variant", EXPORTS)
def test_each_iteration_has_as_many_answers_as_pandas_finds(qualtrics_study, variant, instrument):
    report = _load(qualtrics_study, variant, INSTRUMENTS[instrument])
    stored = {qid: q["n_answered"] for qid, q in qualtrics_study.questions("tools").items()}
    expected = _pandas_counts(variant)
    assert (
        {q: report["answers"][q] for q in LOOP_IDS} == {q: stored[q] for q in LOOP_IDS} == expected
    )
    assert report["unused_columns"]["unmatched"] == []


@pytest.mark.parametrize("variant", EXPORTS)
def test_a_qsf_makes_one_question_per_iteration_of_its_type(qualtrics_study, variant):
    report = _load(qualtrics_study, variant)
    kinds = {q["id"]: q["type"] for q in report["questions"]}
    assert kinds == {
        "role": "single", "langs": "multi",
        **{f"freq_loop{n}": "single" for n in (1, 2, 3)},
        **{f"purpose_loop{n}": "text" for n in (1, 2, 3)},
        **{f"lang_years_loop{n}": "text" for n in (1, 2, 3)},
    }  # fmt: skip


@pytest.mark.parametrize("variant", ["3rows", "legacy"])
def test_without_a_qsf_iterations_are_inferred_from_the_columns(qualtrics_study, variant):
    report = _load(qualtrics_study, variant, None)
    kinds = {q["id"]: q["type"] for q in report["questions"] if q["id"] in LOOP_IDS}
    assert kinds == {
        **{f"freq_loop{n}": "single" for n in (1, 2, 3)},
        **{f"purpose_loop{n}": "text" for n in (1, 2, 3)},
        **{f"lang_years_loop{n}": "number" for n in (1, 2, 3)},
    }
    options = {q["id"]: q["options"] for q in report["questions"]}
    assert options["freq_loop1"] == options["freq_loop3"] == ["Daily", "Weekly", "Rarely"]


def test_iteration_texts_name_the_loop_and_fill_in_its_fields(qualtrics_study):
    _load(qualtrics_study, "3rows")
    texts = {q.id: q.text for q in _instrument(qualtrics_study).questions}
    assert texts["freq_loop2"] == "How often do you use Docker? (loop 2 of 3: Docker, containers)"
    assert texts["purpose_loop3"] == (
        "What do you use Jupyter (notebooks) for? (loop 3 of 3: Jupyter, notebooks)"
    )
    assert texts["lang_years_loop2"] == (
        "Loop 2: how many years have you used this language? (loop 2 of 3: R)"
    )


@pytest.mark.parametrize("variant", EXPORTS)
def test_inferred_texts_lose_the_export_loop_number_and_name_the_iteration(
    qualtrics_study, variant
):
    _load(qualtrics_study, variant, None)
    texts = {q.id: q.text for q in _instrument(qualtrics_study).questions}
    assert texts["freq_loop2"] == "How often do you use [Field-1]? (loop 2 of 3)"


def test_iterations_keep_their_export_tag_import_id_and_loop(qualtrics_study):
    _load(qualtrics_study, "3rows")
    question = next(q for q in _instrument(qualtrics_study).questions if q.id == "freq_loop2")
    source = question.qualtrics
    assert (source["tag"], source["qid"], source["loop"]) == (
        "2_freq",
        "2_QID2",
        {"number": "2", "of": "freq", "total": "3", "label": "Docker, containers"},
    )


@pytest.mark.parametrize("instrument", INSTRUMENTS)
def test_the_report_names_looped_questions_and_their_iterations(qualtrics_study, instrument):
    report = _load(qualtrics_study, "3rows", INSTRUMENTS[instrument])
    assert report["loops"] == [
        {"question": tag, "iterations": 3, "ids": [f"{tag}_loop{n}" for n in (1, 2, 3)]}
        for tag in LOOPED
    ]


@pytest.mark.parametrize("variant", ["legacy", "numeric"])
def test_every_export_variant_gives_the_same_results(qualtrics_study, tmp_path, variant):
    _load(qualtrics_study, "3rows")
    other = QualtricsStudy(f"sqlite:///{tmp_path / 'other.db'}")
    _load(other, variant)
    assert other.questions("tools") == qualtrics_study.questions("tools")


def test_iteration_answers_are_read_per_loop(qualtrics_study):
    _load(qualtrics_study, "3rows")
    counts = {q: v["counts"] for q, v in qualtrics_study.questions("tools").items()}
    assert counts["freq_loop1"] == {"Daily": 2, "Weekly": 1, "Rarely": 1}
    assert counts["freq_loop3"] == {"Daily": 2, "Weekly": 1, "Rarely": 1}
    assert counts["freq_loop2"] == {"Daily": 1, "Weekly": 2, "Rarely": 1}


def test_a_loop_over_an_earlier_answer_is_warned_about_precisely(qualtrics_study):
    warnings = _load(qualtrics_study, "3rows")["warnings"]
    assert warnings == [
        "block 'Each language': loop & merge over the answers to langs (QID5, selected "
        "choices): which iterations a respondent saw depends on that answer and is not carried "
        "over; each of its 3 iterations is imported by loop number (no answer where not shown)"
    ]


def test_a_randomised_loop_order_is_warned_about(qualtrics_study, tmp_path):
    def randomise(data):
        _block(data, "BL_2")["Options"]["LoopingOptions"]["Randomization"] = "All"

    warnings = _load(qualtrics_study, "3rows", _edited_qsf(tmp_path, randomise))["warnings"]
    assert (
        "block 'Each tool': loop order is randomised (All) and not carried over: iterations keep "
        "their loop number, not the order a respondent saw"
    ) in warnings


def test_an_iteration_the_qsf_does_not_list_stops_the_import(qualtrics_study, tmp_path):
    def drop_third(data):
        del _block(data, "BL_2")["Options"]["LoopingOptions"]["Static"]["3"]

    with pytest.raises(ValidationError, match="2 answer column.*3_freq, 3_purpose") as refused:
        _load(qualtrics_study, "3rows", _edited_qsf(tmp_path, drop_third))
    assert "columns such as 3_freq look like loop & merge iterations" in str(refused.value)


def test_an_unrecorded_iteration_imports_nothing(qualtrics_study, tmp_path):
    def drop_third(data):
        del _block(data, "BL_2")["Options"]["LoopingOptions"]["Static"]["3"]

    with pytest.raises(ValidationError):
        _load(qualtrics_study, "3rows", _edited_qsf(tmp_path, drop_third))
    with session_scope(qualtrics_study.url) as session:
        assert get_survey(session, current_project(session), "tools") is None


def _daily_chosen(in_loop: str) -> dict:
    """Display logic: "Daily" (choice 1) of freq (QID2) is selected."""
    locator = "q://QID2/SelectableChoice/1"
    condition = {"LogicType": "Question", "QuestionID": "QID2", "QuestionIsInLoop": in_loop,
                 "ChoiceLocator": locator, "Operator": "Selected", "LeftOperand": locator,
                 "Type": "Expression"}  # fmt: skip
    return {"0": {"0": condition, "Type": "If"}, "Type": "BooleanExpression"}


def test_display_logic_inside_a_loop_tests_the_same_iteration(qualtrics_study, tmp_path):
    def only_daily(data):
        _question(data, "QID3")["DisplayLogic"] = _daily_chosen("yes")

    _load(qualtrics_study, "3rows", _edited_qsf(tmp_path, only_daily))
    shown = {q.id: q.show_if for q in _instrument(qualtrics_study).questions}
    conditions = [shown[f"purpose_loop{n}"] for n in (1, 2, 3)]
    assert [(c.question, c.op, c.value) for c in conditions] == [
        (f"freq_loop{n}", "equals", "Daily") for n in (1, 2, 3)
    ]


def test_logic_after_a_loop_on_a_looped_question_is_warned_about(qualtrics_study, tmp_path):
    def after_the_loop(data):
        _question(data, "QID4")["DisplayLogic"] = _daily_chosen("no")

    warnings = _load(qualtrics_study, "3rows", _edited_qsf(tmp_path, after_the_loop))["warnings"]
    assert any(
        w.startswith("question 1_lang_years (id lang_years_loop1): display logic not carried")
        and "freq is a looped question (one per iteration)" in w
        for w in warnings
    )


def test_a_loop_without_iterations_is_read_once_with_a_warning(qualtrics_study, tmp_path):
    def broken(data):
        _block(data, "BL_2")["Options"]["LoopingOptions"] = {"Static": ["Git", "Docker"]}

    instrument, warnings = read_qsf(_edited_qsf(tmp_path, broken), "tools")
    assert {"freq", "purpose"} <= {q.id for q in instrument.questions}
    assert (
        "block 'Each tool': loop & merge lists no iterations, so its questions are read once "
        "(the export's looped columns will match no question)"
    ) in warnings


def test_a_loop_of_too_many_iterations_is_refused(tmp_path):
    def huge(data):
        rows = {str(n): {"1": f"tool {n}"} for n in range(1, 5002)}
        _block(data, "BL_2")["Options"]["LoopingOptions"]["Static"] = rows

    with pytest.raises(ValidationError, match="block 'Each tool': loop & merge lists 5001"):
        read_qsf(_edited_qsf(tmp_path, huge), "tools")


def test_hostile_field_values_are_text_in_the_question(tmp_path):
    def hostile(data):
        static = _block(data, "BL_2")["Options"]["LoopingOptions"]["Static"]
        static["1"] = {"1": '=HYPERLINK("x")', "2": "<b>bold</b> 🚀"}

    instrument, _ = read_qsf(_edited_qsf(tmp_path, hostile), "tools")
    texts = {q.id: q.text for q in instrument.questions}
    assert texts["purpose_loop1"] == (
        'What do you use =HYPERLINK("x") (bold 🚀) for? (loop 1 of 3: =HYPERLINK("x"), bold 🚀)'
    )


def test_a_real_qsf_loop_over_a_numeric_answer_gives_one_question_per_iteration():
    instrument, warnings = read_qsf(CORPUS / "real" / "qualtreats_demo2.qsf", "demo")
    looped = [
        (q.id, q.type, q.qualtrics["qid"], q.text)
        for q in instrument.questions
        if q.qualtrics.get("loop")
    ]
    assert looped == [
        (f"Q21_loop{n}", "text", f"{n}_QID21", f"What are your thoughts on loop number {n}? (loop {n} of 3)")
        for n in (1, 2, 3)
    ]  # fmt: skip
    assert (
        "block 'LOOP': loop & merge over the answers to Q20 (QID20, merge on numeric response): "
        "which iterations a respondent saw depends on that answer and is not carried over; each "
        "of its 3 iterations is imported by loop number (no answer where not shown)"
    ) in warnings


def test_a_lone_column_with_a_number_prefix_is_no_loop_without_import_ids():
    sheet = Sheet("x.csv", ["2_step", "1_Q1", "2_Q1"], ["", "", ""], None, [["a", "b", "c"]])
    assert looped_columns(sheet, [0, 1, 2]) == {"1": {"Q1": 1}, "2": {"Q1": 2}}


def test_legacy_loop_columns_are_read_in_the_current_form():
    assert legacy_loop_names(["V1", "Q1(2)", "Q1_1_TEXT(12)", "Q (a)"]) == [
        "",
        "2_Q1",
        "12_Q1_1_TEXT",
        "",
    ]
