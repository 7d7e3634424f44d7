"""A respondent's path through the store: nothing stored on refusal, resume, conditions, consent, anonymity."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.survey_models import SurveyAnswer, SurveyInvitation, SurveyResponse
from qualcode.survey.responses import enter, go_back, resume_hash, save_page, submit
from qualcode.survey.surveys import create_invitations, create_survey, require_survey, set_status


def _survey(url, instrument, status="open", n=2, **flags):
    with session_scope(url) as session:
        for key, value in flags.items():
            setattr(instrument, key, value)
        survey = create_survey(session, current_project(session), instrument)
        set_status(session, survey, status)
        return [r["token"] for r in create_invitations(session, survey, n, "http://x")]


def _answer_all(url, token, role="Dev"):
    with session_scope(url) as session:
        entry = enter(session, "mini", token)
        assert save_page(session, entry, 0, {"consent": "I agree to take part"}, {}, 1) == {}
    token, resume = (token, None) if entry.uses_token else (None, entry.key)
    with session_scope(url) as session:
        entry = enter(session, "mini", token, resume)
        errors = save_page(session, entry, 1, {"role": role, "tools": ["Hub, web", "Other (please specify)"],
                                               "years": "4", "pain": "Often", "note": "fine"},
                           {"tools": "blogs"}, 1)  # fmt: skip
        assert errors == {}
        return submit(session, entry)


def _count(url, table):
    with session_scope(url) as session:
        return session.exec(select(func.count()).select_from(table)).one()


def test_refused_links_store_nothing(study):
    url, instrument = study
    _survey(url, instrument, status="closed")
    with session_scope(url) as session:
        assert enter(session, "mini", "x").status == "closed"
        assert enter(session, "nope", "x").status == "unknown_survey"
    assert _count(url, SurveyResponse) == 0


def test_invalid_and_used_tokens_are_refused(study):
    url, instrument = study
    token = _survey(url, instrument)[0]
    assert _answer_all(url, token) == {}
    with session_scope(url) as session:
        assert enter(session, "mini", "forged").status == "invalid_link"
        assert enter(session, "mini", token).status == "used"
        assert enter(session, "mini").status == "needs_invitation"


def _first_page(url, token):
    """Enter by the token and save the consent page; the entry (with its resume key)."""
    with session_scope(url) as session:
        entry = enter(session, "mini", token)
        save_page(session, entry, 0, {"consent": "I agree to take part"}, {}, 1)
    return entry


def test_the_resume_key_resumes_answers_and_page(study):
    url, instrument = study
    entry = _first_page(url, _survey(url, instrument)[0])
    with session_scope(url) as session:
        resumed = enter(session, "mini", resume=entry.key)
    assert resumed.response.current_page == 1
    assert resumed.answers == {"consent": "I agree to take part"}


def test_an_anonymous_token_is_consumed_at_the_first_save(study):
    url, instrument = study
    token = _survey(url, instrument)[0]
    entry = _first_page(url, token)
    assert entry.key != token
    with session_scope(url) as session:
        assert enter(session, "mini", token).status == "used"
        response = session.exec(select(SurveyResponse)).one()
        invitation = session.exec(select(SurveyInvitation).where(SurveyInvitation.used)).one()
    # whoever holds the tokens cannot find the response in progress: its key is random, stored hashed
    stored = str(response.model_dump()) + str(invitation.model_dump())
    assert entry.key not in stored and token not in stored and invitation.response_id is None
    assert response.resume_hash == resume_hash(response_survey(url), entry.key)
    assert response.resume_hash != resume_hash(response_survey(url), token)


def response_survey(url):
    with session_scope(url) as session:
        return require_survey(session, current_project(session), "mini")


def test_an_identified_survey_resumes_by_its_token(study):
    url, instrument = study
    token = _survey(url, instrument, anonymous=False)[0]
    with session_scope(url) as session:
        save_page(
            session, enter(session, "mini", token), 0, {"consent": "I agree to take part"}, {}, 1
        )
    with session_scope(url) as session:
        assert enter(session, "mini", token).answers == {"consent": "I agree to take part"}


def test_validation_messages_and_valid_answers_kept(study):
    url, instrument = study
    token = _survey(url, instrument)[0]
    with session_scope(url) as session:
        entry = enter(session, "mini", token)
        errors = save_page(session, entry, 1, {"role": None, "years": "99", "note": "ok"}, {}, 1)
    assert errors == {
        "role": "This question needs an answer.",
        "years": "Please enter a number from 0 to 50.",
    }
    with session_scope(url) as session:
        assert enter(session, "mini", resume=entry.key).answers == {"note": "ok"}


def test_hidden_question_answers_are_dropped_on_submit(study):
    url, instrument = study
    token = _survey(url, instrument)[0]
    with session_scope(url) as session:
        entry = enter(session, "mini", token)
        save_page(session, entry, 0, {"consent": "I agree to take part"}, {}, 1)
        entry.answers["pain"] = "Often"  # answered while role was Dev, then role changed
        save_page(session, entry, 1, {"role": "Researcher", "pain": "Often"}, {}, 1)
        assert submit(session, entry) == {}
        values = {a.question_id for a in session.exec(select(SurveyAnswer))}
    assert "pain" not in values and "role" in values


def test_declining_consent_excludes_and_ends(study):
    url, instrument = study
    token = _survey(url, instrument)[0]
    with session_scope(url) as session:
        entry = enter(session, "mini", token)
        save_page(session, entry, 0, {"consent": "I do not agree"}, {}, 1)
    with session_scope(url) as session:
        response = session.exec(select(SurveyResponse)).one()
        assert response.excluded and response.submitted_at is not None
        assert enter(session, "mini", token).status == "used"


def test_anonymous_survey_keeps_no_link_between_token_and_response(study):
    url, instrument = study
    token = _survey(url, instrument)[0]
    _answer_all(url, token)
    with session_scope(url) as session:
        invitation = session.exec(select(SurveyInvitation).where(SurveyInvitation.used)).one()
        response = session.exec(select(SurveyResponse)).one()
    assert invitation.response_id is None and response.resume_hash is None
    assert token not in str(invitation.model_dump()) + str(response.model_dump())


def test_identified_survey_links_invitation_to_response(study):
    url, instrument = study
    token = _survey(url, instrument, anonymous=False)[0]
    _answer_all(url, token)
    with session_scope(url) as session:
        invitation = session.exec(select(SurveyInvitation).where(SurveyInvitation.used)).one()
        assert invitation.response_id == session.exec(select(SurveyResponse)).one().id


def test_open_link_resumes_by_its_resume_key(study):
    url, instrument = study
    _survey(url, instrument, open_link=True)
    with session_scope(url) as session:
        entry = enter(session, "mini")
        save_page(session, entry, 0, {"consent": "I agree to take part"}, {}, 1)
        key = entry.key
    with session_scope(url) as session:
        assert enter(session, "mini", resume=key).answers == {"consent": "I agree to take part"}
        assert enter(session, "mini", resume="guess").status == "invalid_link"


def _consented(study) -> tuple[str, str | None, str | None]:
    """(url, token, resume key) of a response that has consented and stands on page 1 (an
    anonymous survey's token is consumed at that first save: the resume key continues it)."""
    url, instrument = study
    token = _survey(url, instrument)[0]
    with session_scope(url) as session:
        entry = enter(session, "mini", token)
        save_page(session, entry, 0, {"consent": "I agree to take part"}, {}, 1)
    return (url, token, None) if entry.uses_token else (url, None, entry.key)


def test_going_back_keeps_valid_answers_and_never_blocks(study):
    url, token, resume = _consented(study)
    with session_scope(url) as session:  # page 1 half done: years is not a number
        go_back(
            session,
            enter(session, "mini", token, resume),
            1,
            {"role": "Dev", "years": "many"},
            {},
            0,
        )
    with session_scope(url) as session:
        entry = enter(session, "mini", token, resume)
    assert entry.response.current_page == 0
    assert entry.answers.get("role") == "Dev" and "years" not in entry.answers


def test_going_back_after_submitting_changes_nothing(study):
    url, token, resume = _consented(study)
    with session_scope(url) as session:
        entry = enter(session, "mini", token, resume)
        page = {"role": "Dev", "tools": ["Hub, web"], "years": "4", "pain": "Often", "note": "ok"}
        assert save_page(session, entry, 1, page, {}, 1) == {}
        assert submit(session, entry) == {}
        go_back(session, entry, 1, {}, {}, 0)  # e.g. a second click after the submit
    with session_scope(url) as session:
        assert session.exec(select(SurveyResponse)).one().current_page == 1
