"""Every browser test carries the `browser` marker, so `-m "not browser"` runs without Chromium."""

import ast
from pathlib import Path

import pytest

BROWSER_TESTS = sorted((Path(__file__).parent / "browser").glob("test_*.py"))


def _marks_module(path: Path) -> bool:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            return "browser" in ast.unparse(node.value)
    return False


@pytest.mark.parametrize("path", BROWSER_TESTS, ids=lambda p: p.name)
def test_browser_module_is_marked(path):
    assert _marks_module(path), f"{path.name}: add `pytestmark = pytest.mark.browser`"
