"""Questions are validated as the file is read (a large instrument is never held twice): the result
and every error are those of reading the whole file first and validating it then."""

from __future__ import annotations

import pytest
import yaml

from qualcode.errors import ValidationError
from qualcode.sample import CODEBOOK_DIR
from qualcode.survey.instrument import parse_instrument, parse_instrument_text
from qualcode.validation import load_yaml
from tests.survey.conftest import MINI

HEAD = "slug: s\ntitle: T\npages:\n- questions:\n"
LAUGHS = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 8)
)


def _whole_file_first(text: str, source: str):
    """The instrument as read before: the whole file parsed, then validated."""
    return parse_instrument(load_yaml(text, source), source)


def _outcome(read, text: str):
    try:
        return read(text, "survey.yaml").to_dict()
    except ValidationError as exc:
        return str(exc)


BAD = """slug: mini
title: ''
colour: blue
pages:
- {title: Consent, extra: 1, questions: [{id: consent, type: consent, text: Agree?}]}
- title: About
  questions:
  - {id: role, type: single, text: Role, options: []}
  - {id: years, type: number, text: Years, min: zero}
  - {id: pain, type: likert, text: Pain, show_if: {question: role, equals: Nobody}}
  - {id: grid, type: matrix, text: Grid, items: [{id: a, text: A}], colour: red}
"""


def _with_anchors() -> str:
    text = yaml.safe_dump(MINI, sort_keys=False)
    return (
        text.replace("  - id: consent", "  - &c\n    id: consent", 1)
        + "- {title: Again, questions: [*c]}\n"
    )


CASES = {
    "sample": (CODEBOOK_DIR / "ptm_reuse_survey.yaml").read_text(encoding="utf-8"),
    "every problem": BAD,
    "a question reused by an alias": _with_anchors(),
    "a list of questions reused": HEAD.replace("questions:", "questions: &qs")
    + "  - {id: a, type: text, text: A}\n- {title: B, questions: *qs}\n",
    "merge keys": HEAD.replace("pages:", "base: &b {type: text, text: A}\npages:")
    + "  - {<<: *b, id: a}\n  - {<<: *b, id: b, colour: 1}\n",
    "options shared by an alias": HEAD
    + "  - {id: a, type: single, text: A, options: &o [x, y]}\n"
    + "  - {id: b, type: multi, text: B, options: *o, show_if: {question: a, in: *o}}\n",
    "entries that are not mappings": HEAD + "  - just text\n  - [1, 2]\n  - {id: a, type: bogus}\n",
    "pages given twice": HEAD + "  - {id: a, type: text, text: A, colour: 1}\npages:\n- questions:\n"
    "  - {id: b, type: text, text: B}\n",
    "pages as a mapping": "slug: s\ntitle: T\npages:\n  0:\n    questions:\n    - {id: a, type: bogus}\n",
    "a question nested too deep": HEAD + "  - {id: a, type: text, text: A, help: " + "[" * 96 + "]" * 96 + "}\n",
    "a question just deep enough": HEAD + "  - {id: a, type: text, text: A, help: " + "[" * 95 + "]" * 95 + "}\n",
    "a question refers to itself": HEAD + "  - &q {id: a, type: text, text: A, help: [*q]}\n",
    "a question expands without end": LAUGHS + HEAD + "  - {id: a, type: text, text: A, help: *l7}\n",
    "a bad question, then a syntax error": HEAD + "  - {id: a, type: bogus}\nbroken: [\n",
    "a deep question, then a syntax error": HEAD + "  - {id: a, type: text, text: A, help: "
    + "[" * 120 + "]" * 120 + "}\nbroken: [\n",
}  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_reading_question_by_question_gives_what_the_whole_file_gave(name):
    text = CASES[name]
    assert _outcome(parse_instrument_text, text) == _outcome(_whole_file_first, text)


def test_errors_of_questions_read_on_the_way_keep_the_file_order():
    with pytest.raises(ValidationError) as caught:
        parse_instrument_text(CASES["every problem"], "mini.yaml")
    lines = str(caught.value).splitlines()
    assert lines[0] == "mini.yaml: invalid survey instrument (7 problems)"
    assert lines[1:4] == [
        "  - top level: unknown field 'colour'",
        "  - page 1: unknown field 'extra'",
        "  - page 2, question 'role': field 'options' must list at least one option",
    ]
    assert (
        lines[-1]
        == "  - question 'pain': field 'show_if': 'Nobody' is not an option of 'role' (options: )"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a question nested too deep", "survey.yaml: YAML nested more than 100 levels deep; refused"),
        ("a question refers to itself", "survey.yaml: YAML refers to itself (a recursive alias); refused"),
        ("a question expands without end", "survey.yaml: YAML expands to more than 2,000,000 values; refused"),
        ("a deep question, then a syntax error", "survey.yaml: not valid YAML (line 7, column 1): did not find expected node content"),
    ],
)  # fmt: skip
def test_limits_hold_for_the_questions_read_on_the_way(name, message):
    assert _outcome(parse_instrument_text, CASES[name]) == message


def test_labels_many_questions_repeat_are_held_once():
    text = HEAD + "".join(
        f"  - {{id: q{i}, type: single, text: Same, options: [Often, Never]}}\n" for i in range(3)
    )
    first, *others = parse_instrument_text(text, "survey.yaml").questions
    assert all(q.options[0] is first.options[0] and q.text is first.text for q in others)
