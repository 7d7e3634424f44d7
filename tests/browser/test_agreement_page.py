"""A researcher computes agreement on the sample study in Chromium and sees the table and heatmap."""

import pytest

pytestmark = pytest.mark.browser


def test_computes_agreement_in_the_browser(demo_url, app_server, page):
    base = app_server(demo_url)
    page.goto(f"{base}/agreement")
    page.get_by_role("button", name="Compute agreement").click()
    page.get_by_text("Krippendorff's α").wait_for()
    page.get_by_text("Unit: document. Coders: alice, bob.").wait_for()
    page.get_by_text("Download LATEX").wait_for()
    assert page.get_by_text("Download JSON").count() == 1
