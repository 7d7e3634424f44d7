"""The Streamlit app: page config and navigation; pages live in their own modules."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from qualcode.ui.pages import sections
from qualcode.ui.survey_respondent import respondent_view

# A local file: a `:material/...:` page icon makes the browser fetch it from a font CDN.
FAVICON = str(Path(__file__).parent / "assets" / "favicon.png")


def main() -> None:
    st.set_page_config(page_title="qualcode", page_icon=FAVICON, layout="wide")
    if respondent_view():  # a respondent's survey link shows the survey and nothing else
        return
    st.navigation(sections()).run()
