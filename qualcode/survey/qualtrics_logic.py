"""Qualtrics display logic (the `DisplayLogic` of a .qsf question) read as a `show_if` condition.

Qualtrics stores logic as numbered logic sets, each a numbered list of expressions joined by
`Conjuction` (sic) "And"/"Or"; the first expression of a later set joins that set to the ones
before. "And" binds tighter than "Or", and a set is a parenthesised group. Expressions on earlier
questions map onto `show_if`: a choice Selected / NotSelected (equals / not_equals its label), a
text or number EqualTo / NotEqualTo / Empty / NotEmpty, and Displayed (the earlier question's own
condition). Anything else (embedded data, quotas, matrix cells, greater-than ...) cannot be mapped,
and then the whole logic is left out with the reason, never half of it.
"""

from __future__ import annotations

import copy
import html
import re
from dataclasses import dataclass, field
from typing import Any

CHOICE_KINDS = ("consent", "single", "multi", "likert")
TEXT_KINDS = ("text", "long_text", "number")
CHOICE_OPERATORS = {"Selected": "equals", "NotSelected": "not_equals"}
TEXT_OPERATORS = {"EqualTo": "equals", "NotEqualTo": "not_equals"}
TAG = re.compile(r"<[^>]+>")
LOGIC_TYPES = {
    "EmbeddedField": "an embedded data field",
    "DeviceType": "the respondent's device type",
    "GeoIP": "the respondent's location",
    "Quota": "a quota",
    "Panel": "a contact list field",
    "ExperimentalGroup": "an experimental group",
    "Date": "the date",
    "Time": "the time of day",
    "Language": "the respondent's language",
    "Scoring": "a score",
}


def plain(text: str) -> str:
    """Qualtrics text (question texts, choices, logic descriptions) without HTML markup or entities."""
    return re.sub(r"\s+", " ", html.unescape(TAG.sub(" ", text or ""))).strip()


class Unmappable(Exception):
    """A condition with no `show_if` counterpart; the message says why."""


@dataclass
class KnownQuestion:
    """An earlier question as the instrument keeps it: what display logic may refer to."""

    tag: str
    kind: str
    labels: dict[str, str] = field(default_factory=dict)  # Qualtrics choice key -> option label
    show_if: dict | None = None
    logic_mapped: bool = True  # False when its own display logic could not be carried over
    note: str = ""  # what it is when it is no question of the instrument (descriptive text ...)


def _numbered(mapping: dict) -> list[Any]:
    return [mapping[k] for k in sorted((k for k in mapping if str(k).isdigit()), key=int)]


def describe(expression: dict) -> str:
    """The condition as Qualtrics words it (its Description), else its parts."""
    text = plain(str(expression.get("Description") or ""))
    if text:
        return text
    parts = (expression.get(k) for k in ("LogicType", "LeftOperand", "Operator", "RightOperand"))
    return " ".join(str(p) for p in parts if p)


def _number(text: str) -> float | int:
    try:
        number = float(text.strip().replace(",", "."))
    except ValueError as exc:
        raise Unmappable(f"{text!r} is not a number") from exc
    return int(number) if number.is_integer() else number


def _expression(expression: dict, known: dict[str, KnownQuestion]) -> dict | None:
    """One expression as a show_if entry (None: always true); raises Unmappable."""
    logic_type = expression.get("LogicType")
    if logic_type != "Question":
        tested = LOGIC_TYPES.get(
            str(logic_type), f"{logic_type or 'something'} (a {logic_type} condition)"
        )
        raise Unmappable(f"it tests {tested}, not an answer to an earlier question")
    locator = str(expression.get("LeftOperand") or expression.get("ChoiceLocator") or "")
    parts = locator.removeprefix("q://").split("/")
    qid = str(expression.get("QuestionID") or parts[0])
    target = known.get(qid)
    if target is None:
        raise Unmappable(
            f"{qid} is not an earlier question of the survey (it comes later or is gone)"
        )
    if target.kind == "none":
        raise Unmappable(f"{target.tag} is {target.note}, not a question of the instrument")
    if target.kind == "group":
        raise Unmappable(
            f"{target.tag} was imported as several questions, so it cannot be tested as one"
        )
    operator, what, rest = expression.get("Operator"), parts[1] if len(parts) > 1 else "", parts[2:]
    if operator in ("Displayed", "NotDisplayed") and what == "QuestionDisplayed":
        if operator == "NotDisplayed":
            raise Unmappable("'is not displayed' has no show_if counterpart")
        if not target.logic_mapped:
            raise Unmappable(f"the display logic of {target.tag} itself was not carried over")
        return copy.deepcopy(target.show_if)
    if what == "SelectableAnswer":
        raise Unmappable(f"it tests a cell of matrix {target.tag}, which show_if cannot")
    if what == "SelectableChoice" and operator in CHOICE_OPERATORS:
        if target.kind not in CHOICE_KINDS or len(rest) != 1:
            raise Unmappable(f"choices of {target.tag} ({target.kind}) cannot be tested")
        label = target.labels.get(rest[0])
        if label is None:
            raise Unmappable(f"choice {rest[0]} is not an option of {target.tag}")
        return {"question": target.tag, CHOICE_OPERATORS[operator]: label}
    if what == "ChoiceTextEntryValue" and not rest and target.kind in TEXT_KINDS:
        if operator in ("Empty", "NotEmpty"):
            return {"question": target.tag, "answered": operator == "NotEmpty"}
        if operator in TEXT_OPERATORS:
            value = str(expression.get("RightOperand", ""))
            if target.kind == "number":
                value = _number(value)
            return {"question": target.tag, TEXT_OPERATORS[operator]: value}
    raise Unmappable(
        f"'{operator}' has no show_if counterpart (Selected, NotSelected, EqualTo, NotEqualTo, "
        "Empty, NotEmpty and Displayed have)"
    )


def _join(mode: str, terms: list[dict | None]) -> dict | None:
    """all/any of the terms, flattening nested lists of the same kind; None stands for 'always'."""
    if mode == "any" and any(t is None for t in terms):
        return None
    flat = []
    for term in (t for t in terms if t is not None):
        flat.extend(term[mode] if set(term) == {mode} else [term])
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else {mode: flat}


def _combine(joined: list[tuple[str, dict | None]]) -> dict | None:
    """Terms joined by And/Or, And first (Or separates runs of And)."""
    runs: list[list[dict | None]] = []
    for index, (conjunction, term) in enumerate(joined):
        if index == 0 or conjunction == "Or":
            runs.append([])
        runs[-1].append(term)
    return _join("any", [_join("all", run) for run in runs])


def display_condition(logic: dict, known: dict[str, KnownQuestion]) -> dict | None:
    """The show_if equivalent of a DisplayLogic (None: shown to everyone); raises Unmappable
    naming the first condition that has no counterpart."""
    sets, failures = [], []
    for logic_set in _numbered(logic):
        expressions = _numbered(logic_set) if isinstance(logic_set, dict) else []
        terms = []
        for expression in (e for e in expressions if isinstance(e, dict)):
            try:
                term = _expression(expression, known)
            except Unmappable as exc:
                failures.append(f"condition '{describe(expression)}': {exc}")
                continue
            terms.append((expression.get("Conjuction") or "And", term))
        if terms:
            sets.append((terms[0][0], _combine(terms)))
    if failures:
        raise Unmappable("; ".join(failures))
    if not sets:
        raise Unmappable("it holds no conditions qualcode can read")
    return _combine(sets)
