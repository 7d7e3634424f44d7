"""SPSS .sav exports read back with pyreadstat and pandas: empty strings for unanswered text,
measure levels from the instrument, whole-number formats, reserved words renamed with a variable
map, long labels shortened with a warning."""

from __future__ import annotations

import csv

import pandas as pd
import pyreadstat
import pytest

from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.survey.exports import write_export
from qualcode.survey.instrument import parse_instrument
from qualcode.survey.responses import enter, save_page, submit
from qualcode.survey.results import load_results
from qualcode.survey.spss import shorten, spss_name
from qualcode.survey.surveys import create_invitations, create_survey, require_survey, set_status

LONG = ("A very long option label 🤗 " * 8).strip()  # > 120 bytes
INSTRUMENT = {
    "slug": "sav",
    "title": "SPSS check",
    "pages": [{"title": "Only", "questions": [
        {"id": "by", "type": "single", "text": "Role", "options": ["Dev", LONG]},
        {"id": "all", "type": "likert", "text": "Search hurts"},
        {"id": "to", "type": "number", "text": "Years", "integer": True},
        {"id": "share", "type": "number", "text": "Share"},
        {"id": "tools", "type": "multi", "text": "Tools", "options": ["Hub", "Papers"]},
        {"id": "note", "type": "text", "text": "Note"},
    ]}],
}  # fmt: skip
ANSWERS = [
    {"by": "Dev", "all": "Often", "to": "3", "share": "0.25", "tools": ["Hub"], "note": "=1+1 😀"},
    {"by": LONG, "tools": ["Papers"]},  # no Likert, numbers or note
]


@pytest.fixture
def sav(sqlite_url, tmp_path):
    with session_scope(sqlite_url) as session:
        from qualcode.project import create_project

        project = create_project(session, "SPSS")
        survey = create_survey(session, project, parse_instrument(INSTRUMENT))
        set_status(session, survey, "open")
        tokens = [r["token"] for r in create_invitations(session, survey, 2, "http://x")]
    for token, values in zip(tokens, ANSWERS, strict=True):
        with session_scope(sqlite_url) as session:
            entry = enter(session, "sav", token)
            assert save_page(session, entry, 0, values, {}, 0) == {}
            assert submit(session, entry) == {}
    warnings: list[str] = []
    with session_scope(sqlite_url) as session:
        results = load_results(session, require_survey(session, current_project(session), "sav"))
        path = write_export(results, "sav", tmp_path / "r.sav", warnings)
    return path, warnings


def test_unanswered_text_is_an_empty_string(sav):
    frame, _ = pyreadstat.read_sav(str(sav[0]))
    assert list(frame["note"]) == ["=1+1 😀", ""]
    assert list(pd.read_spss(str(sav[0]))["note"]) == ["=1+1 😀", ""]


def test_measure_levels_come_from_the_instrument(sav):
    _, meta = pyreadstat.read_sav(str(sav[0]))
    assert {k: meta.variable_measure[k] for k in ("by_", "all_", "to_", "share", "tools_1", "note")} == {
        "by_": "nominal", "all_": "ordinal", "to_": "scale", "share": "scale", "tools_1": "nominal",
        "note": "nominal",
    }  # fmt: skip


def test_codes_flags_and_whole_numbers_display_without_decimals(sav):
    _, meta = pyreadstat.read_sav(str(sav[0]))
    assert {k: meta.original_variable_types[k] for k in ("by_", "all_", "to_", "tools_1", "response_id")} == {
        k: "F8.0" for k in ("by_", "all_", "to_", "tools_1", "response_id")
    }  # fmt: skip
    assert meta.original_variable_types["share"] == "F8.2"


def test_reserved_words_are_renamed_and_listed_in_the_variable_map(sav):
    frame, _ = pyreadstat.read_sav(str(sav[0]))
    assert {"by_", "all_", "to_"} <= set(frame.columns) and "by" not in frame.columns
    with open(sav[0].with_name("r.variables.csv"), encoding="utf-8") as handle:
        rows = {r["column"]: r["spss_name"] for r in csv.DictReader(handle)}
    assert (rows["by"], rows["all"], rows["to"], rows["note"]) == ("by_", "all_", "to_", "note")
    assert "column 'by' is named by_ in SPSS" in sav[1]


def test_long_value_labels_are_shortened_with_a_warning(sav):
    _, meta = pyreadstat.read_sav(str(sav[0]))
    label = meta.variable_value_labels["by_"][2.0]
    assert len(label.encode("utf-8")) <= 120 and label.endswith("…") and LONG.startswith(label[:-1])
    assert [w for w in sav[1] if w.startswith("by_: value label 2 is over 120 bytes")]


def test_spss_names_and_shortening():
    taken: set[str] = set()
    assert [spss_name(n, taken) for n in ("with", "With", "1st", "q-1")] == [
        "with_",
        "With__2",
        "v_1st",
        "q_1",
    ]
    assert shorten("é" * 70, 120) == "é" * 58 + "…"  # never splits a character
