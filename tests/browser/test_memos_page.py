"""The Memos page in Chromium: an edit is stored as it is typed and confirmed; a new memo's
draft survives a reload and is saved once, by its author."""

from __future__ import annotations

import pytest
from coding_steps import WAIT_MS, settle, wait_until
from coding_study import build_study
from sqlmodel import select

from qualcode.coding.memos import add_memo
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.models import Code, Document, Memo

pytestmark = pytest.mark.browser


def _memos(url: str) -> list[tuple[str, str]]:
    with session_scope(url) as session:
        rows = session.exec(select(Memo).where(Memo.deleted_at.is_(None)).order_by(Memo.id))
        return [(m.text, m.author) for m in rows]


def _titled_memos(url: str) -> list[tuple[str, str]]:
    with session_scope(url) as session:
        rows = session.exec(select(Memo).where(Memo.deleted_at.is_(None)).order_by(Memo.id))
        return [(m.title, m.text) for m in rows]


FRESH_DRAFT = """() => {
  const box = [...document.querySelectorAll('.qc-memo-area')].find(
    (area) => area.getAttribute('aria-label') === 'Memo');
  return box !== undefined && box.value === '' && box.closest('.qc-memo').dataset.saved === '1';
}"""


def _open_as_alice(page, base: str) -> None:
    page.goto(f"{base}/memos?coder=1")
    page.get_by_text("memos", exact=False).first.wait_for(timeout=WAIT_MS)
    settle(page)


def test_a_memo_edit_is_stored_while_typing_and_confirmed(sqlite_url, tmp_path, app_server, page):
    build_study(sqlite_url, tmp_path)
    with session_scope(sqlite_url) as session:
        add_memo(session, current_project(session), "first draft", author="alice")
    _open_as_alice(page, app_server(sqlite_url))
    box = page.get_by_role("textbox", name="Text")
    box.click()
    page.keyboard.press("End")
    page.keyboard.type(", then revised")
    page.get_by_text("Memo saved at").wait_for(timeout=WAIT_MS)
    assert _memos(sqlite_url) == [("first draft, then revised", "alice")]


def test_a_new_memo_draft_survives_a_reload(sqlite_url, tmp_path, app_server, page):
    build_study(sqlite_url, tmp_path)
    base = app_server(sqlite_url)
    _open_as_alice(page, base)
    page.get_by_text("Write a memo").click()
    page.get_by_role("textbox", name="Memo", exact=True).click()
    page.keyboard.type("Saturation after P9?")
    page.reload()
    settle(page)
    page.get_by_text("Write a memo").click()
    draft = page.get_by_role("textbox", name="Memo", exact=True)
    draft.wait_for(timeout=WAIT_MS)
    assert draft.input_value() == "Saturation after P9?"
    settle(page)
    page.get_by_role("button", name="Save memo").click()
    wait_until(lambda: _memos(sqlite_url) == [("Saturation after P9?", "alice")], "stored once")
    page.get_by_text("Memo saved at").wait_for(state="attached", timeout=WAIT_MS)
    settle(page)
    fresh = page.get_by_role("textbox", name="Memo", exact=True)
    if not fresh.is_visible():
        page.get_by_text("Write a memo").click()
    assert fresh.input_value() == ""  # a fresh draft, not the saved text again


def test_three_new_memos_in_a_row_are_each_stored_once_with_their_titles(
    sqlite_url, tmp_path, app_server, page
):
    build_study(sqlite_url, tmp_path)
    _open_as_alice(page, app_server(sqlite_url))
    page.get_by_text("Write a memo").click()
    written = [(f"Idea {n}", f"Memo number {n} about reuse") for n in range(1, 4)]
    for number, (title, text) in enumerate(written, start=1):
        page.get_by_role("textbox", name="Title").fill(title)
        page.get_by_role("textbox", name="Memo", exact=True).click()
        page.keyboard.type(text)
        page.get_by_role("button", name="Save memo").click()
        wait_until(lambda n=number: len(_memos(sqlite_url)) == n, f"memo {number} stored")
        page.wait_for_function(FRESH_DRAFT, timeout=WAIT_MS)  # the saved text never comes back
        settle(page)
    assert _titled_memos(sqlite_url) == written
    page.get_by_text("3 memos").wait_for(timeout=WAIT_MS)


