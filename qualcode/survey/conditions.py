"""Display conditions (`show_if`): a test on one earlier answer, or `all:` / `any:` lists of them.

A question is shown only when its condition holds for the answers given so far. Lists nest, so
"role is Developer and (years answered or tools include Papers)" is written as
`{all: [{question: role, equals: Developer}, {any: [...]}]}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qualcode.validation import Problems

CONDITION_OPS = ("equals", "not_equals", "in", "answered")
GROUP_MODES = ("all", "any")
SHAPE = (
    "field 'show_if' must be {question: ID, equals|not_equals|in|answered: VALUE} "
    "or {all|any: [conditions]}"
)


@dataclass
class Condition:
    """Show a question only when an earlier answer matches."""

    question: str
    op: str  # equals | not_equals | in | answered
    value: Any = None

    def holds(self, answers: dict[str, Any]) -> bool:
        answer = answers.get(self.question)
        chosen = answer if isinstance(answer, list) else ([] if answer in (None, "") else [answer])
        if self.op == "answered":
            return bool(chosen) == bool(self.value)
        if self.op == "equals":
            return self.value in chosen
        if self.op == "not_equals":
            return self.value not in chosen
        return any(v in chosen for v in self.value)

    def may_hold(self, answers: dict[str, Any]) -> bool:
        """Holds, or may still hold because the question is not answered yet."""
        return self.question not in answers or self.holds(answers)

    def leaves(self) -> list[Condition]:
        return [self]

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, self.op: self.value}


@dataclass
class ConditionGroup:
    """All (and) or any (or) of several conditions, each a Condition or another group."""

    mode: str  # all | any
    parts: list[Condition | ConditionGroup]

    def holds(self, answers: dict[str, Any]) -> bool:
        tests = (part.holds(answers) for part in self.parts)
        return all(tests) if self.mode == "all" else any(tests)

    def may_hold(self, answers: dict[str, Any]) -> bool:
        tests = (part.may_hold(answers) for part in self.parts)
        return all(tests) if self.mode == "all" else any(tests)

    def leaves(self) -> list[Condition]:
        return [leaf for part in self.parts for leaf in part.leaves()]

    def to_dict(self) -> dict[str, Any]:
        return {self.mode: [part.to_dict() for part in self.parts]}


Rule = Condition | ConditionGroup


def parse_condition(raw: Any, where: str, problems: Problems) -> Rule | None:
    """One `show_if` value (or an entry of an `all:`/`any:` list) as a rule; problems are added."""
    if isinstance(raw, dict) and len(raw) == 1 and next(iter(raw)) in GROUP_MODES:
        mode, entries = next(iter(raw.items()))
        if not isinstance(entries, list) or not entries:
            problems.add(where, f"field 'show_if': '{mode}' needs a list of conditions")
            return None
        parts = [parse_condition(entry, where, problems) for entry in entries]
        if any(part is None for part in parts):
            return None
        return ConditionGroup(mode, parts)
    ops = [op for op in CONDITION_OPS if isinstance(raw, dict) and op in raw]
    if not isinstance(raw, dict) or not raw.get("question") or len(ops) != 1 or len(raw) != 2:
        problems.add(where, SHAPE)
        return None
    value = raw[ops[0]]
    if ops[0] == "in" and not isinstance(value, list):
        problems.add(where, "field 'show_if': 'in' needs a list of answers")
        return None
    return Condition(str(raw["question"]), ops[0], value)
