"""Code units by keyboard on a real interview: 20 turns across two pages, the document never
changes, and a code refused by an exclusive group leaves the box as stored, with the reason."""

from __future__ import annotations

import pytest
from coding_steps import WAIT_MS, choose_coder, choose_document, settle, wait_until
from coding_study import CODEBOOK
from sqlmodel import select

from qualcode.codebook import store as codebook_store
from qualcode.codebook.schema import parse_codebook
from qualcode.ingest.documents import import_transcript_file
from qualcode.project import create_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import Code, Coding, Document
from tests.conftest import PTM_DATA

pytestmark = pytest.mark.browser
TRANSCRIPTS = PTM_DATA / "transcripts"
UNITS = [*range(3, 15), *range(16, 24)]  # 12 turns on page 1, 8 on page 2 (15 per page)


def _study(url: str) -> tuple[int, str]:
    with session_scope(url) as session:
        project = create_project(session, "Units study")
        codebook_store.import_spec(session, project, parse_codebook(CODEBOOK), "test")
        get_or_create_coder(session, project, "alice")
        for name, label in (
            ("Interview-04-20220715.docx", "P4"),
            ("Interview-05-20220715.docx", "P5"),
        ):
            import_transcript_file(session, project, TRANSCRIPTS / name, label)
        document = session.exec(select(Document).order_by(Document.id)).first()
        return document.id, document.title


def _stored(url: str) -> list[tuple[int, str]]:
    with session_scope(url) as session:
        rows = session.exec(select(Coding).where(Coding.deleted_at.is_(None))).all()
        return sorted((c.document_id, session.get(Code, c.code_id).name) for c in rows)


def _add_by_keyboard(page, unit: int, code: str) -> None:
    box = page.get_by_role("combobox", name=f"Codes for turn {unit}", exact=True)
    box.focus()
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def _to_page(page, number: int) -> None:
    field = page.get_by_role("spinbutton", name="Page")
    field.fill(str(number))
    field.press("Enter")
    page.get_by_role(
        "combobox", name=f"Codes for turn {15 * (number - 1) + 1}", exact=True
    ).wait_for(timeout=WAIT_MS)


def _open_units(page, base: str, document_id: int, title: str) -> None:
    """As alice, the document in Code units mode, its first page of turns shown."""
    page.goto(f"{base}/code")
    choose_coder(page, "alice")
    choose_document(page, document_id, title)
    page.get_by_role("radio", name="Code units").click()
    page.get_by_role("combobox", name="Codes for turn 2", exact=True).wait_for(timeout=WAIT_MS)


def test_twenty_units_by_keyboard_stay_in_their_document(sqlite_url, app_server, page):
    document_id, title = _study(sqlite_url)
    _open_units(page, app_server(sqlite_url), document_id, title)
    for count, unit in enumerate(UNITS, 1):
        if unit == UNITS[12]:
            _to_page(page, 2)
        settle(page)
        _add_by_keyboard(page, unit, "Missing documentation")
        wait_until(lambda n=count: len(_stored(sqlite_url)) == n, f"unit {unit} is stored")
        settle(page)
        chooser = page.get_by_role("combobox", name="Document", exact=True)
        assert chooser.input_value().startswith(title)  # still the same document
        assert f"document={document_id}" in page.url
    assert _stored(sqlite_url) == [(document_id, "Missing documentation")] * len(UNITS)
    with session_scope(sqlite_url) as session:
        assert {c.document_id for c in session.exec(select(Coding))} == {document_id}


def test_a_code_refused_by_an_exclusive_group_leaves_the_box_as_stored(
    sqlite_url, app_server, page
):
    document_id, title = _study(sqlite_url)
    _open_units(page, app_server(sqlite_url), document_id, title)
    _add_by_keyboard(page, 2, "Model selection")
    wait_until(lambda: _stored(sqlite_url) == [(document_id, "Model selection")], "stored")
    settle(page)
    _add_by_keyboard(page, 2, "Deployment")
    page.get_by_text("is exclusive").wait_for(timeout=WAIT_MS)
    settle(page)
    box = page.locator('[data-testid="stMultiSelect"]').filter(
        has=page.get_by_role("combobox", name="Codes for turn 2", exact=True)
    )
    assert "Model selection" in box.inner_text()
    assert "Deployment" not in box.inner_text()
    assert _stored(sqlite_url) == [(document_id, "Model selection")]
