"""The team server in Chromium: only the login page until a user logs in, sessions that survive a
reload and end on logout or expiry, roles and blind coding on every page and URL."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from coding_study import TRANSCRIPT
from sqlmodel import select
from team_pages import LOGOUT, log_in, sidebar_pages
from team_study import PASSWORDS, build_team

from qualcode.codebook import store as codebook_store
from qualcode.coding.codings import add_coding
from qualcode.coding.visibility import set_blind_coding
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.models import Coder, Document
from qualcode.ui.pages import PAGES

pytestmark = pytest.mark.browser
SECRET_TEXT = "licence is missing"  # words of the transcript, never on the login page
MEMOS = {"alice": "alice-only-memo", "bob": "bob-only-memo"}
PASSAGES = {"alice": "model card", "bob": SECRET_TEXT}


# What a person can read: the page's text and what its memo boxes hold (a textarea's value is
# not part of the page's inner text).
READABLE = """() => document.body.innerText + "\\n" +
  Array.from(document.querySelectorAll("textarea")).map((t) => t.value).join("\\n")"""


def _body(page) -> str:
    return page.evaluate(READABLE)


def _wait_for_text(page, text: str) -> None:
    page.wait_for_function(f"(text) => ({READABLE})().includes(text)", arg=text)


@pytest.fixture
def team(sqlite_url: str, tmp_path: Path) -> str:
    build_team(sqlite_url, tmp_path)
    return sqlite_url


def test_every_page_address_shows_only_the_login_page(team, app_server, page):
    base = app_server(team, auth=True)
    assert SECRET_TEXT in TRANSCRIPT
    for url_path in ["", *(path for *_, path in PAGES)]:  # the first page: at / and its own name
        page.goto(f"{base}/{url_path}")
        page.get_by_role("button", name="Log in").wait_for()
        body = _body(page)
        assert SECRET_TEXT not in body and "Interviewer" not in body, url_path
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0, url_path
        assert "Page not found" not in body, url_path


def test_a_wrong_password_is_refused(team, app_server, page):
    base = app_server(team, auth=True)
    page.goto(f"{base}/transcripts")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password", exact=True).fill("not-her-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("Wrong user name or password.").wait_for()
    assert page.get_by_role("button", name=LOGOUT).count() == 0
    assert SECRET_TEXT not in _body(page)
    assert [c["name"] for c in page.context.cookies() if c["name"] == "qualcode_session"] == []


def test_the_session_survives_reloads_and_ends_on_logout(team, app_server, page):
    base = app_server(team, auth=True)
    log_in(page, base, "alice", PASSWORDS["alice"], "transcripts")
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "qualcode_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    for _ in range(3):
        page.reload()
        page.get_by_role("button", name=LOGOUT).wait_for()
        page.get_by_text("Maya").first.wait_for()  # the transcript, now that alice is logged in
    page.get_by_role("button", name=LOGOUT).click()
    page.get_by_role("button", name="Log in").wait_for()
    page.reload()
    page.get_by_role("button", name="Log in").wait_for()
    assert SECRET_TEXT not in _body(page)


def test_an_idle_session_expires_and_activity_renews_it(team, app_server, page):
    limit = 0.006 * 3600  # QUALCODE_SESSION_HOURS below: 21.6 seconds
    base = app_server(team, auth=True, QUALCODE_SESSION_HOURS="0.006")
    log_in(page, base, "bob", PASSWORDS["bob"], "transcripts")
    _idle(page, limit * 0.6)
    page.reload()  # activity within the limit keeps the session
    page.get_by_role("button", name=LOGOUT).wait_for()
    _idle(page, limit * 0.6)
    page.reload()
    page.get_by_role("button", name=LOGOUT).wait_for()
    _idle(page, limit + 2)
    page.reload()
    page.get_by_role("button", name="Log in").wait_for()
    assert SECRET_TEXT not in _body(page)


def _idle(page, seconds: float) -> None:
    """Leave the page alone for `seconds` (the session's clock is what the test is about)."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        page.wait_for_timeout(250)


def _code_for_both(url: str) -> None:
    """alice and bob each code one passage with a memo; blind coding on, reconciliation closed."""
    with session_scope(url) as session:
        project = current_project(session)
        document = session.exec(select(Document)).one()
        code = codebook_store.resolve_code(
            session, codebook_store.require_codebook(session, project), "docs"
        )
        for name, passage in PASSAGES.items():
            coder = session.exec(select(Coder).where(Coder.name == name)).one()
            start = document.text.index(passage)
            add_coding(
                session, document, coder, code, start, start + len(passage), memo=MEMOS[name]
            )
        set_blind_coding(session, project, True, False, "olga")


@pytest.mark.parametrize(("me", "other"), [("alice", "bob"), ("bob", "alice")])
def test_in_blind_mode_coders_never_see_each_others_codings(team, app_server, page, me, other):
    _code_for_both(team)
    base = app_server(team, auth=True)
    log_in(page, base, me, PASSWORDS[me], "code")
    highlights = page.locator(".qc-span-root [data-c]")
    highlights.first.wait_for()
    assert highlights.all_inner_texts() == [PASSAGES[me]]
    for path in ("memos", "retrieve", "reports", "joint", f"code?coder={other}",
                 f"memos?coder={other}", "agreement", "reconcile", "audit"):  # fmt: skip
        page.goto(f"{base}/{path}")
        page.get_by_role("button", name=LOGOUT).wait_for()
        page.wait_for_load_state("networkidle")
        page.locator('[data-testid="stMain"]').get_by_role("heading").first.wait_for()
        assert MEMOS[other] not in _body(page), path
    page.goto(f"{base}/memos")
    _wait_for_text(page, MEMOS[me])  # the page does show memos: one's own


def test_the_owner_sees_everyone_in_blind_mode_and_the_audit_log(team, app_server, page):
    _code_for_both(team)
    base = app_server(team, auth=True)
    log_in(page, base, "olga", PASSWORDS["olga"], "memos")
    for memo in MEMOS.values():
        _wait_for_text(page, memo)
    assert {"Import", "Reconcile", "De-identification", "Audit log"} <= set(sidebar_pages(page))
    page.goto(f"{base}/audit")
    page.get_by_role("button", name="Download the audit log (CSV)").wait_for()


def test_a_viewer_gets_no_writing_pages_or_controls(team, app_server, page):
    base = app_server(team, auth=True)
    log_in(page, base, "vera", PASSWORDS["vera"], "")
    pages = set(sidebar_pages(page))
    assert {"Reports", "Joint display"} <= pages
    assert not pages & {"Code", "Import", "Edit codebook", "Memos", "Reconcile", "Surveys",
                        "De-identification", "Audit log"}  # fmt: skip
    page.goto(f"{base}/code")
    page.get_by_role("button", name=LOGOUT).wait_for()
    assert page.locator(".qc-span-root").count() == 0


def test_a_coder_gets_no_reconcile_or_blind_settings(team, app_server, page):
    base = app_server(team, auth=True)
    log_in(page, base, "bob", PASSWORDS["bob"], "reconcile")
    assert "Reconcile" not in sidebar_pages(page) and "Code" in sidebar_pages(page)
    assert page.get_by_text("Blind coding: each coder sees only their own codings").count() == 0
