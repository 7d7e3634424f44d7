"""Moving through a survey page by page, as a respondent does: where they are, what comes next,
which answers a page accepts, and what is still missing before submitting.

The respondent page (which stores answers) and the researcher's preview (which stores nothing)
both go through these functions, so the preview behaves exactly like the real survey.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qualcode.survey.answers import (
    check_answer,
    declined,
    expected_pages,
    visible_pages,
    visible_questions,
)
from qualcode.survey.instrument import Instrument


@dataclass
class Place:
    """The page shown: its index in the instrument, its number among the pages shown, and how
    many pages the respondent will probably see (for the progress bar)."""

    page_index: int
    number: int
    total: int

    @property
    def progress(self) -> float:
        return (self.number - 1) / self.total


@dataclass
class PageResult:
    """What a page's answers came to: accepted question ids, messages by question, consent declined."""

    accepted: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    declined: bool = False


def place(instrument: Instrument, answers: dict[str, Any], current: int | None) -> Place:
    """Where a respondent whose last saved page is `current` (None: not started) stands now."""
    pages = visible_pages(instrument, answers) or [0]
    wanted = pages[0] if current is None else current
    position = next((i for i, p in enumerate(pages) if p >= wanted), len(pages) - 1)
    total = max(len(pages), expected_pages(instrument, answers))
    return Place(pages[position], position + 1, total)


def neighbour(
    instrument: Instrument, answers: dict[str, Any], page_index: int, step: int
) -> int | None:
    """The next (step 1) or previous (step -1) page that shows a question; None at either end."""
    pages = visible_pages(instrument, answers)
    if step > 0:
        return next((p for p in pages if p > page_index), None)
    return next((p for p in reversed(pages) if p < page_index), None)


def answer_page(
    instrument: Instrument,
    page_index: int,
    values: dict[str, Any],
    others: dict[str, str],
    answers: dict[str, Any],
    other_answers: dict[str, str],
) -> PageResult:
    """Check the page's shown questions and put acceptable answers into `answers` / `other_answers`.
    Stops at a declined consent (nothing after it counts)."""
    result = PageResult()
    live = {**answers, **values}
    for question in visible_questions(instrument.pages[page_index], live):
        other = others.get(question.id, "").strip()
        clean, error = check_answer(question, values.get(question.id), other)
        if error:
            result.errors[question.id] = error
            continue
        chosen = clean if isinstance(clean, list) else [clean]
        answers[question.id] = clean
        other_answers[question.id] = other if question.other and question.other in chosen else ""
        result.accepted.append(question.id)
        if declined(question, clean):
            result.declined = True
            break
    return result


def missing_answers(
    instrument: Instrument, answers: dict[str, Any], other_answers: dict[str, str]
) -> tuple[dict[str, str], set[str]]:
    """Before submitting: messages for shown questions still lacking an acceptable answer, and
    the ids of every question shown (answers to the others are dropped)."""
    errors: dict[str, str] = {}
    shown: set[str] = set()
    for index in visible_pages(instrument, answers):
        for question in visible_questions(instrument.pages[index], answers):
            shown.add(question.id)
            _, error = check_answer(
                question, answers.get(question.id), other_answers.get(question.id, "")
            )
            if error:
                errors[question.id] = error
    return errors, shown
