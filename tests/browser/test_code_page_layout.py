"""The Code page on a laptop screen: the codes column stays wide enough to read a code's name and
group, beside the transcript (a quarter of the page was ~130 px at 1000 px, a word per line)."""

from __future__ import annotations

import pytest
from coding_steps import WAIT_MS, settle
from coding_study import build_study

pytestmark = pytest.mark.browser

COLUMNS = """() => {
  const [reader, side] = document.querySelectorAll(
    '.st-key-coding_columns > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"]'
    + ' > [data-testid="stColumn"]');
  const box = (element) => element.getBoundingClientRect();
  return {reader: box(reader).toJSON(), side: box(side).toJSON()};
}"""


@pytest.mark.parametrize("width", [1000, 1400])
def test_the_codes_column_is_readable_and_beside_the_transcript(
    sqlite_url, tmp_path, app_server, chromium, width
):
    build_study(sqlite_url, tmp_path)
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    try:
        page.goto(f"{app_server(sqlite_url)}/code?coder=1")
        page.locator(".qc-span-root[data-ready]").wait_for()
        settle(page)
        columns = page.evaluate(COLUMNS)
        assert columns["side"]["width"] >= 190
        assert columns["side"]["left"] >= columns["reader"]["right"]  # beside, not below
        assert columns["side"]["top"] == pytest.approx(columns["reader"]["top"], abs=2)
        assert columns["reader"]["width"] > columns["side"]["width"]
    finally:
        context.close()
