"""`show_if` conditions: single tests, `all:` / `any:` lists (nested), their validation and paging."""

from __future__ import annotations

import copy

import pytest

from qualcode.errors import ValidationError
from qualcode.survey.answers import expected_pages
from qualcode.survey.instrument import dump_instrument, parse_instrument, parse_instrument_text
from tests.survey.conftest import MINI

NESTED = {"all": [{"question": "role", "equals": "Dev"},
                  {"any": [{"question": "years", "answered": True}, {"question": "tools", "equals": "Papers"}]}]}  # fmt: skip


def _with_condition(condition) -> dict:
    data = copy.deepcopy(MINI)
    data["pages"][1]["questions"][4]["show_if"] = condition  # the matrix 'grid'
    return data


def test_nested_lists_hold_as_and_of_or():
    grid = parse_instrument(_with_condition(NESTED)).question("grid").show_if
    assert grid.holds({"role": "Dev", "years": 3})
    assert grid.holds({"role": "Dev", "tools": ["Papers", "Hub, web"]})
    assert not grid.holds({"role": "Dev"})
    assert not grid.holds({"role": "Researcher", "years": 3})


def test_lists_survive_a_yaml_round_trip():
    instrument = parse_instrument(_with_condition(NESTED))
    again = parse_instrument_text(dump_instrument(instrument), "x")
    assert again.question("grid").show_if.to_dict() == NESTED


def test_every_condition_in_a_list_is_checked():
    condition = {
        "any": [{"question": "role", "equals": "Nobody"}, {"question": "note", "answered": True}]
    }
    with pytest.raises(ValidationError) as caught:
        parse_instrument(_with_condition(condition), "mini.yaml")
    message = str(caught.value)
    assert "question 'grid': field 'show_if': 'Nobody' is not an option of 'role'" in message
    assert "question 'grid': field 'show_if': question 'note' must come before this one" in message


@pytest.mark.parametrize("condition, expected", [
    ({"all": []}, "'all' needs a list of conditions"),
    ({"any": {"question": "role", "equals": "Dev"}}, "'any' needs a list of conditions"),
    ({"all": [{"question": "role"}]}, "must be {question: ID, equals|not_equals|in|answered: VALUE} or {all|any"),
    ({"question": "role", "equals": "Dev", "any": []}, "must be {question: ID"),
])  # fmt: skip
def test_malformed_lists_are_named(condition, expected):
    with pytest.raises(ValidationError, match="question 'grid'") as caught:
        parse_instrument(_with_condition(condition))
    assert expected in str(caught.value)


def test_pages_with_an_unanswered_condition_count_as_expected():
    data = copy.deepcopy(MINI)
    data["pages"].append({"title": "Later", "questions": [
        {"id": "later", "type": "text", "text": "Later", "show_if": {"all": [
            {"question": "role", "equals": "Dev"}, {"question": "years", "answered": True}]}}]})  # fmt: skip
    instrument = parse_instrument(data)
    assert expected_pages(instrument, {"role": "Dev"}) == 3  # years not answered yet: may show
    assert expected_pages(instrument, {"role": "Researcher", "years": 2}) == 2
