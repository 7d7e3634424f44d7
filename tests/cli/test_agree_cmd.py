"""`qualcode agree` keeps the CLI contract: options, formats, --out, clean errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from qualcode.cli import cli


def agree(url: str, *args: str):
    return CliRunner().invoke(cli, ["agree", "--db", url, "--seed", "3", *args])


def test_json_is_the_default_format(demo_url):
    result = agree(demo_url, "--unit", "document", "--bootstrap", "100")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["unit"] == "document" and report["n_units"] == 5
    assert {"resamples": 100, "seed": 3}.items() <= report["bootstrap"].items()
    assert len(report["overall"]["alpha_ci"]) == 2


def test_same_seed_same_report(demo_url):
    first = agree(demo_url, "--unit", "sentence", "--bootstrap", "200").output
    assert agree(demo_url, "--unit", "sentence", "--bootstrap", "200").output == first


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("csv", "level,key,name,alpha"), ("md", "| level |"), ("html", "<table>"),
     ("latex", "\\toprule")],
)  # fmt: skip
def test_every_format_states_the_run(demo_url, fmt, marker):
    result = agree(demo_url, "--format", fmt, "--coders", "alice,bob", "--bootstrap", "0")
    assert result.exit_code == 0, result.output
    assert marker in result.output
    if fmt != "csv":
        assert "0.800" in result.output and "0.667" in result.output
    assert "alice" in result.output


def test_out_writes_the_file(demo_url, tmp_path):
    out = tmp_path / "agreement.md"
    result = agree(demo_url, "--format", "md", "--out", str(out), "--codes", "missing_attributes")
    assert result.exit_code == 0
    assert "Missing attributes" in out.read_text(encoding="utf-8")


def test_group_and_min_overlap(demo_url):
    result = agree(demo_url, "--unit", "sentence", "--group", "challenge", "--min-overlap", "0.5")
    report = json.loads(result.output)
    assert report["min_overlap"] == 0.5
    assert [g["group"] for g in report["groups"]] == ["challenge"]


def test_bad_input_is_a_clean_error(demo_url):
    result = agree(demo_url, "--coders", "alice,zoe")
    assert result.exit_code != 0 and "zoe" in result.output and "Traceback" not in result.output
    result = agree(demo_url, "--min-overlap", "2")
    assert result.exit_code != 0 and "between 0 and 1" in result.output
