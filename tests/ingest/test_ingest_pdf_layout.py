"""PDF layout leaves the text: margin line numbers, running page lines, tabs, line breaks inside
sentences and line-end hyphens; the words on the page are what is stored."""

from __future__ import annotations

import pytest
from ingest_files import pdf_pages_bytes

from qualcode.ingest.readers import read_bytes
from qualcode.ingest.readers.pdf_text import reflow

PAGES = [
    [
        "Interview P7 - remote call",
        "Interviewer: Could you show me the\tdashboard you",
        "use? Then stop sharing when done.",
        "Participant: Sure, this is our pre-",
        "processing step and the eval-",
        "uation report. It is pre-trained.",
        "Page 1 of 3",
    ],
    [
        "Interview P7 - remote call",
        "Interviewer: Thanks. Can you",
        "stop sharing now?",
        "Participant: Yes.",
        "Page 2 of 3",
    ],
    [
        "Interview P7 - remote call",
        "Interviewer: Anything else about the pre-",
        "trained models?",
        "Participant: No.",
        "Page 3 of 3",
    ],
]
SPOKEN = [
    ("Interviewer", "Could you show me the dashboard you use? Then stop sharing when done."),
    (
        "Participant",
        "Sure, this is our preprocessing step and the evaluation report. It is pre-trained.",
    ),
    ("Interviewer", "Thanks. Can you stop sharing now?"),
    ("Participant", "Yes."),
    ("Interviewer", "Anything else about the pre-trained models?"),
    ("Participant", "No."),
]


@pytest.fixture(scope="module", params=[False, True], ids=["plain", "margin-numbers"])
def parsed(request):
    return read_bytes("p7.pdf", pdf_pages_bytes(PAGES, margin_numbers=request.param))


def test_turns_hold_the_words_on_the_pages(parsed):
    assert [(t.speaker, parsed.text[t.start : t.end]) for t in parsed.turns] == SPOKEN


def test_phrase_broken_over_lines_is_found(parsed):
    assert parsed.text.count("stop sharing") == 2 and "\t" not in parsed.text


def test_running_page_lines_are_kept_as_page_marks(parsed):
    assert parsed.meta["page_marks"].split("\n") == [
        "Interview P7 - remote call", "Page 1 of 3", "Page 2 of 3", "Page 3 of 3",
    ]  # fmt: skip


def test_margin_numbers_make_no_memos(parsed):
    assert parsed.memos == []


def test_a_break_after_a_sentence_stays():
    assert reflow("It works.\nThen we ship.", set()) == "It works.\nThen we ship."


def test_a_line_end_hyphen_in_a_compound_the_text_writes_elsewhere_is_kept():
    assert reflow("a pre-\ntrained model", {"pre-trained"}) == "a pre-trained model"
    assert reflow("a pre-\ntrained model", set()) == "a pretrained model"


def interview_pages(pages: int, lines_per_page: int) -> list[list[str]]:
    """A long line-numbered interview: questions and answers wrapped over several lines."""
    lines = []
    for n in range(pages * lines_per_page // 4):
        lines += [f"Interviewer: Question {n} is about how you", "choose a model?"]
        lines += [f"Participant: Answer {n} says that we look", "at the downloads first."]
    return [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)]


def test_a_long_line_numbered_interview_keeps_every_word_in_its_turns():
    pages = interview_pages(5, 40)
    parsed = read_bytes("long.pdf", pdf_pages_bytes(pages, margin_numbers=True))
    spoken = sum(len(line.split(":", 1)[-1].split()) for page in pages for line in page)
    assert parsed.memos == [] and parsed.word_count == spoken
    assert len(parsed.turns) == 100
