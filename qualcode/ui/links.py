"""Links between pages: the navigation registers its pages here so any page can link to another."""

from __future__ import annotations

import streamlit as st

from qualcode.ui.team_access import may_open

_PAGES: dict[str, object] = {}


def register(url_path: str, page: object) -> None:
    """Remember the st.Page for a url path (called while the navigation is built)."""
    _PAGES[url_path] = page


def page_link(url_path: str, label: str, icon: str | None = None) -> None:
    """A link to another page of the app (plain text when that page is not registered)."""
    page = _PAGES.get(url_path)
    if page is None or not may_open(url_path):  # another role's page is not in this navigation
        st.write(label)
    else:
        st.page_link(page, label=label, icon=icon)
