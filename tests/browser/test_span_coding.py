"""A coder selects a passage with the mouse in Chromium, picks a code, and the coding is stored exactly."""

from pathlib import Path

import pytest
from coding_steps import choose_coder, select_and_code, settle
from coding_study import CODEBOOK, build_study
from sqlmodel import select

from qualcode.codebook import store as codebook_store
from qualcode.codebook.schema import parse_codebook
from qualcode.coding.codings import add_coding
from qualcode.coding.progress import save_position
from qualcode.coding.visibility import set_blind_coding
from qualcode.ingest.documents import import_transcript_file
from qualcode.project import create_project, current_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import Coding, Document

pytestmark = pytest.mark.browser

PASSAGE = "the licence is missing"


def test_selected_passage_after_an_emoji_is_stored_exactly(
    tmp_path: Path, sqlite_url, app_server, page
):
    build_study(sqlite_url, tmp_path)
    base = app_server(sqlite_url)
    page.goto(f"{base}/code")
    choose_coder(page, "alice")
    select_and_code(page, PASSAGE, "missing doc")
    page.get_by_text("✓ Coded as Missing documentation").wait_for()

    page.reload()
    choose_coder(page, "alice")
    highlight = page.locator(".qc-span-root [data-c]")
    highlight.first.wait_for()
    assert highlight.all_inner_texts() == [PASSAGE]
    with session_scope(sqlite_url) as session:
        (coding,) = session.exec(select(Coding)).all()
        text = session.get(Document, coding.document_id).text
        assert "🤔" in text[: coding.start]  # an emoji (two UTF-16 units) comes before the passage
        assert text[coding.start : coding.end] == PASSAGE


def test_in_blind_mode_a_second_coder_does_not_see_the_first_coders_coding(
    tmp_path: Path, sqlite_url, app_server, page
):
    build_study(sqlite_url, tmp_path)
    with session_scope(sqlite_url) as session:
        set_blind_coding(session, current_project(session), True, False)
    base = app_server(sqlite_url)
    page.goto(f"{base}/code")
    choose_coder(page, "alice")
    select_and_code(page, PASSAGE, "missing doc")
    page.locator(".qc-span-root [data-c]").first.wait_for()  # alice sees her own coding

    choose_coder(page, "bob")
    page.get_by_text("Coding as bob").wait_for()
    page.wait_for_timeout(500)
    assert PASSAGE in page.locator(".qc-span-root").inner_text()
    assert page.locator(".qc-span-root [data-c]").count() == 0
    assert page.get_by_text("blind coding").is_visible()


def test_clicking_a_highlight_shows_the_coding_and_its_memo_can_be_edited(
    tmp_path: Path, sqlite_url, app_server, page
):
    build_study(sqlite_url, tmp_path)
    with session_scope(sqlite_url) as session:
        project = current_project(session)
        document = session.exec(select(Document)).one()
        code = codebook_store.resolve_code(
            session, codebook_store.require_codebook(session, project), "docs"
        )
        start = document.text.index(PASSAGE)
        coding = add_coding(session, document, get_or_create_coder(session, project, "alice"), code,
                            start, start + len(PASSAGE), memo="first thought")  # fmt: skip
    base = app_server(sqlite_url)
    page.goto(f"{base}/code")
    choose_coder(page, "alice")
    page.locator(".qc-span-root [data-c]").first.click()
    memo = page.get_by_label("Memo")
    memo.wait_for()
    assert memo.input_value() == "first thought"
    memo.fill("second thought")
    memo.press("Control+Enter")
    for _ in range(50):  # the save happens on the server after the browser sends the text
        with session_scope(sqlite_url) as session:
            saved = session.get(Coding, coding.id).memo
        if saved == "second thought":
            break
        page.wait_for_timeout(200)
    assert saved == "second thought"


def test_reopening_a_long_document_returns_to_the_last_position(
    tmp_path: Path, sqlite_url, app_server, page
):
    transcript = tmp_path / "long.txt"
    transcript.write_text(
        "".join(f"Interviewer: Question {i}?\nMaya: Answer number {i} 🙂.\n" for i in range(150)),
        encoding="utf-8",
    )
    with session_scope(sqlite_url) as session:
        project = create_project(session, "Long study")
        codebook_store.import_spec(session, project, parse_codebook(CODEBOOK))
        alice = get_or_create_coder(session, project, "alice")
        document = import_transcript_file(session, project, transcript, "P1")
        save_position(session, alice, session.get(Document, document.document_id),
                      session.get(Document, document.document_id).text.index("Answer number 120"))  # fmt: skip
    base = app_server(sqlite_url)
    page.goto(f"{base}/code")
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="alice").click()
    page.get_by_text("Answer number 120 🙂.").wait_for()
    page.wait_for_timeout(500)
    assert page.get_by_text("Answer number 120 🙂.").is_visible()
    assert page.evaluate("document.querySelector('.qc-span-root').scrollTop") > 1000


# Where the transcript starts on the page (independent of scrolling).
TRANSCRIPT_TOP = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return document.querySelector('.qc-span-root').getBoundingClientRect().top + main.scrollTop;
}"""


def test_coding_and_then_clicking_a_highlight_leave_the_transcript_in_place(
    tmp_path: Path, sqlite_url, app_server, page
):
    build_study(sqlite_url, tmp_path)
    page.goto(f"{app_server(sqlite_url)}/code")
    choose_coder(page, "alice")
    settle(page)
    before = page.evaluate(TRANSCRIPT_TOP)
    select_and_code(page, PASSAGE, "missing doc")
    page.get_by_text("✓ Coded as Missing documentation").wait_for()
    settle(page)
    assert page.evaluate(TRANSCRIPT_TOP) == before  # the confirmation took no room above it
    page.locator(".qc-span-root [data-c]").first.click()
    page.get_by_text("✓ Coded as Missing documentation").wait_for(state="detached")
    settle(page)
    assert page.evaluate(TRANSCRIPT_TOP) == before