def test_a_message_that_goes_away_leaves_the_memo_being_typed_in_place(
    sqlite_url, tmp_path, app_server, page
):
    build_study(sqlite_url, tmp_path)
    with session_scope(sqlite_url) as session:
        add_memo(session, current_project(session), "first draft", author="alice")
    _open_as_alice(page, app_server(sqlite_url))
    page.get_by_text("Write a memo").click()
    page.get_by_role("button", name="Save memo").click()  # empty: an error above the memos
    page.get_by_text("Write the memo first").wait_for(timeout=WAIT_MS)
    settle(page)
    box = page.get_by_role("textbox", name="Text")
    element = box.element_handle()
    box.click()
    page.keyboard.press("End")
    page.keyboard.type(", then revised")  # its save reruns the page: the error goes
    page.get_by_text("Memo saved at").wait_for(timeout=WAIT_MS)
    settle(page)
    assert page.get_by_text("Write the memo first").count() == 0
    assert element.evaluate("(area) => area.isConnected && document.activeElement === area")
    assert _memos(sqlite_url) == [("first draft, then revised", "alice")]


def _targets(url: str) -> list[tuple[str, str | None, str]]:
    """(target, the target's name, text) of every live memo, in the order written."""
    with session_scope(url) as session:
        rows = session.exec(select(Memo).where(Memo.deleted_at.is_(None)).order_by(Memo.id))
        named = []
        for memo in rows:
            thing = {"document": Document, "code": Code}.get(memo.target)
            row = session.get(thing, memo.target_id) if thing else None
            named.append(
                (memo.target, getattr(row, "title", getattr(row, "name", None)), memo.text)
            )
        return named


def _write(page, text: str) -> None:
    page.get_by_role("textbox", name="Memo", exact=True).click()
    page.keyboard.type(text)
    page.get_by_role("button", name="Save memo").click()


def test_memos_about_a_document_and_then_a_code_are_stored_on_what_was_chosen(
    sqlite_url, tmp_path, app_server, page
):
    build_study(sqlite_url, tmp_path)
    _open_as_alice(page, app_server(sqlite_url))
    page.get_by_text("Write a memo").click()
    form = page.locator('[data-testid="stExpander"]').filter(has_text="Write a memo")
    form.get_by_text("Document", exact=True).click()
    form.locator('[data-testid="stSelectbox"]').wait_for(timeout=WAIT_MS)  # the document chooser
    settle(page)
    _write(page, "P1 is the first to mention licences")
    wait_until(lambda: len(_targets(sqlite_url)) == 1, "the document memo stored")
    page.wait_for_function(FRESH_DRAFT, timeout=WAIT_MS)
    settle(page)
    if not form.get_by_text("Code", exact=True).is_visible():
        page.get_by_text("Write a memo").click()  # the save's rerun may close the form
    form.get_by_text("Code", exact=True).click()
    # the code chooser, by its label: until the rerun, the document chooser stands in its place
    chooser = form.locator('[data-testid="stSelectbox"]').filter(
        has=page.get_by_text("Code", exact=True)
    )
    chooser.wait_for(timeout=WAIT_MS)
    settle(page)
    field = chooser.locator("input")
    field.click()
    field.fill("Licence")
    page.get_by_role("option", name="Licence unclear", exact=True).click()
    settle(page)
    _write(page, "Merge with missing documentation?")
    wait_until(lambda: len(_targets(sqlite_url)) == 2, "the code memo stored")
    with session_scope(sqlite_url) as session:
        document = session.exec(select(Document)).one().title
    assert _targets(sqlite_url) == [
        ("document", document, "P1 is the first to mention licences"),
        ("code", "Licence unclear", "Merge with missing documentation?"),
    ]
