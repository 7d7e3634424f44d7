"""Numbered lines: memos only after an "Annotations" heading or when every number is anchored in
the text; margin line numbers leave the text; a large share of words moving into memos is refused
unless `memos` says so."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_files import REV_PARAGRAPHS, docx_bytes

from qualcode.errors import ValidationError
from qualcode.ingest.line_numbers import strip_line_numbers
from qualcode.ingest.readers import read_bytes
from qualcode.ingest.transcript import count_words

ISSUE_EXAMPLE = (
    "Interviewer: Which hub do you use?\nParticipant: Hugging Face, mostly.\n1\n2\n"
    "Interviewer: Why that one?\nParticipant: Everyone publishes there.\n"
)
ANCHORED_WITHOUT_HEADING = (
    "Interviewer: What is your role?\nParticipant: I train vision models.1\n"
    "Interviewer: How do you pick one?\nParticipant: By downloads, mostly.2\n"
    "1 Role: ML engineer\n2 Selection by popularity\n"
)
UNANCHORED_WITHOUT_HEADING = (
    "Interviewer: What is your role?\nParticipant: I train vision models.\n"
    "1 Role: ML engineer\n2 Selection by popularity\n"
)


def texts(parsed):
    return [(t.speaker, parsed.text[t.start : t.end]) for t in parsed.turns]


def test_bare_numbers_between_turns_are_neither_memos_nor_text():
    parsed = read_bytes("pasted.txt", ISSUE_EXAMPLE.encode())
    assert parsed.memos == []
    assert texts(parsed) == [
        ("Interviewer", "Which hub do you use?"),
        ("Participant", "Hugging Face, mostly."),
        ("Interviewer", "Why that one?"),
        ("Participant", "Everyone publishes there."),
    ]


def test_numbered_block_without_heading_is_memos_when_every_number_is_anchored():
    parsed = read_bytes("anchored.txt", ANCHORED_WITHOUT_HEADING.encode())
    assert [(m.label, parsed.text[m.start : m.end]) for m in parsed.memos] == [
        ("Memo 1", "I train vision models."),
        ("Memo 2", "By downloads, mostly."),
    ]


def test_numbered_block_without_heading_or_anchors_stays_in_the_turns():
    parsed = read_bytes("loose.txt", UNANCHORED_WITHOUT_HEADING.encode())
    assert parsed.memos == []
    assert "1 Role: ML engineer\n2 Selection by popularity" in parsed.text


def test_heading_block_is_memos_as_before():
    parsed = read_bytes("rev.docx", docx_bytes(REV_PARAGRAPHS))
    assert [m.label for m in parsed.memos] == ["Memo 1", "Memo 2"]


def test_margin_numbers_on_every_line_leave_the_text():
    lines = [f"{n} {line}" for n, line in enumerate(
        ["Interviewer: How did it go?", "Participant: Well, the model", "ran on the first try.",
         "Interviewer: And the licence?", "Participant: We never checked it."], start=1)]  # fmt: skip
    parsed = read_bytes("numbered.txt", "\n".join(lines).encode())
    assert texts(parsed)[1] == ("Participant", "Well, the model\nran on the first try.")
    assert parsed.memos == [] and not any(ch.isdigit() for ch in parsed.text)


def test_every_fifth_line_numbered_is_stripped():
    lines = [f"line {chr(97 + i)}" for i in range(20)]
    numbered = [f"{i + 1} {line}" if (i + 1) % 5 == 0 else line for i, line in enumerate(lines)]
    assert strip_line_numbers(numbered) == (lines, 4)


def test_a_short_numbered_list_in_speech_keeps_its_numbers():
    lines = ["Ana: My steps were", "1 download", "2 test", "Ben: Fine."]
    assert strip_line_numbers(lines) == (lines, 0)


def long_unanchored_memos() -> bytes:
    answer = "We test every model on our own data before we ship it."
    memo = "A long researcher note about testing habits that no anchor ties to the text."
    turns = [f"Interviewer: Question {n}?\nParticipant: {answer}" for n in range(3)]
    memos = [f"{n} {memo}" for n in range(1, 6)]
    return "\n".join([*turns, "Annotations", *memos]).encode()


def test_memos_taking_many_words_out_of_the_turns_are_refused():
    with pytest.raises(ValidationError) as error:
        read_bytes("notes.txt", long_unanchored_memos())
    message = str(error.value)
    assert message.startswith("notes.txt: ") and "--memos keep" in message
    assert "5 numbered memo(s) without an anchor" in message


def test_memos_keep_stores_them_anyway():
    parsed = read_bytes("notes.txt", long_unanchored_memos(), memos="keep")
    assert len(parsed.memos) == 5 and all(m.start is None for m in parsed.memos)


def test_memos_none_keeps_every_word_in_the_turns():
    data = long_unanchored_memos()
    parsed = read_bytes("notes.txt", data, memos="none")
    labels = 6  # "Interviewer:" and "Participant:" three times each open turns, no words
    assert parsed.memos == [] and parsed.word_count == count_words(data.decode()) - labels
    assert "Annotations\n1 A long researcher note" in parsed.text


def test_an_unknown_memo_policy_is_refused():
    with pytest.raises(ValidationError, match="unknown --memos 'all'"):
        read_bytes("notes.txt", b"Ana: hi\n", memos="all")


# "1" is left out: "1" and "2" alone on two lines read as stray margin numbers by design
WORD = st.sampled_from(["we", "use", "3", "models", "daily", "and", "2", "hubs", "ok."])
TURNS = st.lists(
    st.lists(st.lists(WORD, min_size=1, max_size=6), min_size=1, max_size=3),
    min_size=5,
    max_size=20,
)


@settings(max_examples=60, deadline=None)
@given(TURNS)
def test_numbering_every_line_changes_no_stored_word(turns):
    lines = []
    for n, turn in enumerate(turns):
        speaker = "Interviewer" if n % 2 == 0 else "Participant"
        wrapped = [" ".join(words) for words in turn]
        lines += [f"{speaker}: {wrapped[0]}", *wrapped[1:]]
    plain = read_bytes("plain.txt", "\n".join(lines).encode())
    numbered = read_bytes(
        "numbered.txt", "\n".join(f"{i} {x}" for i, x in enumerate(lines, 1)).encode()
    )
    assert numbered.text == plain.text and numbered.memos == []


def test_numbers_alone_on_lines_apart_in_speech_stay():
    text = "Interviewer: How many?\nParticipant: Models\n2\nInterviewer: And hubs?\nParticipant: Hubs\n3\n"
    assert read_bytes("count.txt", text.encode()).text.count("\n2") == 1
