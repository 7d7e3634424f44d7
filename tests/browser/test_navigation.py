"""Every page is in the sidebar from the start: none hides behind Streamlit's "View more"."""

from __future__ import annotations

import re

import pytest
from coding_steps import settle
from coding_study import build_study

from qualcode.ui.pages import PAGES

pytestmark = pytest.mark.browser


def test_the_sidebar_lists_every_page(sqlite_url, tmp_path, app_server, page):
    build_study(sqlite_url, tmp_path)
    page.set_viewport_size({"width": 1280, "height": 800})  # a laptop: Streamlit folds long menus
    page.goto(f"{app_server(sqlite_url)}/code")
    sidebar = page.locator('[data-testid="stSidebarNav"]')
    sidebar.wait_for()
    settle(page)
    for _, _, title, _, _ in PAGES:
        assert sidebar.get_by_role("link", name=title, exact=True).is_visible(), title
    assert sidebar.get_by_text(re.compile(r"^View \d+ more$")).count() == 0
