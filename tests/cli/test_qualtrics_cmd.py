"""`qualcode survey import-qualtrics`: a .qsf alone, exports that attach to it, the column report,
and the exit status when answer columns match no question."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from qualcode.cli import cli

CORPUS = Path(__file__).parents[1] / "survey" / "data" / "qualtrics"
OTHER = (
    "ResponseId,Status,QA,QB\nResponse ID,Response Type,Your team?,Your tool?\n"
    '{"ImportId":"_recordId"},{"ImportId":"status"},{"ImportId":"QID90"},{"ImportId":"QID91_TEXT"}\n'
    "R_other1xyz,IP Address,Blue,Hammer\n"
)


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def qualtrics(db: str, *args: str):
    """`qualcode survey import-qualtrics ARGS --db DB`."""
    return run("survey", "import-qualtrics", *args, "--db", db)


def _project(sqlite_url: str) -> str:
    assert run("init", "--db", sqlite_url).exit_code == 0
    return sqlite_url


def _draft(db: str):
    return qualtrics(db, "--instrument", str(CORPUS / "every_type.qsf"), "--survey", "every")


def test_a_qsf_alone_creates_a_draft_survey(sqlite_url):
    db = _project(sqlite_url)
    result = _draft(db)
    assert result.exit_code == 0, result.output
    assert "Created draft survey 'every' with 31 questions" in result.output
    listed = json.loads(run("survey", "list", "--json", "--db", db).output)
    assert [(s["survey"], s["status"]) for s in listed] == [("every", "draft")]


def test_a_later_export_attaches_and_the_report_names_unused_columns(sqlite_url):
    db = _project(sqlite_url)
    _draft(db)
    result = qualtrics(db, str(CORPUS / "every_type_1row.csv"), "--survey", "every")
    assert result.exit_code == 0, result.output
    assert (
        "Imported 4 responses into 'every'" in result.output and "header rows: 1" in result.output
    )
    assert "not imported, display order: 2 (tools_DO, FL_3_DO)" in result.output
    assert "not imported, timing: 4 (timing_First Click" in result.output


def test_unmatched_answer_columns_exit_non_zero_unless_allowed(sqlite_url, tmp_path):
    db = _project(sqlite_url)
    other = tmp_path / "other.csv"
    other.write_text(OTHER, encoding="utf-8")
    _draft(db)
    refused = qualtrics(db, str(other), "--survey", "every")
    assert refused.exit_code != 0 and "2 answer column(s) match no question" in refused.output
    allowed = qualtrics(db, str(other), "--survey", "every", "--allow-unmatched")
    assert allowed.exit_code == 0, allowed.output
    assert "not imported, unmatched (no question): 2 (QA, QB)" in allowed.output


def test_no_export_and_no_instrument_is_a_usage_error(sqlite_url):
    result = run("survey", "import-qualtrics", "--survey", "x", "--db", _project(sqlite_url))
    assert (
        result.exit_code == 2
        and "give a response export FILE, an --instrument FILE.qsf, or both" in result.output
    )


def test_header_rows_can_be_given_for_an_ambiguous_file(sqlite_url, tmp_path):
    db = _project(sqlite_url)
    edited = tmp_path / "edited.csv"
    edited.write_text("Q1,Q2\nBlue sky,Green grass\nRed,Small\n", encoding="utf-8")
    refused = qualtrics(db, str(edited), "--survey", "e")
    assert refused.exit_code == 1 and "--header-rows 1, 2 or 3" in refused.output
    given = qualtrics(db, str(edited), "--survey", "e", "--header-rows", "1", "--json")
    assert json.loads(given.output)["imported"] == 2


def test_the_report_names_looped_questions_and_their_iterations(sqlite_url):
    db = _project(sqlite_url)
    export, qsf = CORPUS / "loop_merge_3rows.csv", CORPUS / "loop_merge.qsf"
    result = qualtrics(db, str(export), "--survey", "tools", "--instrument", str(qsf))
    assert result.exit_code == 0, result.output
    assert "Imported 5 responses into 'tools'" in result.output
    assert "looped (loop & merge): freq, 3 iterations (freq_loop1 ... freq_loop3)" in result.output
    assert "warning: block 'Each language': loop & merge over the answers to langs" in result.output


def test_a_looped_qsf_alone_lists_its_loops(sqlite_url):
    db = _project(sqlite_url)
    result = qualtrics(
        db, "--instrument", str(CORPUS / "loop_merge.qsf"), "--survey", "tools", "--json"
    )
    assert result.exit_code == 0, result.output
    loops = json.loads(result.output)["loops"]
    assert [(loop["question"], loop["iterations"]) for loop in loops] == [
        ("freq", 3),
        ("purpose", 3),
        ("lang_years", 3),
    ]
