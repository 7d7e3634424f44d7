"""Exports of real transcription tools (files shaped like theirs, in exports/) import faithfully:
the stored words are the spoken words, with the turns, speakers, roles and times of the file,
and no memos."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.ingest.documents import document_turns, list_documents
from qualcode.ingest.readers import read_bytes, read_transcript
from qualcode.ingest.roles import guess_roles
from qualcode.ingest.transcript import count_words
from qualcode.project import current_project
from qualcode.store import session_scope

EXPORTS = Path(__file__).parent / "exports"
IV, P, U = "interviewer", "participant", "unknown"

# file -> (format, [(speaker, role, seconds, spoken words)])
SPOKEN = {
    "zoom_recording.vtt": ("vtt", [
        ("Lena Park", IV, 2.31, "Thanks for joining. Could you describe your role?"),
        ("Omar Haddad", P, 6.45,
         "Sure. I lead a small team that fine-tunes speech models for call centres."),
        ("Lena Park", IV, 13.9, "How do you choose a pre-trained model?"),
        ("Omar Haddad", P, 16.8, "We read the model card first, then the downloads."),
    ]),
    "teams_meeting.vtt": ("vtt", [
        ("Lena Park", IV, 1.02, "Can you hear me? Let's start with your background."),
        ("Priya Nair", P, 5.1, "I'm a data scientist in a bank. We mostly reuse language models."),
        ("Lena Park", IV, 12.0, "Which licences worry you?"),
    ]),
    "stream_recording.vtt": ("vtt", [
        ("Lena Park", IV, 0.64, "Do you check the training data of a model?"),
        ("Jonas Weiß", P, 4.9, "Rarely. The cards seldom say where it came from."),
    ]),
    "youtube_auto.vtt": ("vtt", [
        ("Unknown", U, 0.03, "so how do you pick a model from the hub we look at the downloads "
         "and then we test it ourselves"),
    ]),
    "youtube_auto.srt": ("srt", [
        ("Unknown", U, 0.03, "so how do you pick a model from the hub we look at the downloads"),
    ]),
    "subtitles_styled.srt": ("srt", [
        ("Interviewer", IV, 1.0, "Is it safe to load pickled weights?"),
        ("Participant", P, 4.0, "Not really & we scan them first."),
        ("Interviewer", IV, 7.8, "With what?"),
        ("Participant", P, 7.8, "A small tool of our own."),
    ]),
    "otter_export.txt": ("otter", [
        ("Lena Park", IV, 3.0, "Wie wählen Sie ein Modell aus?"),
        ("Unknown Speaker", U, 9.0, "Meistens über die Downloads."),
        ("Lena Park", IV, 14.0, "Und die Lizenz?"),
        ("Jonas Weiß", P, 17.0, "Die prüfen wir zuerst, das ist großartig wichtig."),
    ]),
    "otter_saved_as.md": ("otter", [
        ("Emma Rossi", IV, 2.0, "What made you switch models?"),
        ("Dan Cole", P, 6.0, "The old one was deprecated."),
        ("Emma Rossi", IV, 11.0, "Did you compare them first?"),
        ("Dan Cole", P, 15.0, "Only on our own test set."),
    ]),
    "rev_export.txt": ("txt", [
        ("Speaker 1", IV, 0.0, "Could you describe your role?"),
        ("Speaker 2", P, 4.0, "I maintain the inference service.\nWe serve about forty models."),
        ("Speaker 1", IV, 72.0, "How often do you update them?"),
        ("Speaker 2", P, 75.0, "Every quarter, roughly."),
    ]),
    "temi_export.txt": ("txt", [
        ("Interviewer", IV, 0.0, "What do you look for on a model card?"),
        ("Participant", P, 5.0, "The licence and the evaluation data."),
    ]),
    "descript_export.txt": ("txt", [
        ("Lena Park", IV, 3.0, "What slowed you down the most?"),
        ("Sam Okafor", P, 7.0, "Missing tokenizer files, honestly."),
        ("Lena Park", IV, 12.0, "How did you work around it?"),
        ("Sam Okafor", P, 15.0, "We copied them from the base model."),
    ]),
    "whisper_segments.txt": ("txt", [
        ("Unknown", U, 0.0, "So how do you pick a model from the hub?\n"
         "Mostly by downloads, honestly, and then the licence."),
    ]),
    "whisperx_diarised.txt": ("txt", [
        ("SPEAKER_00", IV, 1.12, "Which models did you try first?"),
        ("SPEAKER_01", P, 4.9, "Two small ones from the hub.\nThen a larger one."),
        ("SPEAKER_00", IV, 10.4, "Why the larger one?"),
    ]),
    "margin_numbers.txt": ("txt", [
        ("Interviewer", IV, None, "So tell me how you first found\nthe model you use now."),
        ("Participant", P, None, "A colleague sent me a link to\nthe hub, and I tried three of them."),
        ("Interviewer", IV, None, "Which one did you keep?"),
        ("Participant", P, None, "The smallest, because it ran on\nour laptops."),
        ("Interviewer", IV, None, "Did you read the model card?"),
        ("Participant", P, None, "Only the part about the licence."),
        ("Interviewer", IV, None, "And the training data?"),
        ("Participant", P, None, "That part was empty."),
        ("Interviewer", IV, None, "Thank you."),
    ]),
    "mandarin_interview.txt": ("txt", [
        ("访谈者", IV, None, "你们怎么选择预训练模型？"),
        ("受访者", P, None, "我们先看下载量，然后在自己的数据上测试。"),
        ("访谈者", IV, None, "模型卡有用吗？"),
        ("受访者", P, None, "有时候有用，但是很多信息缺失。"),
    ]),
    "japanese_captions.vtt": ("vtt", [
        ("聞き手", IV, 1.0, "どの模型を使いますか？"),
        ("回答者", P, 3.5, "公開されているものを使います。"),
    ]),
}  # fmt: skip
FILES = sorted(SPOKEN)


@pytest.fixture(scope="module")
def parsed():
    found = {}
    for name in FILES:
        transcript = read_transcript(EXPORTS / name)
        guess_roles(transcript)
        found[name] = transcript
    return found


def test_every_export_is_covered():
    assert (
        sorted(p.name for p in EXPORTS.iterdir() if p.suffix != ".md" or p.stem != "README")
        == FILES
    )


@pytest.mark.parametrize("name", FILES)
def test_format_is_detected(parsed, name):
    assert parsed[name].format == SPOKEN[name][0]


@pytest.mark.parametrize("name", FILES)
def test_turns_hold_the_spoken_words(parsed, name):
    transcript = parsed[name]
    texts = [(t.speaker, transcript.text[t.start : t.end]) for t in transcript.turns]
    assert texts == [(speaker, words) for speaker, _, _, words in SPOKEN[name][1]]


@pytest.mark.parametrize("name", FILES)
def test_stored_word_count_is_the_spoken_word_count(parsed, name):
    spoken = sum(count_words(words) for *_, words in SPOKEN[name][1])
    assert parsed[name].word_count == spoken


@pytest.mark.parametrize("name", FILES)
def test_roles_follow_labels_and_questions(parsed, name):
    assert [t.role for t in parsed[name].turns] == [role for _, role, _, _ in SPOKEN[name][1]]


@pytest.mark.parametrize("name", FILES)
def test_timestamps_are_kept(parsed, name):
    stamps = [t.timestamp for t in parsed[name].turns]
    assert stamps == pytest.approx([seconds for _, _, seconds, _ in SPOKEN[name][1]])


@pytest.mark.parametrize("name", FILES)
def test_no_memos_come_from_files_without_them(parsed, name):
    assert parsed[name].memos == []


@pytest.mark.parametrize(
    ("name", "key", "value"),
    [
        ("otter_export.txt", "footer", "Transcribed by https://otter.ai"),
        ("otter_saved_as.md", "footer", "Transcribed by https://otter.ai"),
        (
            "temi_export.txt",
            "tool_header",
            "This transcript was exported on Aug 2, 2022 - view latest version here.",
        ),
        ("otter_export.txt", "preamble", "Model reuse interview"),
    ],
)
def test_tool_lines_are_kept_as_header_or_footer(parsed, name, key, value):
    assert value in parsed[name].meta[key]
    assert value not in parsed[name].text


def test_otter_date_line_is_no_turn(parsed):
    assert "Tue, Mar 01, 2022" in parsed["otter_export.txt"].meta["preamble"]
    assert not any("2022" in t.speaker for t in parsed["otter_export.txt"].turns)


def test_youtube_header_fields_are_metadata(parsed):
    assert parsed["youtube_auto.vtt"].meta["header"] == {"Kind": "captions", "Language": "en"}


def test_rolling_captions_are_named_in_a_warning(parsed):
    assert any("rolling captions" in w for w in parsed["youtube_auto.vtt"].warnings)
    assert not any("rolling" in w for w in parsed["zoom_recording.vtt"].warnings)


def test_margin_numbers_are_named_in_a_warning(parsed):
    assert "12 margin line number(s) removed" in " ".join(parsed["margin_numbers.txt"].warnings)


@pytest.mark.parametrize("name", ["mandarin_interview.txt", "japanese_captions.vtt"])
def test_cjk_word_unit_is_stated(parsed, name):
    assert any("each character counts as one word" in w for w in parsed[name].warnings)
    assert not any("character" in w for w in parsed["zoom_recording.vtt"].warnings)


def test_importing_every_export_stores_the_spoken_words_and_roles(tmp_path):
    url = f"sqlite:///{tmp_path / 'study.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["init", "--db", url]).exit_code == 0
    result = runner.invoke(
        cli, ["import", "transcripts", *(str(EXPORTS / n) for n in FILES), "--db", url, "--json"]
    )
    assert result.exit_code == 0, result.output
    records = {Path(r["file"]).name: r for r in json.loads(result.output)}
    with session_scope(url) as session:
        documents = {d.source_name: d for d in list_documents(session, current_project(session))}
        for name in FILES:
            expected = SPOKEN[name][1]
            assert records[name]["memos"] == 0 and records[name]["turns"] == len(expected)
            assert records[name]["words"] == sum(count_words(w) for *_, w in expected)
            stored = document_turns(session, documents[name])
            assert [(t.speaker, t.role) for t in stored] == [(s, r) for s, r, _, _ in expected]


def test_stamped_lines_without_speakers_lose_their_stamps_not_their_words():
    parsed = read_bytes(
        "stamped.txt", b"[00:00:00] So how do you pick?\n[00:00:05] Mostly downloads.\n"
    )
    assert (
        parsed.text == "So how do you pick?\nMostly downloads." and parsed.turns[0].timestamp == 0
    )
