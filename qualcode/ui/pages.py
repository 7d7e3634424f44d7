"""The app's pages by section; a feature adds its page here (a page exists only when it works)."""

from __future__ import annotations

import streamlit as st

from qualcode.ui import (
    codebook,
    deid_page,
    home,
    import_page,
    survey_results,
    surveys,
    transcripts,
)
from qualcode.ui.context import guarded


def sections() -> dict[str, list]:
    """Navigation sections for st.navigation."""
    return {
        "Project": [
            st.Page(
                guarded(home.page),
                title="Home",
                icon=":material/home:",
                url_path="home",
                default=True,
            ),
        ],
        "Data": [
            st.Page(
                guarded(import_page.page),
                title="Import",
                icon=":material/upload_file:",
                url_path="import",
            ),
            st.Page(
                guarded(transcripts.page),
                title="Transcripts",
                icon=":material/description:",
                url_path="transcripts",
            ),
            st.Page(
                guarded(codebook.page),
                title="Codebook",
                icon=":material/label:",
                url_path="codebook",
            ),
            st.Page(
                guarded(deid_page.page),
                title="De-identification",
                icon=":material/visibility_off:",
                url_path="deidentify",
            ),
        ],
        "Survey": [
            st.Page(
                guarded(surveys.page), title="Surveys", icon=":material/ballot:", url_path="surveys"
            ),
            st.Page(
                guarded(survey_results.page),
                title="Survey results",
                icon=":material/bar_chart:",
                url_path="survey-results",
            ),
        ],
    }
