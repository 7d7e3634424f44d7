"""The login routes send the browser back only to this server's own pages."""

import pytest

from qualcode.ui.login_routes import safe_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [("/code", "/code"), ("/memos?x=1", "/memos?x=1"), ("", "/"), (None, "/"),
     ("//evil.example/x", "/"), ("https://evil.example", "/"), ("/\\evil.example", "/"),
     ("code", "/")],
)  # fmt: skip
def test_only_local_paths_follow_a_login(target, expected):
    assert safe_next(target) == expected
