"""The Streamlit app: page config and navigation; pages live in their own modules."""

from __future__ import annotations

import streamlit as st

from qualcode.ui.pages import sections
from qualcode.ui.survey_respondent import respondent_view


def main() -> None:
    st.set_page_config(page_title="qualcode", page_icon=":material/forum:", layout="wide")
    if respondent_view():  # a respondent's survey link shows the survey and nothing else
        return
    st.navigation(sections()).run()
