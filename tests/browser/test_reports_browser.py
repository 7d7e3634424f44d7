"""The Reports page in a real browser: tables, the saturation statement and the download buttons."""

import pytest

pytestmark = pytest.mark.browser


def test_reports_page_in_the_browser(app_server, page, demo_url):
    page.goto(f"{app_server(demo_url)}/reports")
    page.get_by_role("tab", name="Saturation").click()
    page.get_by_text("Saturation was reached at").wait_for()
    page.get_by_role("tab", name="Code table").click()
    page.locator("button:visible", has_text="LaTeX").first.wait_for()
    assert page.locator("[data-testid=stException]").count() == 0
