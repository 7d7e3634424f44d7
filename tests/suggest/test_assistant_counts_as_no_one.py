"""Assistant codings never change what the study reports unless asked for."""

import json

import pytest
from click.testing import CliRunner

from qualcode.cli import cli

TRAIN = ["suggest", "train", "--coders", "alice", "--min-examples", "3"]


def _cli(url, *args):
    result = CliRunner().invoke(cli, [*args, "--db", url])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def suggested_url(demo_url):
    """The demo study with the assistant's suggestions written for every document (a low
    threshold, so it suggests plenty)."""
    before = {name: _cli(demo_url, *args) for name, args in OUTPUTS.items()}
    _cli(demo_url, *TRAIN)
    ran = json.loads(_cli(demo_url, "suggest", "run", "--threshold", "0.05", "--json"))
    assert sum(ran["suggestions"].values()) > 0
    return demo_url, before


OUTPUTS = {
    "code-table": ["report", "code-table", "--group", "challenge", "--format", "csv"],
    "saturation": ["report", "saturation", "--format", "csv"],
    "matrix": ["report", "matrix", "--group", "challenge", "--format", "csv"],
    "codings": ["codings", "export"],
    "joint": ["evidence", "joint", "--group", "challenge", "--format", "md"],
    "agree": ["agree", "--unit", "document", "--bootstrap", "0"],
}


@pytest.mark.parametrize("name", OUTPUTS)
def test_outputs_are_unchanged_by_suggestions(suggested_url, name):
    url, before = suggested_url
    assert _cli(url, *OUTPUTS[name]) == before[name]


def test_code_table_counts_the_assistant_when_asked(suggested_url):
    url, before = suggested_url
    asked = _cli(url, *OUTPUTS["code-table"], "--include-assistant")
    assert asked != before["code-table"]


def test_codings_export_includes_the_assistant_when_asked(suggested_url):
    url, _ = suggested_url
    assert ",assistant," in _cli(url, "codings", "export", "--include-assistant")


def test_agreement_measures_the_assistant_when_named(suggested_url):
    url, _ = suggested_url
    report = json.loads(_cli(url, "agree", "--coders", "alice,assistant", "--bootstrap", "0"))
    assert report["coders"] == ["alice", "assistant"]


def test_the_demo_evaluation_is_deterministic(suggested_url):
    url, _ = suggested_url
    first = _cli(url, "suggest", "evaluate", "--json")
    assert _cli(url, "suggest", "evaluate", "--json") == first
    rows = json.loads(first)["codes"]
    assert rows and all(set(row["alpha"]) == {"alice"} for row in rows)


def test_the_qdpx_export_leaves_the_assistant_out_unless_asked(suggested_url, tmp_path):
    import zipfile

    url, _ = suggested_url
    plain, asked = tmp_path / "plain.qdpx", tmp_path / "asked.qdpx"
    _cli(url, "export", "qdpx", str(plain))
    _cli(url, "export", "qdpx", str(asked), "--include-assistant")

    def project_xml(path):
        return zipfile.ZipFile(path).read("project.qde").decode()

    assert 'name="assistant"' not in project_xml(plain)
    assert 'name="assistant"' in project_xml(asked)
