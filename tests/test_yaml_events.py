"""YAML built from the parser's events gives what PyYAML's safe loader gives, errors included."""

from __future__ import annotations

import pytest
import yaml

from qualcode import yaml_events
from qualcode.errors import ValidationError
from qualcode.validation import load_yaml

DOCUMENTS = [
    "a: &x [1, 2]\nb: *x\nc: *x\n",
    "- !!str 12\n- 0x1F\n- 1_000\n- .inf\n- ~\n- 2024-01-02\n- 2024-01-02 10:00:00\n- yes\n- 'no'\n",
    "a: 1\na: 2\n",
    "",
    "k: !!binary aGVsbG8=\n",
    "- [1, [2, [3]]]\n- {a: {b: null, c: '=SUM(A1)'}}\n- \"Zoë 😀 漢字\"\n",
    "name: PTM\ncodes:\n  - key: a\n    examples: [x, y]\n",
]
BROKEN = ["? [a]\n: b\n", "---\na: 1\n---\nb: 2\n", "x: *nope\n", "a: b: c\n", "a: [1, 2\n"]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_values_match_the_safe_loader(text):
    assert yaml_events.load(text, 100) == yaml.safe_load(text)


@pytest.mark.parametrize("text", BROKEN)
def test_errors_are_the_safe_loaders(text):
    with pytest.raises(yaml.YAMLError) as expected:
        yaml.safe_load(text)
    with pytest.raises(type(expected.value)):
        yaml_events.load(text, 100)


@pytest.mark.parametrize("text", ["<<: {a: 1}\nb: 2\n", "s: !!set {a, b}\n"])
def test_merge_keys_and_rare_tags_are_read_by_pyyaml(text):
    with pytest.raises(yaml_events.Unusual):
        yaml_events.load(text, 100)
    assert load_yaml(text, "x.yaml") == yaml.safe_load(text)


def test_aliases_beyond_the_limit_are_refused():
    text = "a: &x [1]\n" + "".join(f"b{i}: *x\n" for i in range(101))
    with pytest.raises(ValidationError, match="more than 100 aliases"):
        load_yaml(text, "x.yaml")


FOLDABLE = "pages:\n- questions:\n  - {id: a}\n  - &b {id: b}\n  - [x]\n- questions: &qs\n  - {id: c}\nagain: *qs\nmore: *b\n"


def test_fold_replaces_each_value_at_its_place_once_complete():
    seen = []

    def fold(place, value):
        seen.append((place, value))
        return ("folded", value["id"]) if isinstance(value, dict) else value

    data = yaml_events.load(
        FOLDABLE, 100, ("pages", yaml_events.INDEX, "questions", yaml_events.INDEX), fold
    )
    assert data["pages"][0]["questions"][0] == ("folded", "a")
    assert [place for place, _ in seen] == [
        ("pages", 0, "questions", 0),
        ("pages", 0, "questions", 2),
    ]


def test_anchored_values_and_values_under_an_anchor_are_not_folded():
    data = yaml_events.load(
        FOLDABLE,
        100,
        ("pages", yaml_events.INDEX, "questions", yaml_events.INDEX),
        lambda p, v: "folded",
    )
    assert data["pages"][0]["questions"][1] == {"id": "b"} and data["more"] == {"id": "b"}
    assert data["pages"][1]["questions"] == [{"id": "c"}] and data["again"] == [{"id": "c"}]


def test_a_place_under_a_mapping_key_is_not_a_sequence_position():
    text = "pages:\n  0:\n    questions:\n    - {id: a}\n"
    data = yaml_events.load(
        text,
        100,
        ("pages", yaml_events.INDEX, "questions", yaml_events.INDEX),
        lambda p, v: "folded",
    )
    assert data == yaml.safe_load(text)


@pytest.mark.parametrize("text", ["a: 1\nslug: ab\x07\n", "titel: Zoë 😀\nslug: ab\x07\n"])
def test_a_control_character_is_named_by_line_and_column(text):
    with pytest.raises(ValidationError) as caught:
        load_yaml(text, "x.yaml")
    assert (
        str(caught.value)
        == "x.yaml: not valid YAML (line 2, column 9): character #x0007 is not allowed in YAML"
    )
