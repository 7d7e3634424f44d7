"""The Python API: a study opened from a URL, its tables as DataFrames, errors in Python words."""

import subprocess
import sys

import pandas as pd
import pytest

import qualcode
from qualcode.errors import NoProjectError


@pytest.fixture
def study(demo_url):
    return qualcode.open(demo_url)


def test_import_qualcode_loads_no_heavy_stack():
    script = "import sys, qualcode; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert not set(run.stdout.split()) & {"pandas", "numpy", "sqlalchemy", "sqlmodel", "alembic"}


def test_open_without_a_project_says_how_to_make_one(sqlite_url):
    with pytest.raises(NoProjectError, match="qualcode init"):
        qualcode.open(sqlite_url)


def test_open_defaults_to_the_clis_database(demo_url, monkeypatch):
    monkeypatch.setenv("QUALCODE_DB", demo_url)
    assert qualcode.open().url == demo_url


def test_tables_are_dataframes_of_the_sample_study(study):
    assert list(study.documents()["participant"]) == ["P1", "P2", "P3", "P4", "P5"]
    assert study.participants()["participant"].tolist() == ["P1", "P2", "P3", "P4", "P5"]
    assert "challenge" in set(study.codebook()["group"])
    assert set(study.codings()["coder"]) == {"alice", "bob"}


def test_codings_of_one_coder_are_a_subset(study):
    every = study.codings()
    alice = study.codings(coders="alice")
    assert 0 < len(alice) < len(every) and set(alice["coding_id"]) <= set(every["coding_id"])


def test_agreement_report_matches_the_cli_json(study, demo_url):
    from click.testing import CliRunner

    from qualcode.cli import cli

    report = study.agreement(resamples=200, seed=5)
    printed = CliRunner().invoke(
        cli, ["agree", "--db", demo_url, "--bootstrap", "200", "--seed", "5"]
    )
    assert report.to_json() == printed.output.strip()
    assert report.overall == report.data["overall"]
    assert list(report.codes["code"]) == [c["code"] for c in report.data["codes"]]
    assert list(report.groups["group"]) == [g["group"] for g in report.data["groups"]]


def test_agreement_error_names_the_python_argument(study):
    with pytest.raises(ValueError, match="^`min_overlap` must be between 0 and 1"):
        study.agreement(min_overlap=2)
    with pytest.raises(qualcode.ValidationError, match="`codes` or `group`"):
        study.agreement(codes=["model_search"], group="challenge")
    with pytest.raises(LookupError, match="no coder named zed"):
        study.agreement(coders=["alice", "zed"])


def test_the_cli_shows_its_flags_for_the_same_errors(demo_url):
    from click.testing import CliRunner

    from qualcode.cli import cli

    result = CliRunner().invoke(cli, ["agree", "--db", demo_url, "--bootstrap", "-1"])
    assert result.exit_code == 1 and "--bootstrap must be 0 or more, not -1" in result.output
    result = CliRunner().invoke(cli, ["agree", "--db", demo_url, "--codes", "a", "--group", "b"])
    assert "give either --codes or --group, not both" in result.output


def test_code_table_saturation_framework(study):
    table = study.code_table("challenge")
    assert table["participants"].is_monotonic_decreasing and (table["of"] == 5).all()
    assert study.saturation(order="date").order == ["P1", "P2", "P3", "P4", "P5"]
    matrix = study.framework_matrix("challenge")
    assert len(matrix) == 5


def test_import_transcripts_is_all_or_nothing(study, tmp_path):
    good = tmp_path / "interview_p9.txt"
    good.write_text(
        "Interviewer: Which model?\nP9: The smallest one that worked.\n", encoding="utf-8"
    )
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip")
    before = len(study.documents())
    with pytest.raises(qualcode.ValidationError, match="broken.docx"):
        study.import_transcripts([good, bad], participant="P9")
    assert len(study.documents()) == before
    added = study.import_transcripts([good], participant="P9")
    assert added.loc[0, "participant"] == "P9" and added.loc[0, "turns"] == 2
    assert len(study.documents()) == before + 1


def test_import_codings_from_a_frame_with_whole_document_rows(study):
    frame = pd.DataFrame(
        {
            "document": ["interview_p1_2022-07-05.docx", "interview_p2_2022-07-12.docx"],
            "coder": ["carol", "carol"],
            "code": ["model_search", "model_search"],
            "start": [10, None],  # pandas stores this column as floats: 10.0, NaN
            "end": [40, None],
        }
    )
    assert study.import_codings(frame) == 2
    carol = study.codings(coders="carol").sort_values("document")
    assert carol["start"].tolist()[0] == 10 and pd.isna(carol["start"].tolist()[1])


def test_import_codings_unknown_code_stores_nothing(study):
    frame = pd.DataFrame({"document": ["interview_p1_2022-07-05.docx"], "coder": ["carol"],
                          "code": ["no_such_code"], "start": [1], "end": [5]})  # fmt: skip
    with pytest.raises(qualcode.ValidationError, match="`create_missing_codes`"):
        study.import_codings(frame)
    assert "carol" not in set(study.codings()["coder"])
