"""Nothing typed is lost on reload: a memo being typed (never blurred) comes back, and so do the
chosen coder and document."""

from __future__ import annotations

from pathlib import Path

import pytest
from coding_steps import WAIT_MS, choose_coder, choose_document, select_and_code, settle, wait_until
from coding_study import TRANSCRIPT, build_study
from sqlmodel import select

from qualcode.ingest.documents import import_transcript_file
from qualcode.project import current_project
from qualcode.store import session_scope
from qualcode.store.models import Coding, Document

pytestmark = pytest.mark.browser
PASSAGE = "the licence is missing"
MEMO = "Licence worries come up again; compare with P3."


def _two_documents(url: str, tmp_path: Path) -> Document:
    build_study(url, tmp_path)
    second = tmp_path / "second.txt"
    second.write_text(TRANSCRIPT.replace("Maya", "Noor"), encoding="utf-8")
    with session_scope(url) as session:
        import_transcript_file(session, current_project(session), second, "P2")
        return session.exec(select(Document).where(Document.title == "second")).one()


def _memo(url: str) -> str:
    with session_scope(url) as session:
        return session.exec(select(Coding)).one().memo


def _open_memo(page):
    page.locator(".qc-span-root [data-c]").first.click()
    memo = page.get_by_role("textbox", name="Memo")
    memo.wait_for(timeout=WAIT_MS)
    settle(page)  # the click's rerun is over: typing goes into the box that stays
    return memo


def _type_a_memo(page, url: str, tmp_path, app_server) -> tuple[Document, object]:
    """alice codes a passage in the second document and types a memo on it (no blur)."""
    document = _two_documents(url, tmp_path)
    _start(page, app_server(url), document)
    memo = _open_memo(page)
    memo.click()
    page.keyboard.type(MEMO)
    return document, memo


def _start(page, base: str, document: Document):
    page.goto(f"{base}/code")
    choose_coder(page, "alice")
    choose_document(page, document.id, document.title)
    select_and_code(page, PASSAGE, "missing doc")
    page.locator(".qc-span-root [data-c]").first.wait_for(timeout=WAIT_MS)
    settle(page)


def test_a_memo_typed_and_never_blurred_survives_a_reload_with_coder_and_document(
    sqlite_url, tmp_path, app_server, page
):
    document, memo = _type_a_memo(page, sqlite_url, tmp_path, app_server)
    page.get_by_text("Memo saved at").wait_for(timeout=WAIT_MS)  # confirmed while still typing
    assert memo.evaluate("(area) => document.activeElement === area")
    wait_until(lambda: _memo(sqlite_url) == MEMO, "the memo is stored")

    page.reload()
    page.locator(f'.qc-span-root[data-document="{document.id}"]').wait_for(timeout=WAIT_MS)
    coder = page.locator('[data-testid="stSidebar"] [role="combobox"]').first
    assert coder.input_value() == "alice"
    assert _open_memo(page).input_value() == MEMO


def test_a_reload_right_after_typing_restores_the_text_and_stores_it(
    sqlite_url, tmp_path, app_server, page
):
    document, _ = _type_a_memo(page, sqlite_url, tmp_path, app_server)
    page.reload()  # before the debounced save went out
    page.locator(f'.qc-span-root[data-document="{document.id}"]').wait_for(timeout=WAIT_MS)
    settle(page)
    assert _open_memo(page).input_value() == MEMO
    wait_until(lambda: _memo(sqlite_url) == MEMO, "the restored memo is stored")
