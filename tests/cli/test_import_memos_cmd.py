"""`qualcode import transcripts --memos auto|keep|none`: a file whose memos would take much of its
text is refused by default, naming the way out; keep and none import it, storing what they say."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from qualcode.cli import cli

ANSWER = "We test every model on our own data before we ship it."
NOTE = "A long researcher note about testing habits that no anchor ties to the text."
NOTES_FILE = "\n".join(
    [f"Interviewer: Question {n}?\nParticipant: {ANSWER}" for n in range(3)]
    + ["Annotations"]
    + [f"{n} {NOTE}" for n in range(1, 6)]
)


@pytest.fixture
def study(tmp_path):
    url = f"sqlite:///{tmp_path / 'study.db'}"
    assert CliRunner().invoke(cli, ["init", "--db", url]).exit_code == 0
    path = tmp_path / "notes.txt"
    path.write_text(NOTES_FILE, encoding="utf-8")
    return url, path


def run(url, *args):
    return CliRunner().invoke(cli, ["import", "transcripts", *args, "--db", url, "--json"])


def test_default_refuses_and_stores_nothing(study):
    url, path = study
    result = run(url, str(path))
    assert result.exit_code == 1
    record = json.loads(result.output)[0]
    assert "would move out of the turns" in record["error"] and "--memos keep" in record["error"]
    listed = CliRunner().invoke(cli, ["speakers", "list", "1", "--db", url])
    assert listed.exit_code != 0


def test_keep_stores_the_memos(study):
    url, path = study
    record = json.loads(run(url, str(path), "--memos", "keep").output)[0]
    assert record["memos"] == 5 and record["turns"] == 6


def test_none_keeps_the_numbered_lines_in_the_turns(study):
    url, path = study
    record = json.loads(run(url, str(path), "--memos", "none").output)[0]
    questions, answers, heading, notes = 3 * 2, 3 * 12, 1, 5 * 15  # the notes keep their numbers
    assert record["memos"] == 0 and record["words"] == questions + answers + heading + notes


def test_cjk_word_unit_is_stated_in_the_record(tmp_path):
    url = f"sqlite:///{tmp_path / 'study.db'}"
    CliRunner().invoke(cli, ["init", "--db", url])
    path = tmp_path / "zh.txt"
    path.write_text("访谈者：你们用什么模型？\n受访者：开源的。\n", encoding="utf-8")
    record = json.loads(run(url, str(path)).output)[0]
    assert record["words"] == 7 + 3  # 你们用什么模型 开源的: punctuation is no word
    assert any("each character counts as one word" in w for w in record["warnings"])
