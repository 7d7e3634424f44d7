"""Roles: labels name them ("Interviewer 1", "Int.", "I", "Moderator", "Unknown Speaker"); the
researcher's own name is the interviewer when it asks the most questions per turn."""

from __future__ import annotations

import pytest

from qualcode.ingest.readers import read_bytes
from qualcode.ingest.roles import guess_roles, named_role


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Interviewer 1", "interviewer"), ("Interviewer 2", "interviewer"), ("Int.", "interviewer"),
        ("I", "interviewer"), ("Moderator", "interviewer"), ("Researcher", "interviewer"),
        ("Q", "interviewer"), ("Participant 3", "participant"), ("P12", "participant"),
        ("Respondent", "participant"), ("Interviewee", "participant"), ("A", "participant"),
        ("Unknown Speaker", "unknown"), ("Unknown", "unknown"), ("Protocol", "other"),
        ("Speaker 1", ""), ("Dan", ""), ("Ai", ""), ("Pat", ""),
    ],
)  # fmt: skip
def test_label_names_a_role(label, role):
    assert named_role(label) == role


def roles_of(text: str) -> dict[str, str]:
    return guess_roles(read_bytes("t.txt", text.encode()))


def test_numbered_interviewer_labels_interview():
    roles = roles_of(
        "Interviewer 1: Hi?\nParticipant: Hello.\nInterviewer 2: Why?\nParticipant: So.\n"
    )
    assert roles == {
        "Interviewer 1": "interviewer",
        "Participant": "participant",
        "Interviewer 2": "interviewer",
    }


def test_short_interviewer_labels():
    assert roles_of("Int.: Hi?\nResp.: Hello.\n") == {"Int.": "interviewer", "Resp.": "participant"}
    assert roles_of("I: Hi?\nR: Hello.\nI: Why?\n") == {"I": "interviewer", "R": "participant"}


def test_researchers_own_name_beside_a_participant_label_interviews():
    roles = roles_of(
        "Dan: How do you pick?\nParticipant: Downloads.\nDan: And cards?\nParticipant: Rarely.\n"
    )
    assert roles == {"Dan": "interviewer", "Participant": "participant"}


def test_a_name_that_asks_nothing_beside_a_participant_label_is_a_participant():
    roles = roles_of("Dan: I agree.\nParticipant: Why?\nDan: Because.\n")
    assert roles == {"Dan": "participant", "Participant": "participant"}


def test_questions_per_turn_not_in_total_pick_the_interviewer():
    # Ben asks 3 questions in 6 turns, Ana 2 in 2 turns: Ana asks more per turn
    lines = (
        ["Ana: Which hub? Why?", "Ben: HF. Why not? Right?"]
        + ["Ben: More."] * 4
        + ["Ana: Done?", "Ben: Yes?"]
    )
    assert roles_of("\n".join(lines) + "\n")["Ana"] == "interviewer"


def test_unknown_speaker_is_never_the_interviewer():
    roles = roles_of("Unknown Speaker: What? Who? Where?\nEmma: How do you test?\nDan: Locally.\n")
    assert roles == {"Unknown Speaker": "unknown", "Emma": "interviewer", "Dan": "participant"}


def test_markdown_bold_leaves_speaker_labels():
    roles = roles_of(
        "**Emma:** How do you test?\n**Dan**: Locally.\n__Emma__: Why?\n**Dan:** Speed.\n"
    )
    assert roles == {"Emma": "interviewer", "Dan": "participant"}
