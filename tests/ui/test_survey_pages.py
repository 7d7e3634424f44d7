"""The researcher's survey preview in AppTest: one page at a time, conditions and validation applied,
nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from qualcode.project import create_project
from qualcode.store import session_scope
from qualcode.store.survey_models import SurveyAnswer, SurveyResponse
from qualcode.survey.instrument import parse_instrument
from qualcode.survey.surveys import create_survey

INSTRUMENT = {"slug": "tools", "title": "Tool use survey", "thank_you": "Thanks, tester!", "pages": [
    {"title": "Consent", "questions": [{"id": "consent", "type": "consent", "text": "Do you agree?"}]},
    {"title": "Background", "questions": [
        {"id": "uses_hub", "type": "single", "text": "Do you use the hub?", "options": ["Yes", "No"], "required": True},
        {"id": "hub_years", "type": "number", "text": "Years on the hub?", "required": True,
         "show_if": {"question": "uses_hub", "equals": "Yes"}}]},
    {"title": "Hub details", "questions": [
        {"id": "hub_search", "type": "likert", "text": "Search was hard", "required": True,
         "show_if": {"all": [{"question": "uses_hub", "equals": "Yes"}, {"question": "hub_years", "answered": True}]}}]},
    {"title": "Experience", "questions": [
        {"id": "pain", "type": "likert", "text": "Reuse was hard", "required": True},
        {"id": "comment", "type": "long_text", "text": "Anything else?"}]},
]}  # fmt: skip
P = "pv:tools:"


@pytest.fixture
def preview(run_page, sqlite_url):
    with session_scope(sqlite_url) as session:
        create_survey(
            session, create_project(session, "Preview study"), parse_instrument(INSTRUMENT)
        )
    app = run_page("surveys", sqlite_url)
    app.toggle(key="sv_preview:tools").set_value(True).run()
    return app


def _next(app):
    app.button(key=f"{P}next").click().run()
    assert not app.exception
    return app


def _shown(app) -> set[str]:
    return {w.key.removeprefix(f"{P}q:") for w in [*app.radio, *app.text_input, *app.text_area]
            if w.key and w.key.startswith(f"{P}q:")}  # fmt: skip


def _progress(app) -> str:
    return app.get("progress")[0].proto.text


def test_the_preview_shows_one_page_with_its_progress(preview):
    assert _shown(preview) == {"consent"}
    assert _progress(preview) == "Page 1 of 4"
    assert preview.subheader[-1].value == "Consent"


def test_next_moves_on_and_conditions_follow_the_answers(preview):
    preview.radio(key=f"{P}q:consent").set_value("I agree to take part")
    _next(preview)
    assert _shown(preview) == {"uses_hub"} and _progress(preview) == "Page 2 of 4"
    preview.radio(key=f"{P}q:uses_hub").set_value("No").run()
    _next(preview)
    assert _shown(preview) == {"pain", "comment"}  # the hub pages are skipped
    assert _progress(preview) == "Page 3 of 3"


def test_validation_messages_keep_the_page_and_back_returns(preview):
    preview.radio(key=f"{P}q:consent").set_value("I agree to take part")
    _next(preview)
    _next(preview)  # uses_hub is required
    assert [e.value for e in preview.error] == ["This question needs an answer."]
    assert _shown(preview) == {"uses_hub"}
    preview.button(key=f"{P}back").click().run()
    assert _shown(preview) == {"consent"}
    assert preview.radio(key=f"{P}q:consent").value == "I agree to take part"


def test_submitting_shows_the_thank_you_and_stores_nothing(preview, sqlite_url):
    preview.radio(key=f"{P}q:consent").set_value("I agree to take part")
    _next(preview)
    preview.radio(key=f"{P}q:uses_hub").set_value("Yes").run()
    preview.text_input(key=f"{P}q:hub_years").input("3")
    _next(preview)
    assert _shown(preview) == {"hub_search"}
    preview.radio(key=f"{P}q:hub_search").set_value("Often")
    _next(preview)
    preview.radio(key=f"{P}q:pain").set_value("Rarely")
    assert preview.button(key=f"{P}next").label == "Submit"
    _next(preview)
    assert preview.success[-1].value == "Thanks, tester\\!"
    with session_scope(sqlite_url) as session:
        assert session.exec(select(func.count()).select_from(SurveyResponse)).one() == 0
        assert session.exec(select(func.count()).select_from(SurveyAnswer)).one() == 0
    preview.button(key=f"{P}restart").click().run()
    assert _shown(preview) == {"consent"} and preview.radio(key=f"{P}q:consent").value is None


def test_declining_consent_ends_the_preview(preview):
    preview.radio(key=f"{P}q:consent").set_value("I do not agree")
    _next(preview)
    assert "chose not to take part" in preview.success[-1].value
