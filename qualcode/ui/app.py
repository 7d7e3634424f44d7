"""The Streamlit app: page config and navigation; pages live in their own modules."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from qualcode.ui import login
from qualcode.ui.pages import PAGES, own_address, sections
from qualcode.ui.survey_respondent import respondent_view

# A local file: a `:material/...:` page icon makes the browser fetch it from a font CDN.
FAVICON = str(Path(__file__).parent / "assets" / "favicon.png")


def main() -> None:
    st.set_page_config(page_title="qualcode", page_icon=FAVICON, layout="wide")
    if login.auth_enabled():
        team_server()
        return
    if respondent_view():  # a respondent's survey link shows the survey and nothing else
        return
    st.navigation(sections()).run()


def team_server() -> None:
    """`serve --auth`: the login page and nothing else until the session checks out; then the
    pages the user's role may open (respondents use the separate `survey serve`)."""
    if login.logging_out():
        return
    actor = login.current_actor()
    if actor is None:
        st.navigation(login_everywhere(), position="hidden").run()
        return
    login.user_bar(actor)
    st.navigation(sections()).run()


def login_everywhere() -> list:
    """Every page address shows the login page (then returns there), never "page not found"."""

    def login_page_for(url_path: str):
        def show() -> None:
            login.login_page()

        show.__name__ = f"login_{url_path.replace('-', '_')}"
        return show

    first, *others = [
        st.Page(login_page_for(url_path), title="Log in", url_path="" if index == 0 else url_path,
                default=index == 0)
        for index, (*_, url_path) in enumerate(PAGES)
    ]  # fmt: skip
    return [first, own_address(first, PAGES[0][-1]), *others]
