"""The Streamlit app: page config and navigation; pages live in their own modules."""

from __future__ import annotations

import streamlit as st

from qualcode.ui.pages import sections


def main() -> None:
    st.set_page_config(page_title="qualcode", page_icon=":material/forum:", layout="wide")
    st.navigation(sections()).run()
