"""Codebook validation names the file, the entry and what is wrong, and stores nothing."""

from pathlib import Path

import pytest

from qualcode.codebook.files import dump_codebook, parse_codebook_text, read_codebook_file
from qualcode.errors import ValidationError

REPO = Path(__file__).resolve().parents[2]

GOOD = """
name: Mini
version: 2
groups:
  - {key: stage, name: Stages, exclusive: true}
codes:
  - {key: parent_code, name: Parent, group: stage}
  - {key: child, name: Child, group: stage, parent: parent_code, examples: ["a quote"]}
"""


def test_valid_codebook_parses_with_hierarchy():
    spec = parse_codebook_text(GOOD, "mini.yaml")
    assert spec.version == 2
    assert spec.group("stage").exclusive is True
    assert spec.code("child").parent == "parent_code"
    assert spec.code("child").color.startswith("#")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "name: X\ncodes:\n  - {key: a, name: A, group: nowhere}\n",
            "code 'a': group 'nowhere' is not defined",
        ),
        (
            "name: X\ncodes:\n  - {key: a, name: A}\n  - {key: a, name: B}\n",
            "code 'a': key is used more than once",
        ),
        (
            "name: X\ncodes:\n  - {key: a, name: A, parent: ghost}\n",
            "code 'a': parent 'ghost' is not a code",
        ),
        (
            "name: X\ncodes:\n  - {key: a, name: A, color: red}\n",
            "code 'a': color 'red' must be a hex colour",
        ),
        ("name: X\ncodes:\n  - {key: 9a, name: A}\n", "key '9a' must start with a letter"),
        ("name: X\ncodes:\n  - {key: a}\n", "code 'a': 'name' is required"),
        (
            "name: X\ngroups:\n  - {key: g, name: G, exclusive: maybe}\n",
            "group 'g': 'exclusive' must be true or false",
        ),
        (
            "name: X\ncodes:\n  - {key: a, name: A, colour: '#ffffff'}\n",
            "code 'a': unknown field 'colour'",
        ),
        ("codes: []\n", "top level: 'name' is required"),
        (
            "name: X\ncodes:\n  - {key: a, name: A, parent: b}\n  - {key: b, name: B, parent: a}\n",
            "parents form a cycle",
        ),
    ],
)
def test_invalid_entry_is_named(text, message):
    with pytest.raises(ValidationError) as error:
        parse_codebook_text(text, "bad.yaml")
    assert "bad.yaml" in str(error.value)
    assert message in str(error.value)


def test_broken_yaml_reports_line():
    with pytest.raises(ValidationError, match=r"broken.yaml: not valid YAML \(line 3"):
        parse_codebook_text("name: X\ncodes: [\n", "broken.yaml")


def test_json_has_the_same_structure():
    spec = parse_codebook_text(GOOD, "mini.yaml")
    again = parse_codebook_text(dump_codebook(spec, "json"), "mini.json")
    assert again.to_dict() == spec.to_dict()


def test_ptm_reuse_codebook_validates_with_the_study_codes():
    spec = read_codebook_file(REPO / "codebooks" / "ptm_reuse.yaml")
    challenges = [c.name for c in spec.codes if c.group == "challenge"]
    assert challenges == [
        "Missing attributes", "Discrepancies", "Security and privacy risks",
        "Model search", "Model application", "Model flexibility",
    ]  # fmt: skip
    stages = [c.key for c in spec.codes if c.group == "workflow_stage"]
    assert stages == [
        "reusability_assessment",
        "model_selection",
        "downstream_evaluation",
        "model_deployment",
    ]
    assert all(c.definition and c.include and c.exclude and c.examples for c in spec.codes)


def test_duplicate_or_missing_keys_do_not_report_false_cycles():
    text = "name: X\ncodes:\n  - {key: a, name: A}\n  - {key: a, name: B}\n  - {name: C}\n"
    with pytest.raises(ValidationError) as error:
        parse_codebook_text(text, "dup.yaml")
    assert "key is used more than once" in str(error.value)
    assert "cycle" not in str(error.value)
