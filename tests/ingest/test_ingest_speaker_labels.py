"""Which "Label: text" lines open speaker turns (plain text and "Name: text" Word paragraphs)."""

from __future__ import annotations

from ingest_files import docx_bytes

from qualcode.ingest.readers import read_bytes
from qualcode.ingest.roles import guess_roles
from qualcode.ingest.speaker_labels import looks_like_label, speaker_labels

TITLED = b"""Interview P4 - 26 July 2022 - remote call

Interviewer: How did you choose a model?
Participant: I looked at the hub first.
My checklist was simple: licence, card, downloads.
Interviewer: Anything else?
Participant: No.
"""


def turn_texts(parsed):
    return [(t.speaker, parsed.text[t.start : t.end]) for t in parsed.turns]


def test_title_line_is_kept_as_preamble_not_a_speaker():
    parsed = read_bytes("p4.txt", TITLED)
    assert parsed.speakers == ["Interviewer", "Participant"]
    assert parsed.meta["preamble"] == "Interview P4 - 26 July 2022 - remote call"
    assert "remote call" not in parsed.text


def test_role_guessing_ignores_the_preamble():
    assert guess_roles(read_bytes("p4.txt", TITLED)) == {
        "Interviewer": "interviewer",
        "Participant": "participant",
    }


def test_colon_in_a_continuation_line_stays_in_the_turn():
    parsed = read_bytes("p4.txt", TITLED)
    assert turn_texts(parsed)[1] == (
        "Participant",
        "I looked at the hub first.\nMy checklist was simple: licence, card, downloads.",
    )


def test_one_off_name_among_recurring_speakers_is_text():
    assert speaker_labels(["Ana", "Ben", "Ana", "Ben", "Note"]) == {"Ana", "Ben"}


def test_generic_label_speaking_once_is_a_speaker():
    assert "Speaker 3" in speaker_labels(["Speaker 1", "Speaker 2"] * 2 + ["Speaker 3"])


def test_recurring_lowercase_label_is_a_known_speaker():
    assert speaker_labels(["ana", "ben", "ana", "ben"]) == {"ana", "ben"}


def test_long_label_is_never_a_speaker():
    assert speaker_labels(["The first thing we checked"] * 2) == set()


def test_name_and_role_labels_look_like_labels():
    assert all(map(looks_like_label, ["Dr. Ana de Souza", "Speaker 2", "P3", "Interviewer"]))
    assert not looks_like_label("My checklist was simple")


def test_name_text_docx_paragraphs_follow_the_same_rule():
    paragraphs = ["Study 7 interview", "Ana: Which model?", "Ben: BERT.", "Why: it was there.",
                  "Ana: And then?", "Ben: Nothing."]  # fmt: skip
    parsed = read_bytes("n.docx", docx_bytes(paragraphs))
    assert parsed.speakers == ["Ana", "Ben"]
    assert turn_texts(parsed)[1] == ("Ben", "BERT.\nWhy: it was there.")
    assert parsed.meta["preamble"] == "Study 7 interview"


def test_a_label_with_a_time_stamp_speaking_once_opens_a_turn():
    parsed = read_bytes(
        "d.txt", b"Ann (00:00:03): How?\nBen (00:00:07): Fine.\nAnn (00:00:10): Ok.\n"
    )
    assert [(t.speaker, t.timestamp) for t in parsed.turns] == [("Ann", 3), ("Ben", 7), ("Ann", 10)]
