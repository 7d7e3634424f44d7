"""`qualcode search|retrieve|memo|blind` and `codebook edit|move|merge` on the small coding study."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from coding_study import build_study

from qualcode.cli import cli
from qualcode.coding.visibility import project_owners
from qualcode.project import current_project
from qualcode.store import session_scope


@pytest.fixture
def url(sqlite_url: str, tmp_path: Path) -> str:
    build_study(sqlite_url, tmp_path)
    return sqlite_url


def run(*args: str) -> dict | list:
    result = CliRunner().invoke(cli, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_search_codes_every_hit(url):
    result = run("search", "licence", "--code", "docs", "--coder", "alice", "--db", url)
    assert [h["match"] for h in result["hits"]] == ["licence", "licence"] and result["coded"] == 2


def test_retrieve_prints_the_coded_quotes(url):
    run("search", "model card", "--code", "docs", "--coder", "alice", "--db", url)
    (quote,) = run("retrieve", "docs", "--coder", "alice", "--db", url)
    assert (quote["quote"], quote["speaker"], quote["participant"]) == ("model card", "Maya", "P1")


def test_retrieve_with_an_unknown_coder_is_a_clear_error(url):
    result = CliRunner().invoke(cli, ["retrieve", "docs", "--coder", "zoe", "--db", url])
    assert result.exit_code == 1 and "no coder called zoe" in result.output


def test_memo_add_then_list(url):
    run("memo", "add", "Licences again", "--code", "license", "--author", "alice", "--db", url)
    (entry,) = run("memo", "list", "--search", "licences", "--db", url)
    assert entry["about"] == "code Licence unclear" and entry["author"] == "alice"


def test_blind_switches_the_project(url):
    run("blind", "on", "--db", url)
    with session_scope(url) as session:
        project = current_project(session)
        assert project.blind_coding and not project.reconciliation_open


def test_blind_can_name_the_project_owner(url):
    result = run("blind", "on", "--reconciliation", "open", "--owner", "alice", "--db", url)
    assert result == {"blind_coding": True, "reconciliation_open": True, "owner": "alice"}
    with session_scope(url) as session:
        assert [o.name for o in project_owners(session, current_project(session))] == ["alice"]


def test_codebook_merge_moves_codings(url):
    run("search", "licence", "--code", "license", "--coder", "alice", "--db", url)
    result = run("codebook", "merge", "license", "docs", "--db", url)
    assert result["codings"] == 2 and result["version"] == 2
    assert {q["code"] for q in run("retrieve", "docs", "--db", url)} == {"Missing documentation"}


def test_codebook_edit_and_move_make_new_versions(url):
    assert run("codebook", "edit", "docs", "--definition", "No docs", "--db", url)["version"] == 2
    assert run("codebook", "move", "license", "--db", url) == {
        "code": "license",
        "parent": None,
        "version": 3,
    }
