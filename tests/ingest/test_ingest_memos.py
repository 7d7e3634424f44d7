"""Memo blocks and anchors: each memo anchors the passage its own glued number closes."""

from __future__ import annotations

from ingest_files import docx_bytes

from qualcode.ingest.memos import parse_memos
from qualcode.ingest.readers import read_bytes

STRAY_NUMBER = [
    "Speaker 1:",
    "What do you do?",
    "Speaker 2:",
    "I found models on the HuggingFace model hub.1",
    "Speaker 1:",
    "When did you last use one?",
    "Speaker 2:",
    "A year back, so it's been a while.2",
    "Speaker 1:",
    "Where do they run?",
    "Speaker 2:",
    "On ec2 mostly, and we retrain them there, right?3",
    "Annotations",
    "1 Found models on the hub",
    "2 Last use a year ago",
    "3 Things that matter:",
    "1 Good performance",
    "2 Robust",
]


def memo_passages(parsed):
    return {m.label: parsed.text[m.start : m.end] for m in parsed.memos}


def test_anchor_closing_an_answer_beats_a_stray_number():
    parsed = read_bytes("stray.docx", docx_bytes(STRAY_NUMBER))
    assert memo_passages(parsed)["Memo 2"] == "A year back, so it's been a while."
    assert "ec2" in parsed.text and "while.2" not in parsed.text


def test_question_mark_anchor_is_found():
    parsed = read_bytes("stray.docx", docx_bytes(STRAY_NUMBER))
    assert memo_passages(parsed)["Memo 3"].endswith("retrain them there, right?")


def test_sub_list_numbered_from_one_stays_in_its_memo():
    memos = parse_memos(STRAY_NUMBER[-6:])
    assert [m.number for m in memos] == [1, 2, 3]
    assert memos[2].text == "Things that matter:\n1 Good performance\n2 Robust"
