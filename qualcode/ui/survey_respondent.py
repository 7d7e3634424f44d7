"""The respondent's view: only the survey, page by page, with nothing of the researcher's project.

`respondent_view()` runs before the app builds its navigation: when the URL names a survey
(`?survey=SLUG`), or the server is respondent-only (QUALCODE_RESPONDENT_ONLY=1), this page is all
there is. Other query parameters (page, paths) are ignored, so no URL edit leads elsewhere.
"""

from __future__ import annotations

import os
import secrets

import streamlit as st

from qualcode.survey.answers import visible_questions
from qualcode.survey.paging import neighbour, place
from qualcode.survey.responses import Entry, enter, go_back, save_page, submit
from qualcode.ui.context import guarded, transaction
from qualcode.ui.markup import md
from qualcode.ui.survey_widgets import page_heading, page_widgets

RESPONDENT_ONLY = "QUALCODE_RESPONDENT_ONLY"
HIDE_CHROME = "<style>header, [data-testid='stSidebar'], [data-testid='stSidebarNav'], [data-testid='stToolbar'] {display: none !important;}</style>"


def respondent_view() -> bool:
    """Show the respondent page when this request is a respondent's; True when it was."""
    slug = st.query_params.get("survey")
    if slug:
        st.session_state["qc_respondent"] = True
    if not (slug or os.environ.get(RESPONDENT_ONLY) or st.session_state.get("qc_respondent")):
        return False
    st.html(HIDE_CHROME)
    guarded(respondent_page)()
    return True


def _notice(title: str, message: str) -> None:
    st.title(title)
    st.info(message)


def _link() -> tuple[str, str | None, str | None]:
    params = st.query_params
    return params.get("survey", ""), params.get("token") or None, params.get("resume") or None


def _enter() -> Entry:
    slug, token, resume = _link()
    with transaction() as session:
        return enter(session, slug, token, resume)


def _save(values: dict, others: dict, page_index: int, target: int, action: str) -> None:
    """Store the page, then move (back: always; next: when the page is valid; submit: finish)."""
    slug, token, resume = _link()
    with transaction() as session:
        entry = enter(session, slug, token, resume)
        if entry.status != "ok":
            st.rerun()
        was_new = entry.response is None
        if action == "back":
            go_back(session, entry, page_index, values, others, target)
            errors = {}
        else:
            errors = save_page(session, entry, page_index, values, others, target)
            if not errors and action == "submit" and entry.response.submitted_at is None:
                errors = submit(session, entry)
        done = entry.response.submitted_at is not None
        declined = entry.response.excluded
    st.session_state["qc_errors"] = errors
    if done:
        st.session_state["qc_done"] = {"slug": slug, "declined": declined}
        st.query_params.pop("resume", None)
    elif was_new and not entry.uses_token:
        st.query_params["resume"] = entry.key  # the link now resumes this response
        st.query_params.pop("token", None)  # an anonymous survey's token is used up
    st.rerun()


def respondent_page() -> None:
    slug, token, _ = _link()
    done = st.session_state.get("qc_done")
    if done and done["slug"] == slug:
        st.title("Thank you")
        st.success(
            "You chose not to take part. Nothing else was recorded."
            if done["declined"]
            else md(st.session_state.get("qc_thanks", "Thank you for taking part."))
        )
        return
    if not slug:
        _notice(
            "Survey", "There is nothing to see here. Please open the survey link you were given."
        )
        return
    entry = _enter()
    if entry.status != "ok":  # drafts and closed surveys show no title, only that they are not open
        title = (
            entry.survey.title
            if entry.survey is not None and entry.status != "closed"
            else "Survey"
        )
        _notice("Survey" if entry.status == "unknown_survey" else title, entry.message)
        return
    instrument = entry.instrument
    st.session_state["qc_thanks"] = instrument.thank_you
    where = place(
        instrument, entry.answers, entry.response.current_page if entry.response else None
    )
    page_index = where.page_index
    st.title(md(instrument.title))
    page = page_heading(instrument, where)
    seed = entry.key or st.session_state.setdefault("qc_seed", secrets.token_hex(8))
    values, others = page_widgets(
        page, entry.answers, entry.others, st.session_state.pop("qc_errors", {}), seed=seed
    )
    live = {**entry.answers, **values}
    later = neighbour(instrument, live, page_index, 1)
    back, forward = st.columns([1, 1, 6])[:2] if where.number > 1 else (None, st.container())
    if back is not None and back.button("Back", key="qc_back"):
        earlier = neighbour(instrument, live, page_index, -1)
        _save(values, others, page_index, earlier if earlier is not None else page_index, "back")
    if forward.button("Next" if later is not None else "Submit", type="primary", key="qc_next"):
        _save(
            values,
            others,
            page_index,
            later if later is not None else page_index,
            "next" if later is not None else "submit",
        )
    st.caption(
        "Your answers are saved each time you go to the next page; this link brings you back to where you left off."
    )
    if any(q.required for q in visible_questions(page, live)):
        st.caption("\\* an answer is needed")
