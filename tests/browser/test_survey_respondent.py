"""Respondents answer a survey in Chromium; refused links store nothing; URL edits never reach researcher pages."""

from __future__ import annotations

import pytest
from coding_steps import settle
from sqlalchemy import func
from sqlmodel import select

from qualcode.project import create_project
from qualcode.store import session_scope
from qualcode.store.survey_models import SurveyAnswer, SurveyResponse
from qualcode.survey.instrument import parse_instrument
from qualcode.survey.surveys import create_invitations, create_survey, set_status

pytestmark = pytest.mark.browser

INSTRUMENT = {
    "slug": "tools",
    "title": "Tool use survey",
    "pages": [
        {
            "title": "Consent",
            "questions": [{"id": "consent", "type": "consent", "text": "Do you agree?"}],
        },
        {
            "title": "Background",
            "questions": [
                {
                    "id": "uses_hub",
                    "type": "single",
                    "text": "Do you use the hub?",
                    "options": ["Yes", "No"],
                    "required": True,
                },
                {
                    "id": "hub_years",
                    "type": "number",
                    "text": "Years on the hub?",
                    "required": True,
                    "show_if": {"question": "uses_hub", "equals": "Yes"},
                },
            ],
        },  # fmt: skip
        {
            "title": "Experience",
            "questions": [
                {
                    "id": "search_pain",
                    "type": "likert",
                    "text": "Search was hard",
                    "required": True,
                },
                {"id": "comment", "type": "long_text", "text": "Anything else?"},
            ],
        },
    ],
}
SECRET = "Secret project memo text"


def _setup(url: str, status: str = "open", n: int = 2) -> list[str]:
    with session_scope(url) as session:
        project = create_project(session, SECRET)
        survey = create_survey(session, project, parse_instrument(INSTRUMENT))
        set_status(session, survey, status)
        return [row["token"] for row in create_invitations(session, survey, n, "http://x")]


def _counts(url: str) -> tuple[int, int]:
    with session_scope(url) as session:
        responses = session.exec(select(func.count()).select_from(SurveyResponse)).one()
        answers = session.exec(select(func.count()).select_from(SurveyAnswer)).one()
    return responses, answers


def _next(page) -> None:
    page.get_by_role("button", name="Next").click()


def test_respondent_completes_with_skip_resume_and_submit(sqlite_url, app_server, page):
    token = _setup(sqlite_url)[0]
    base = app_server(sqlite_url)
    page.goto(f"{base}/?survey=tools&token={token}")
    page.get_by_text("Page 1 of 3").wait_for()
    page.get_by_text("I agree to take part").click()
    _next(page)
    page.get_by_text("Do you use the hub?").wait_for()
    page.get_by_text("No", exact=True).click()
    assert page.get_by_text("Years on the hub?").count() == 0  # skipped by its condition
    _next(page)
    page.get_by_text("Search was hard").wait_for()
    page.reload()  # midway: the same link resumes on the same page with the earlier answers kept
    page.get_by_text("Search was hard").wait_for()
    assert page.get_by_text("Page 3 of 3").is_visible()
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("This question needs an answer.").wait_for()  # validation next to the question
    page.get_by_text("Often").click()
    page.get_by_role("textbox").fill("Tags are unreliable.")
    settle(page)  # the choice's rerun done: no stale Submit button beside the new one
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Thank you for taking part.").wait_for()
    with session_scope(sqlite_url) as session:
        response = session.exec(select(SurveyResponse)).one()
        answers = {a.question_id: a.value for a in session.exec(select(SurveyAnswer))}
    assert response.submitted_at is not None and response.resume_hash is None
    assert answers == {
        "consent": "I agree to take part",
        "uses_hub": "No",
        "search_pain": "Often",
        "comment": "Tags are unreliable.",
    }
    page.goto(f"{base}/?survey=tools&token={token}")
    page.get_by_text("This link has already been used").wait_for()
    page.goto(f"{base}/survey-results")
    page.get_by_text("Survey results").first.wait_for()
    page.get_by_text("Tags are unreliable.").first.wait_for(state="attached")
    assert page.get_by_text("search_pain").first.is_visible()


def test_invalid_token_and_closed_survey_are_refused(sqlite_url, app_server, page):
    _setup(sqlite_url)
    base = app_server(sqlite_url)
    page.goto(f"{base}/?survey=tools&token=not-a-token")
    page.get_by_text("This link is not valid").wait_for()
    page.goto(f"{base}/?survey=nosuch&token=x")
    page.get_by_text("There is no survey at this address").wait_for()
    with session_scope(sqlite_url) as session:
        from qualcode.project import current_project
        from qualcode.survey.surveys import require_survey

        set_status(session, require_survey(session, current_project(session), "tools"), "closed")
    page.goto(f"{base}/?survey=tools")
    page.get_by_text("This survey is not open for answers.").wait_for()
    assert _counts(sqlite_url) == (0, 0)


@pytest.mark.parametrize(
    "path",
    [
        "/?survey=tools&token={t}&page=home",
        "/home?survey=tools&token={t}",
        "/survey-results?survey=tools",
        "/transcripts?survey=x",
    ],
)
def test_url_edits_never_reach_researcher_pages(sqlite_url, app_server, page, path):
    token = _setup(sqlite_url)[0]
    base = app_server(sqlite_url)
    page.goto(base + path.format(t=token))
    page.locator("h1").first.wait_for()
    page.wait_for_timeout(1500)
    body = page.inner_text("body")
    assert SECRET not in body and "Survey results" not in body and "Transcripts" not in body
    assert page.locator("[data-testid='stSidebarNav']").count() == 0


def test_respondent_only_server_shows_no_researcher_page(sqlite_url, app_server, page, monkeypatch):
    _setup(sqlite_url)
    monkeypatch.setenv("QUALCODE_RESPONDENT_ONLY", "1")
    base = app_server(sqlite_url)
    for path in ("/", "/home", "/survey-results"):
        page.goto(base + path)
        page.get_by_text("Please open the survey link you were given").wait_for()
        assert SECRET not in page.inner_text("body")
