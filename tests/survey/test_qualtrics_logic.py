"""Qualtrics display logic (a .qsf built here in Qualtrics' own shape) becomes `show_if` where it maps,
and every condition that does not map is named in a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.survey.qualtrics_logic import KnownQuestion, Unmappable, display_condition
from qualcode.survey.qualtrics_qsf import read_qsf

QSF = Path(__file__).parent / "data" / "logic_survey.qsf"


@pytest.fixture(scope="module")
def imported():
    return read_qsf(QSF, "logic")


def _condition(imported, question_id):
    rule = imported[0].question(question_id).show_if
    return rule.to_dict() if rule else None


def test_selected_becomes_equals(imported):
    assert _condition(imported, "Q4") == {"question": "Q3", "equals": "Yes"}


def test_and_within_a_logic_set_becomes_all_with_not_selected(imported):
    assert _condition(imported, "Q5") == {"all": [
        {"question": "Q3", "equals": "Yes"}, {"question": "Q2", "not_equals": "Student"}]}  # fmt: skip


def test_or_becomes_any(imported):
    assert _condition(imported, "Q6") == {"any": [
        {"question": "Q2", "equals": "Software engineer"}, {"question": "Q2", "equals": "ML engineer"}]}  # fmt: skip


def test_a_second_logic_set_is_a_parenthesised_group(imported):
    assert _condition(imported, "Q7") == {"all": [
        {"any": [{"question": "Q5", "equals": "The paper"}, {"question": "Q5", "equals": "Other"}]},
        {"question": "Q6", "answered": True}]}  # fmt: skip


def test_and_binds_tighter_than_or(imported):
    rule = imported[0].question("Q14").show_if
    assert rule.holds({"Q2": "Student"})
    assert rule.holds({"Q3": "Yes", "Q5": ["Model card"]})
    assert not rule.holds({"Q3": "Yes", "Q5": ["The paper"]})


def test_displayed_takes_the_earlier_questions_condition(imported):
    assert _condition(imported, "Q8") == _condition(imported, "Q4")


def test_text_and_number_tests_map(imported):
    assert _condition(imported, "Q13") == {"question": "Q6", "equals": 10}
    assert _condition(imported, "Q16") == {"question": "Q7", "answered": True}


def test_unmappable_conditions_are_named_and_the_question_stays_visible(imported):
    instrument, warnings = imported
    logic_warnings = {w.split(":")[0]: w for w in warnings if "display logic not carried over" in w}
    assert set(logic_warnings) == {"question Q9", "question Q10", "question Q12"}
    assert "condition 'If panel_source Is Equal to mturk'" in logic_warnings["question Q9"]
    assert "'GreaterThan' has no show_if counterpart" in logic_warnings["question Q10"]
    assert "choices of Q11 (matrix) cannot be tested" in logic_warnings["question Q12"]
    assert all(instrument.question(q).show_if is None for q in ("Q9", "Q10", "Q12"))


def test_option_logic_and_flow_branches_are_reported(imported):
    warnings = imported[1]
    assert any(
        w.startswith("question Q14: display logic on options")
        and w.endswith("every option is shown")
        for w in warnings
    )
    assert "survey flow: branch logic is not carried over: every block is shown" in warnings
    assert not any("every question is shown" in w for w in warnings)


def test_logic_on_a_question_left_out_is_not_mapped():
    logic = {"0": {"0": {"LogicType": "Question", "QuestionID": "QID7", "Operator": "Selected",
                         "LeftOperand": "q://QID7/SelectableChoice/1", "Type": "Expression"},
                   "Type": "If"}, "Type": "BooleanExpression"}  # fmt: skip
    known = {"QID1": KnownQuestion("Q1", "single", {"1": "Yes", "2": "No"})}
    with pytest.raises(Unmappable, match="QID7 is not an earlier question"):
        display_condition(logic, known)


def test_displayed_of_a_question_without_condition_always_holds():
    logic = {"0": {"0": {"LogicType": "Question", "QuestionID": "QID1", "Operator": "Displayed",
                         "LeftOperand": "q://QID1/QuestionDisplayed", "Type": "Expression"},
                   "Type": "If"}, "Type": "BooleanExpression"}  # fmt: skip
    assert display_condition(logic, {"QID1": KnownQuestion("Q1", "single", {"1": "Yes"})}) is None


def _expression(**fields):
    return {"Type": "Expression", **fields}


def test_every_unmappable_condition_is_named_not_only_the_first():
    logic = {"0": {"0": _expression(LogicType="DeviceType", Operator="EqualTo", RightOperand="Mobile",
                                    Description="If Device Type Is Equal to Mobile"),
                   "1": _expression(LogicType="EmbeddedField", LeftOperand="panel", Operator="EqualTo",
                                    RightOperand="x", Conjuction="Or", Description="Or panel Is Equal to x"),
                   "Type": "If"}, "Type": "BooleanExpression"}  # fmt: skip
    with pytest.raises(Unmappable) as caught:
        display_condition(logic, {})
    message = str(caught.value)
    assert "'If Device Type Is Equal to Mobile': it tests the respondent's device type" in message
    assert "'Or panel Is Equal to x': it tests an embedded data field" in message


def test_a_condition_on_descriptive_text_says_what_it_is():
    logic = {"0": {"0": _expression(LogicType="Question", QuestionID="QID3", Operator="Displayed",
                                    LeftOperand="q://QID3/QuestionDisplayed"),
                   "Type": "If"}, "Type": "BooleanExpression"}  # fmt: skip
    known = {"QID3": KnownQuestion("intro", "none", note="descriptive text")}
    with pytest.raises(
        Unmappable, match="intro is descriptive text, not a question of the instrument"
    ):
        display_condition(logic, known)
