"""The project overview counts what the study holds and suggests the next step."""

from qualcode.overview import codings_per_document, next_steps, project_overview, study_steps
from qualcode.project import create_project, current_project
from qualcode.store import session_scope


def test_overview_of_the_sample_study(demo_url):
    with session_scope(demo_url) as session:
        project = current_project(session)
        overview = project_overview(session, project)
        per_document = codings_per_document(session, project)
    assert (overview["documents"], overview["participants"], overview["codings"]) == (5, 5, 78)
    assert overview["coders"] == ["alice", "bob"]
    assert sum(n for counts in per_document.values() for n in counts.values()) == 78
    steps = {step.title: step for step in study_steps(overview)}
    assert steps["Code"].done and not steps["Agreement"].done
    assert any("measure agreement" in step for step in next_steps(overview))


def test_empty_project_asks_for_a_codebook_and_transcripts(sqlite_url):
    with session_scope(sqlite_url) as session:
        overview = project_overview(session, create_project(session, "Empty"))
    suggestions = " ".join(next_steps(overview))
    assert "codebook" in suggestions and "Import transcripts" in suggestions
    assert not any(step.done for step in study_steps(overview))


def test_declined_survey_responses_are_not_counted(demo_url):
    with session_scope(demo_url) as session:
        overview = project_overview(session, current_project(session))
    assert (overview["surveys"], overview["survey_responses"]) == (1, 24)
    steps = {step.title: step.status for step in study_steps(overview)}
    assert steps["Survey"] == "1 survey, 24 responses"
