"""Browser steps on the team server shared by its tests and bench/load.py: log in, log out."""

from __future__ import annotations

LOGOUT = "Log out"


def log_in(page, base: str, name: str, password: str, path: str = "") -> None:
    """Open `path`, fill the login form and wait until the app shows the user's pages."""
    page.goto(f"{base}/{path}")
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name=LOGOUT).wait_for()


def sidebar_pages(page) -> list[str]:
    """The page titles in the navigation (all of them: "View more" unfolds a long list)."""
    more = page.get_by_test_id("stSidebarNavViewButton")
    if more.count() and "more" in more.inner_text():
        more.click()
        page.get_by_text("View less").wait_for()
    links = page.locator('[data-testid="stSidebarNav"] a')
    return [text.splitlines()[-1].strip() for text in links.all_inner_texts()]
