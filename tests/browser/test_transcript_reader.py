"""A researcher opens the running app in Chromium and reads a transcript."""

from pathlib import Path

import pytest

from qualcode.ingest.documents import import_transcript_file
from qualcode.project import create_project
from qualcode.store import session_scope

pytestmark = pytest.mark.browser


def test_reads_a_transcript_in_the_browser(tmp_path: Path, sqlite_url, app_server, page):
    transcript = tmp_path / "interview.txt"
    transcript.write_text(
        "Interviewer: How do you pick a model?\nMaya: I check the model card <b>first</b> and the downloads.\n",
        encoding="utf-8",
    )
    with session_scope(sqlite_url) as session:
        project = create_project(session, "Browser study")
        import_transcript_file(session, project, transcript, "P1")
    base = app_server(sqlite_url)
    page.goto(f"{base}/transcripts")
    page.get_by_text("I check the model card <b>first</b> and the downloads.").wait_for()
    assert page.get_by_text("Maya").first.is_visible()
    assert (
        page.locator("b", has_text="first").count() == 0
    )  # user text is escaped, not rendered as HTML
