"""No request leaves the app's own host: every page of the main app and the respondent server,
recorded in Chromium (requests, loaded resources and the favicon the page links)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from coding_steps import WAIT_MS, settle

from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.survey.instrument import parse_instrument
from qualcode.survey.surveys import create_invitations, create_survey, set_status
from qualcode.ui.pages import PAGES

pytestmark = pytest.mark.browser
LINKED = """() => [
  ...Array.from(document.querySelectorAll('link[href]')).map((l) => l.href),
  ...Array.from(document.querySelectorAll('img[src], script[src]')).map((e) => e.src),
  ...performance.getEntriesByType('resource').map((r) => r.name),
]"""
SURVEY = {
    "slug": "offline",
    "title": "Offline survey",
    "pages": [{"title": "One", "questions": [{"id": "q", "type": "text", "text": "Your tool?"}]}],
}


def _record(page) -> list[str]:
    urls: list[str] = []
    page.context.on("request", lambda request: urls.append(request.url))
    return urls


def _foreign(urls: list[str], base: str) -> list[str]:
    own = urlsplit(base).netloc
    return sorted(
        {u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")
         and urlsplit(u).netloc != own}
    )  # fmt: skip


def _visit(page, url: str, seen: list[str]) -> None:
    page.goto(url)
    page.locator('[data-testid="stApp"]').wait_for(timeout=WAIT_MS)
    settle(page)
    seen.extend(page.evaluate(LINKED))


def test_every_page_of_the_main_app_stays_on_its_host(demo_url, app_server, page):
    base = app_server(demo_url)
    requests = _record(page)
    linked: list[str] = []
    for *_, url_path in PAGES:
        _visit(page, f"{base}/{url_path}", linked)
        page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=WAIT_MS)
        settle(page)
        linked.extend(page.evaluate(LINKED))
    assert len(requests) > len(PAGES)  # the recorder saw the pages load
    assert _foreign(requests + linked, base) == []


def test_the_respondent_server_stays_on_its_host(demo_url, app_server, page, monkeypatch):
    with session_scope(demo_url) as session:
        survey = create_survey(session, current_project(session), parse_instrument(SURVEY))
        set_status(session, survey, "open")
        token = create_invitations(session, survey, 1, "http://x")[0]["token"]
    monkeypatch.setenv("QUALCODE_RESPONDENT_ONLY", "1")
    base = app_server(demo_url)
    requests = _record(page)
    linked: list[str] = []
    _visit(page, f"{base}/?survey=offline&token={token}", linked)
    page.get_by_text("Your tool?").wait_for(timeout=WAIT_MS)
    _visit(page, f"{base}/", linked)
    page.get_by_text("Please open the survey link you were given").wait_for(timeout=WAIT_MS)
    assert requests
    assert _foreign(requests + linked, base) == []
