"""User text is shown literally in Chromium: a code name and a memo title written as markdown, a
link, a colour directive, an icon code and math stay plain text on the Code and Transcripts pages."""

from __future__ import annotations

import pytest
from coding_steps import WAIT_MS, choose_coder, settle
from sqlmodel import select

from qualcode.codebook import store as codebook_store
from qualcode.codebook.schema import parse_codebook
from qualcode.coding.memos import add_memo
from qualcode.ingest.documents import import_transcript_file
from qualcode.project import create_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import Document

pytestmark = pytest.mark.browser
HOSTILE = "**Bold** [link](javascript:alert(1)) :red[red] :material/home: $x^2$ 10:30"


def _study(url: str, tmp_path) -> None:
    transcript = tmp_path / "interview.txt"
    transcript.write_text("Interviewer: Hello?\nMaya: Hi.\n", encoding="utf-8")
    spec = {"name": "Codebook", "codes": [{"key": "hostile", "name": HOSTILE}]}
    with session_scope(url) as session:
        project = create_project(session, "Literal study")
        codebook_store.import_spec(session, project, parse_codebook(spec), "test")
        get_or_create_coder(session, project, "alice")
        import_transcript_file(session, project, transcript, "P1")
        document = session.exec(select(Document)).one()
        add_memo(session, project, "memo text", target="document", target_id=document.id,
                 title=HOSTILE, author="alice")  # fmt: skip


def _shown(locator) -> str:
    """The text as a reader sees it (without the invisible word joiners that break `:codes:`)."""
    return locator.inner_text().replace("\u2060", "").strip()


def _no_markup(page) -> None:
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("strong", has_text="Bold").count() == 0
    assert main.locator("a", has_text="link").count() == 0
    assert main.locator(".katex").count() == 0
    assert main.locator('[role="img"][aria-label="home icon"]').count() == 0
    assert main.locator('[data-testid="stIconMaterial"]', has_text="home").count() == 0


def test_a_hostile_code_name_is_literal_on_the_code_page(sqlite_url, tmp_path, app_server, page):
    _study(sqlite_url, tmp_path)
    page.goto(f"{app_server(sqlite_url)}/code")
    choose_coder(page, "alice")
    settle(page)
    page.get_by_text("Whole-document codes (0)").click()
    whole = page.locator('[data-testid="stExpander"]').filter(has_text="Whole-document codes")
    pill = whole.locator('button[data-variant="pills"]').first
    pill.wait_for(timeout=WAIT_MS)
    assert _shown(pill) == HOSTILE
    guidance = page.locator('[data-testid="stExpander"]').filter(has_text="(no group)")
    assert f"{HOSTILE} (no group)" in _shown(guidance)
    _no_markup(page)


def test_a_hostile_memo_title_is_literal_on_the_transcripts_page(
    sqlite_url, tmp_path, app_server, page
):
    _study(sqlite_url, tmp_path)
    page.goto(f"{app_server(sqlite_url)}/transcripts")
    main = page.locator('[data-testid="stMain"]')
    main.get_by_text("Memos", exact=True).wait_for(timeout=WAIT_MS)
    settle(page)
    assert HOSTILE in _shown(page.locator('[data-testid="stExpander"]').first)
    _no_markup(page)
