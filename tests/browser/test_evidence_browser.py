"""The joint display of the demo project and a metric chart, in headless Chromium."""

import pytest
from playwright.sync_api import expect

from qualcode.evidence.sample import load_sample_evidence
from qualcode.project import current_project
from qualcode.store import session_scope

pytestmark = pytest.mark.browser

CHALLENGES = ["Missing attributes", "Discrepancies", "Security and privacy risks", "Model search",
              "Model application", "Model flexibility"]  # fmt: skip


@pytest.fixture
def demo_with_evidence(demo_url):
    with session_scope(demo_url) as session:
        load_sample_evidence(session, current_project(session))
    return demo_url


def test_joint_display_shows_every_challenge_with_its_metrics(demo_with_evidence, app_server, page):
    base = app_server(demo_with_evidence)
    page.goto(f"{base}/joint")
    page.get_by_role("heading", name="Model flexibility").wait_for()
    for name in CHALLENGES:
        assert page.get_by_role("heading", name=name).count() == 1
    # per challenge a survey table (the demo's synthetic responses) and a registry-data table,
    # besides the folded "other metrics" tables
    tables = page.locator("[data-testid=stDataFrame]:not([data-testid=stExpander] *)")
    expect(tables).to_have_count(2 * len(CHALLENGES))
    assert page.get_by_text("4 of 5").count() >= 1
    assert page.locator("[data-testid=stException]").count() == 0


def test_a_metric_chart_renders(demo_with_evidence, app_server, page):
    base = app_server(demo_with_evidence)
    page.goto(f"{base}/evidence")
    page.get_by_role("heading", name="Records behind the number").wait_for()
    chart = page.locator("[data-testid=stVegaLiteChart]").first
    chart.wait_for()
    chart.locator("canvas, svg").first.wait_for()
    box = chart.bounding_box()
    assert box["height"] > 100
    assert page.locator("[data-testid=stException]").count() == 0
