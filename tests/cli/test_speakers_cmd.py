"""`qualcode speakers rename|set-role|list|markers` correct who said what."""

from __future__ import annotations

import json

from click.testing import CliRunner

from qualcode.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def imported(project_url, tmp_path) -> str:
    path = tmp_path / "i.txt"
    path.write_text("Speaker 1: What do you reuse? Why?\nSpeaker 2: BERT [inaudible 00:01:02].\n")
    assert run("import", "transcripts", str(path), "--db", project_url).exit_code == 0
    return "i.txt"


def test_rename_speaker(sqlite_url, tmp_path):
    assert run("init", "--db", sqlite_url).exit_code == 0
    doc = imported(sqlite_url, tmp_path)
    assert run("speakers", "rename", doc, "Speaker 2", "P3", "--db", sqlite_url).exit_code == 0
    listed = json.loads(run("speakers", "list", doc, "--db", sqlite_url, "--json").output)
    assert [(s["speaker"], s["role"]) for s in listed] == [
        ("Speaker 1", "interviewer"),
        ("P3", "participant"),
    ]


def test_set_role(sqlite_url, tmp_path):
    run("init", "--db", sqlite_url)
    doc = imported(sqlite_url, tmp_path)
    assert run("speakers", "set-role", doc, "Speaker 1", "other", "--db", sqlite_url).exit_code == 0
    listed = json.loads(run("speakers", "list", doc, "--db", sqlite_url, "--json").output)
    assert listed[0]["role"] == "other"


def test_unknown_speaker_is_a_clear_error(sqlite_url, tmp_path):
    run("init", "--db", sqlite_url)
    doc = imported(sqlite_url, tmp_path)
    result = run("speakers", "rename", doc, "Speaker 9", "P3", "--db", sqlite_url)
    assert result.exit_code == 1
    assert "no speaker 'Speaker 9' (speakers: Speaker 1, Speaker 2)" in result.output


def test_markers_listed(sqlite_url, tmp_path):
    run("init", "--db", sqlite_url)
    doc = imported(sqlite_url, tmp_path)
    markers = json.loads(run("speakers", "markers", doc, "--db", sqlite_url, "--json").output)
    assert [m["text"] for m in markers] == ["[inaudible 00:01:02]"]
