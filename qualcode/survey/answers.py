"""Checking one answer against its question: the clean value to store, or a message for the respondent."""

from __future__ import annotations

from typing import Any

from qualcode.survey.instrument import Instrument, Page, Question

EMPTY = (None, "", [], {})


def is_empty(value: Any) -> bool:
    return value in EMPTY or (isinstance(value, str) and not value.strip())


def _number(question: Question, value: Any) -> tuple[Any, str | None]:
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None, "Please enter a number."
    if question.integer and not number.is_integer():
        return None, "Please enter a whole number."
    low, high = question.min, question.max
    if (low is not None and number < low) or (high is not None and number > high):
        bounds = (
            f"from {low:g} to {high:g}"
            if low is not None and high is not None
            else (f"of at least {low:g}" if low is not None else f"of at most {high:g}")
        )
        return None, f"Please enter a number {bounds}."
    return (int(number) if question.integer else number), None


def _choices(question: Question, value: Any, other_text: str) -> tuple[Any, str | None]:
    chosen = value if isinstance(value, list) else [value]
    unknown = [c for c in chosen if c not in question.choices]
    if unknown:
        return None, f"{unknown[0]!r} is not one of the options."
    if question.other and question.other in chosen and not other_text.strip():
        return None, f"Please say what you mean by “{question.other}”."
    if question.type != "multi":
        return chosen[0], None
    if len(set(chosen)) != len(chosen):
        return None, "Each option can be chosen once."
    if question.min_choices and len(chosen) < question.min_choices:
        return None, f"Please choose at least {question.min_choices} options."
    if question.max_choices and len(chosen) > question.max_choices:
        return None, f"Please choose at most {question.max_choices} options."
    return list(chosen), None


def check_answer(question: Question, value: Any, other_text: str = "") -> tuple[Any, str | None]:
    """(clean value, None) when the answer is acceptable, else (None, message); None value = no answer."""
    if is_empty(value):
        return None, ("This question needs an answer." if question.required else None)
    kind = question.type
    if kind in ("consent", "single", "likert", "multi"):
        return _choices(question, value, other_text)
    if kind == "matrix":
        if not isinstance(value, dict):
            return None, "Please answer each row."
        item_ids = {i for i, _ in question.items}
        clean = {k: v for k, v in value.items() if k in item_ids and v in question.options}
        if question.required and len(clean) < len(item_ids):
            return None, "Please answer every row."
        return clean or None, None
    if kind == "ranking":
        ranked = list(value) if isinstance(value, list) else []
        if len(set(ranked)) != len(ranked) or any(r not in question.options for r in ranked):
            return None, "Please rank each option once."
        if question.required and len(ranked) < len(question.options):
            return None, f"Please rank all {len(question.options)} options."
        return ranked, None
    if kind == "number":
        return _number(question, value)
    text = str(value).strip()
    if question.max_length and len(text) > question.max_length:
        return (
            None,
            f"Please keep your answer under {question.max_length} characters (it has {len(text)}).",
        )
    return text, None


def visible_questions(page: Page, answers: dict[str, Any]) -> list[Question]:
    """The questions of a page whose display condition holds for the answers so far."""
    return [q for q in page.questions if q.show_if is None or q.show_if.holds(answers)]


def visible_pages(instrument: Instrument, answers: dict[str, Any]) -> list[int]:
    """Indexes of the pages that show at least one question."""
    return [i for i, page in enumerate(instrument.pages) if visible_questions(page, answers)]


def expected_pages(instrument: Instrument, answers: dict[str, Any]) -> int:
    """Pages the respondent will probably see: a condition on a question not answered yet counts as shown."""
    return sum(
        1
        for page in instrument.pages
        if any(q.show_if is None or q.show_if.may_hold(answers) for q in page.questions)
    )


def declined(question: Question, value: Any) -> bool:
    """A consent question answered with anything but its first (agree) option."""
    return question.type == "consent" and value not in (None, "") and value != question.options[0]
