"""Surveys (researcher): create or draft from the codebook, preview, open/close, invitations, live count."""

from __future__ import annotations

import streamlit as st

from qualcode.codebook import store as codebook_store
from qualcode.spreadsheet_cells import csv_text
from qualcode.survey.generate import draft_from_group
from qualcode.survey.instrument import dump_instrument, parse_instrument_text
from qualcode.survey.surveys import (
    RESPONDENT_URL,
    create_invitations,
    create_survey,
    instrument_of,
    list_surveys,
    response_counts,
    set_status,
    survey_link,
)
from qualcode.ui.coder import acting_name
from qualcode.ui.context import require_project, transaction
from qualcode.ui.markup import md
from qualcode.ui.survey_preview import preview


def _create_section(groups: list[tuple[str, str]]) -> None:
    with st.expander("New survey", expanded=False):
        uploaded = st.file_uploader("Instrument (YAML)", type=["yaml", "yml"], key="sv_upload")
        if groups:
            columns = st.columns([3, 1])
            group = columns[0].selectbox(
                "…or draft from a codebook group", groups, format_func=lambda g: g[1]
            )
            if columns[1].button("Draft", key="sv_draft"):
                with transaction() as session:
                    project = require_project(session)
                    spec = codebook_store.to_spec(
                        session, codebook_store.require_codebook(session, project)
                    )
                st.session_state["sv_yaml"] = dump_instrument(draft_from_group(spec, group[0]))
        if uploaded is not None and st.session_state.get("sv_uploaded") != uploaded.file_id:
            st.session_state["sv_uploaded"] = uploaded.file_id
            st.session_state["sv_yaml"] = uploaded.getvalue().decode("utf-8")
        text = st.text_area("Instrument YAML (edit before creating)", key="sv_yaml", height=280)
        if st.button("Create survey", type="primary", disabled=not text.strip()):
            with transaction() as session:
                project = require_project(session)
                instrument = parse_instrument_text(text, "instrument")
                create_survey(session, project, instrument, actor=acting_name())
            st.session_state["sv_selected"] = instrument.slug
            st.success(f"Created the survey '{md(instrument.slug)}' as a draft.")


def _preview(survey) -> None:
    if st.toggle(
        "Preview as a respondent sees it (nothing is stored)", key=f"sv_preview:{survey.slug}"
    ):
        with st.container(border=True):
            preview(instrument_of(survey))


def _invitations(survey) -> None:
    columns = st.columns([1, 3, 1])
    count = columns[0].number_input(
        "Invitations", min_value=1, max_value=10000, value=20, key="sv_n"
    )
    base = columns[1].text_input(
        "Address respondents open",
        value=RESPONDENT_URL,
        key="sv_base",
        help="Where `qualcode survey serve` (the respondent-only app) runs; the main app has no login.",
    )
    if columns[2].button("Generate", key="sv_invite"):
        with transaction() as session:
            rows = create_invitations(session, survey, int(count), base, actor=acting_name())
        st.session_state["sv_tokens"] = csv_text(["token", "link"], rows)
    if st.session_state.get("sv_tokens"):
        st.download_button(
            "Download invitations (CSV)",
            st.session_state["sv_tokens"],
            f"{survey.slug}-invitations.csv",
            "text/csv",
        )
        st.caption("Tokens are stored only as hashes: keep this file, it cannot be made again.")


def page() -> None:
    with transaction() as session:
        project = require_project(session)
        if project is None:
            return
        surveys = list_surveys(session, project)
        counts = {s.id: response_counts(session, s) for s in surveys}
        codebook = codebook_store.get_codebook(session, project)
        groups = (
            [(g.key, g.name) for g in codebook_store.groups(session, codebook)] if codebook else []
        )
    st.title("Surveys")
    _create_section(groups)
    if not surveys:
        st.info("No survey yet: create one above or with `qualcode survey create FILE.yaml`.")
        return
    slugs = [s.slug for s in surveys]
    wanted = st.session_state.get("sv_selected")
    slug = st.selectbox("Survey", slugs, index=slugs.index(wanted) if wanted in slugs else 0)
    survey = next(s for s in surveys if s.slug == slug)
    live = counts[survey.id]
    st.subheader(md(survey.title))
    st.caption(
        md(
            f"{survey.slug} · {survey.status} · {'anonymous' if survey.anonymous else 'identified'} · source: {survey.source}"
        )
    )
    metrics = st.columns(4)
    metrics[0].metric("Submitted", live["submitted"])
    metrics[1].metric("In progress", live["in_progress"])
    metrics[2].metric("Declined consent", live["excluded"])
    metrics[3].metric("Invitations used", f"{live['invitations_used']} / {live['invitations']}")
    actions = st.columns(4)
    for column, (label, status) in zip(
        actions, (("Open", "open"), ("Close", "closed")), strict=False
    ):
        if column.button(label, disabled=survey.status == status, key=f"sv_{status}"):
            with transaction() as session:
                set_status(session, session.merge(survey), status, acting_name())
            st.rerun()
    if survey.open_link:
        st.caption(md(f"Open link: {survey_link(RESPONDENT_URL, survey.slug)}"))
    _preview(survey)
    st.markdown("**Invitations**")
    _invitations(survey)
