"""`qualcode survey check`: the link check on the sample study, and its exit status."""

import csv
import json

from click.testing import CliRunner

from qualcode.cli import cli
from qualcode.codebook import store as codebook_store
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.survey.surveys import RESPONDENT_URL


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_the_sample_study_links_hold(demo_url):
    result = run("survey", "check", "--json", "--db", demo_url)
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert (data["surveys"], data["links"], data["problems"]) == (["ptm-reuse-synthetic"], 6, [])


def test_a_broken_link_is_reported_with_exit_status_1(demo_url):
    with session_scope(demo_url) as session:
        codebook = codebook_store.require_codebook(session, current_project(session))
        code = next(c for c in codebook_store.codes(session, codebook) if c.key == "model_search")
        code.survey_items = ["model_search", "search_pain"]
        session.add(code)
    result = run("survey", "check", "ptm-reuse-synthetic", "--db", demo_url)
    assert result.exit_code == 1
    assert (
        "code 'model_search', field 'survey_items': 'search_pain' is not a question of any survey"
        in result.output
    )


def test_an_unknown_survey_is_a_clean_error(demo_url):
    result = run("survey", "check", "nope", "--db", demo_url)
    assert result.exit_code == 1 and "no survey 'nope'" in result.output


def test_invitation_links_default_to_the_respondent_only_server(demo_url, tmp_path):
    out = tmp_path / "tokens.csv"
    result = run(
        "survey", "invite", "ptm-reuse-synthetic", "--n", "2", "--out", str(out), "--db", demo_url
    )
    links = [row["link"] for row in csv.DictReader(out.open(encoding="utf-8"))]
    assert len(links) == 2 and all(
        link.startswith("http://localhost:8502/?survey=ptm-reuse-synthetic&token=")
        for link in links
    )
    assert "respondent-only server at http://localhost:8502" in result.output
    assert "qualcode survey serve" in result.output


def test_survey_serve_listens_where_invitation_links_point():
    serve = cli.get_command(None, "survey").commands["serve"]
    port = next(p for p in serve.params if p.name == "port")
    assert f"http://localhost:{port.default}" == RESPONDENT_URL
