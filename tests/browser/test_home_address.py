"""The Home page opens at the app's root and at its own address `/home` (a bookmarked or typed
address), never "page not found"; the sidebar marks Home as the open page either way."""

from __future__ import annotations

import pytest
from coding_steps import WAIT_MS, settle

pytestmark = pytest.mark.browser


def test_home_opens_at_the_root_and_at_its_own_address(demo_url, app_server, page):
    base = app_server(demo_url)
    for address in ["", "home", "transcripts", "home"]:  # typed, and after another page
        page.goto(f"{base}/{address}")
        page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=WAIT_MS)
        settle(page)
        assert "Page not found" not in page.locator("body").inner_text(), address
        if address == "transcripts":
            continue
        page.locator('[data-testid="stMain"] h1').filter(
            has_text="PTM reuse sample study"
        ).wait_for(timeout=WAIT_MS)
        current = page.locator('[data-testid="stSidebarNav"] a[aria-current="page"]')
        assert current.inner_text().split()[-1] == "Home", address
        assert page.url.rstrip("/") == base, address  # one address for Home: the root
