"""The README's Python section runs as written, against the sample study."""

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def python_examples() -> list[str]:
    """The ```python blocks of the README's "## Python" section, in order."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)


def test_the_section_has_examples():
    assert len(python_examples()) >= 3


def test_readme_python_examples_run(demo_url, monkeypatch):
    monkeypatch.setenv("QUALCODE_DB", demo_url)  # qualcode.open() without a URL finds the study
    monkeypatch.chdir(REPO)  # the examples name the sample files by their repository paths
    namespace: dict = {}
    for number, block in enumerate(python_examples(), start=1):
        try:
            exec(compile(block, f"README.md (Python example {number})", "exec"), namespace)
        except Exception as exc:  # name the example that broke, then show why
            pytest.fail(f"README Python example {number} failed: {exc!r}\n{block}")
    assert namespace["study"].codings(coders="carol").shape[0] == len(namespace["mine"])
