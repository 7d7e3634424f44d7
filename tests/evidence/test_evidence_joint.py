"""The joint display of the sample study with its synthetic evidence."""

import pytest

from qualcode.analysis.codings_frame import CoderChoice
from qualcode.evidence.joint import joint_display, joint_html, joint_markdown
from qualcode.evidence.sample import load_sample_evidence
from qualcode.project import current_project
from qualcode.store import session_scope

CHALLENGES = ["missing_attributes", "discrepancies", "security_privacy_risks", "model_search",
              "model_application", "model_flexibility"]  # fmt: skip


@pytest.fixture(scope="module")
def display(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('joint') / 'study.db'}"
    from qualcode.sample import load_sample_study

    with session_scope(url) as session:
        project = load_sample_study(session)
        load_sample_evidence(session, project)
    with session_scope(url) as session:
        return joint_display(session, current_project(session), "challenge")


def test_every_challenge_has_a_row(display):
    assert [r["code"] for r in display["rows"]] == CHALLENGES


def test_participants_are_counted_of_all_participants(display):
    row = display["rows"][0]
    assert (row["participants"], row["of"]) == (4, 5)
    assert len({q["participant"] for q in row["quotes"]}) == len(row["quotes"]) > 0


def test_each_challenge_shows_its_linked_metrics(display):
    for row in display["rows"]:
        linked = [m for m in row["metrics"] if m["linked"] and m["value"] is not None]
        assert linked, row["code"]


def test_only_codebook_linked_metrics_are_shown_as_linked(display):
    rows = {r["code"]: r for r in display["rows"]}
    shown = {m["metric"] for m in rows["missing_attributes"]["metrics"]}
    assert shown == {"missing_model_card", "missing_license", "missing_dataset", "missing_paper"}
    assert "missing_license" not in {m["metric"] for m in rows["model_search"]["metrics"]}


def test_unlinked_registry_metrics_are_listed_apart_and_marked(display):
    search = next(r for r in display["rows"] if r["code"] == "model_search")
    assert "missing_license" in {m["metric"] for m in search["other_metrics"]}
    assert not any(m["linked"] for m in search["other_metrics"])
    section = joint_markdown(display).split("(`model_search`)")[1].split("\n## ")[0]
    linked, others = section.split("not linked in the codebook")
    assert "missing_license" in others and "missing_license" not in linked


def test_synthetic_sources_are_labelled(display):
    markdown = joint_markdown(display)
    assert "[synthetic-hf, synthetic data]" in markdown


def test_references_are_published_not_computed(display):
    security = display["rows"][2]
    verified = next(m for m in security["other_metrics"] if m["metric"] == "verified_organisations")
    assert (verified["value"], verified["source"], verified["reference"]["display"]) == (
        None,
        None,
        "3.19%",
    )


def test_html_escapes_quotes():
    display = {"group": "challenge", "coders": "all coders", "rows": [{
        "code": "c", "name": "<b>x</b>", "participants": 1, "of": 1, "survey": [], "metrics": [],
        "quotes": [{"participant": "P1", "document": "d", "coder": "a", "text": "<script>alert(1)</script>"}]}]}  # fmt: skip
    html = joint_html(display)
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_a_named_coder_narrows_the_participants(tmp_path):
    from qualcode.sample import load_sample_study

    url = f"sqlite:///{tmp_path / 'study.db'}"
    with session_scope(url) as session:
        project = load_sample_study(session)
        everyone = joint_display(session, project, "challenge")
        alice = joint_display(session, project, "challenge", CoderChoice(coders=("alice",)))
    assert alice["coders"] == "alice"
    assert all(
        a["participants"] <= e["participants"]
        for a, e in zip(alice["rows"], everyone["rows"], strict=True)
    )


def test_linked_survey_results_appear_beside_the_interviews(sqlite_url):
    from qualcode.sample import load_sample_study
    from qualcode.survey.instrument import parse_instrument
    from qualcode.survey.responses import enter, save_page, submit
    from qualcode.survey.surveys import create_invitations, create_survey, set_status

    instrument = parse_instrument({"slug": "ptm", "title": "PTM survey", "pages": [{"title": "Search", "questions": [
        {"id": "search", "type": "likert", "text": "Finding a model is hard", "codes": ["model_search"]}]}]})  # fmt: skip
    with session_scope(sqlite_url) as session:
        survey = create_survey(session, load_sample_study(session), instrument)
        set_status(session, survey, "open")
        token = create_invitations(session, survey, 1, "http://x")[0]["token"]
    with session_scope(sqlite_url) as session:
        entry = enter(session, "ptm", token)
        assert save_page(session, entry, 0, {"search": "Often"}, {}, 1) == {}
        assert submit(session, entry) == {}
    with session_scope(sqlite_url) as session:
        rows = {r["code"]: r for r in joint_display(session, current_project(session))["rows"]}

    def ptm(code):
        return [
            (s["question"], s["n_answered"]) for s in rows[code]["survey"] if s["survey"] == "ptm"
        ]

    assert ptm("model_search") == [("search", 1)]
    assert ptm("discrepancies") == []


def test_the_sample_surveys_synthetic_responses_fill_the_survey_column(display):
    for row in display["rows"]:
        assert [(s["survey"], s["question"], s["n_answered"]) for s in row["survey"]] == [
            ("ptm-reuse-synthetic", row["code"], 21)
        ]
        assert "synthetic" in row["survey"][0]["survey_title"]
