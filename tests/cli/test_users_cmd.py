"""`qualcode users add|list|set-role|reset-password|remove` and `serve`'s address rule."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from coding_study import build_study
from sqlmodel import select

from qualcode.cli import cli
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.models import AuditEvent
from qualcode.team.logins import LoginRefused, log_in


@pytest.fixture
def url(sqlite_url: str, tmp_path: Path) -> str:
    build_study(sqlite_url, tmp_path)
    return sqlite_url


def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


def users(url: str) -> list[dict]:
    result = invoke("users", "list", "--json", "--db", url)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_users_add_with_password_from_stdin_then_login_works(url):
    result = invoke("users", "add", "olga", "--role", "owner", "--password-stdin", "--db", url,
                    stdin="olga-secret-1\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert [(u["name"], u["role"]) for u in users(url)] == [("olga", "owner")]
    with session_scope(url) as session:
        assert log_in(session, current_project(session), "olga", "olga-secret-1").actor.is_owner


def test_users_add_prompts_twice_for_a_hidden_password(url):
    result = invoke("users", "add", "alice", "--role", "coder", "--db", url,
                    stdin="alice-secret\nalice-secret\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "alice-secret" not in result.output
    assert [(u["name"], u["role"]) for u in users(url)] == [("alice", "coder")]


def test_set_role_reset_password_and_remove(url):
    for name, role in (("olga", "owner"), ("bob", "viewer")):
        invoke("users", "add", name, "--role", role, "--password-stdin", "--db", url,
               stdin=f"{name}-secret-1\n")  # fmt: skip
    assert invoke("users", "set-role", "bob", "coder", "--db", url).exit_code == 0
    result = invoke("users", "reset-password", "bob", "--password-stdin", "--db", url,
                    stdin="bob-new-secret\n")  # fmt: skip
    assert result.exit_code == 0, result.output
    with session_scope(url) as session:
        assert (
            log_in(session, current_project(session), "bob", "bob-new-secret").actor.role == "coder"
        )
    assert invoke("users", "remove", "bob", "--db", url).exit_code == 0
    assert [u["name"] for u in users(url)] == ["olga"]
    with session_scope(url) as session, pytest.raises(LoginRefused):
        log_in(session, current_project(session), "bob", "bob-new-secret")


def test_bad_input_gets_a_clear_message_and_no_traceback(url):
    short = invoke("users", "add", "zoe", "--password-stdin", "--db", url, stdin="short\n")
    assert short.exit_code == 1 and "at least 8 characters" in short.output
    role = invoke("users", "add", "zoe", "--role", "admin", "--db", url)
    assert role.exit_code == 2 and "'admin' is not one of" in role.output
    missing = invoke("users", "remove", "nobody", "--db", url)
    assert missing.exit_code == 1 and "no user 'nobody'" in missing.output
    assert "Traceback" not in short.output + role.output + missing.output


def test_every_cli_write_records_the_actor(sqlite_url):
    sample = Path(__file__).resolve().parents[2] / "transcripts_sample"
    codebook = sample.parent / "codebooks" / "ptm_reuse.yaml"
    steps = [
        ("init", "--codebook", str(codebook)),
        ("--actor", "lead", "import", "transcripts", str(sample / "interview_p1_2022-07-05.docx")),
        ("search", "model", "--code", "model_selection", "--coder", "alice", "--actor", "pi"),
        ("memo", "add", "a note"),
        ("blind", "on", "--owner", "alice"),
    ]
    for step in steps:
        result = invoke(*step, "--db", sqlite_url)
        assert result.exit_code == 0, result.output
    with session_scope(sqlite_url) as session:
        events = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    actors = {e.action.split(".")[0]: e.actor for e in events}
    assert actors["document"] == "lead" and actors["coding"] == "pi"
    os_user = actors["project"]
    assert os_user not in {"lead", "pi"} and actors["memo"] == os_user
    assert all(e.actor for e in events), [(e.action, e.actor) for e in events if not e.actor]


def test_serve_on_another_address_without_auth_exits_2(url):
    result = subprocess.run(
        [sys.executable, "-m", "qualcode.cli", "serve", "--address", "0.0.0.0", "--db", url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "--auth" in result.stderr and "Traceback" not in result.stderr


def test_serve_with_auth_needs_an_owner_first(url):
    result = invoke("serve", "--auth", "--address", "0.0.0.0", "--db", url)
    assert result.exit_code == 2 and "users add NAME --role owner" in result.output
