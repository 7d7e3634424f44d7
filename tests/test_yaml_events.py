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
