"""Uploading several files on the Import page in real Chromium: preview, a bad file named, commit."""

from pathlib import Path

import pytest

from qualcode.ingest.documents import list_documents
from qualcode.project import current_project
from qualcode.store import session_scope

pytestmark = pytest.mark.browser
SAMPLE = Path(__file__).resolve().parents[2] / "transcripts_sample"


def test_upload_preview_and_import(app_server, page, sqlite_url, tmp_path):
    from qualcode.project import create_project

    with session_scope(sqlite_url) as session:
        create_project(session, "Upload study")
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 broken")
    page.goto(app_server(sqlite_url) + "/import")
    page.locator("input[type=file]").first.set_input_files(
        [str(SAMPLE / "interview_p4_2022-07-26.txt"), str(bad)]
    )
    page.get_by_text("broken.docx: not a valid archive").wait_for()
    page.locator('[data-testid="stMetricValue"]', has_text="txt").first.wait_for()
    page.get_by_role("button", name="Import 2 files").click()
    page.get_by_text("1 of 2 files done.").wait_for()
    with session_scope(sqlite_url) as session:
        titles = [d.title for d in list_documents(session, current_project(session))]
    assert titles == ["interview_p4_2022-07-26"]
