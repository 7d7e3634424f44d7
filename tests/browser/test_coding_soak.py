"""A day's coding in a row on real interviews, by mouse drag: 30 passages across three documents
with a code change, a delete and an undo in between; 50 passages in one long document; 50 across
five documents, switching before every passage. Every coding is stored exactly (its stored text
is the text the coder selected) and the page never leaves its document."""

from __future__ import annotations

import glob
from pathlib import Path

import pytest
from coding_steps import (
    WAIT_MS,
    choose_coder,
    choose_document,
    drag_over,
    pick_code,
    select_and_code,
    settle,
    wait_until,
)
from coding_study import CODEBOOK
from sqlmodel import select

from qualcode.codebook import store as codebook_store
from qualcode.codebook.schema import parse_codebook
from qualcode.ingest.documents import document_turns, import_transcript_file
from qualcode.project import create_project, current_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import Coding, Document
from tests.conftest import PTM_DATA

pytestmark = pytest.mark.browser
PER_DOCUMENT = 10
CODE_FILTERS = {"missing doc": "Missing documentation", "licence": "Licence unclear"}


def _passages(text: str, turns, count: int) -> list[str]:
    """Five-word phrases from different turns, each found once in the text (so a drag is unambiguous)."""
    found = []
    for turn in turns:
        words = text[turn.start : turn.end].split()
        for at in range(1, max(1, len(words) - 5)):
            phrase = " ".join(words[at : at + 5])
            if len(phrase) > 20 and text.count(phrase) == 1 and "\n" not in phrase:
                found.append(phrase)
                break
        if len(found) == count:
            return found
    raise AssertionError("not enough distinct passages")


def _study(url: str, numbers: tuple[int, ...] = (2, 3, 4),
           per_document: int = PER_DOCUMENT) -> dict[tuple[int, str], list[str]]:  # fmt: skip
    """Real interviews (by number), the test codebook, coder alice; the passages to code per
    document."""
    files = sorted(glob.glob(str(PTM_DATA / "transcripts" / "Interview-*.docx")))
    with session_scope(url) as session:
        project = create_project(session, "Soak study")
        codebook_store.import_spec(session, project, parse_codebook(CODEBOOK), "test")
        get_or_create_coder(session, project, "alice")
        for number in numbers:
            import_transcript_file(session, project, Path(files[number - 1]), f"P{number}")
        return {
            (d.id, d.title): _passages(d.text, document_turns(session, d), per_document)
            for d in session.exec(select(Document).order_by(Document.id))
        }


def _live(url: str) -> list[tuple[int, str, str]]:
    """(document, stored text, code name) of every live coding, in order of creation."""
    with session_scope(url) as session:
        rows = session.exec(
            select(Coding).where(Coding.deleted_at.is_(None)).order_by(Coding.id)
        ).all()
        codebook = codebook_store.get_codebook(session, current_project(session))
        names = {c.id: c.name for c in codebook_store.codes(session, codebook)}
        return [
            (c.document_id, session.get(Document, c.document_id).text[c.start : c.end],
             names[c.code_id]) for c in rows
        ]  # fmt: skip


def _coding_ids(url: str) -> list[int]:
    with session_scope(url) as session:
        return list(session.exec(select(Coding.id).where(Coding.deleted_at.is_(None))))


def _panel_shows(page, passage: str) -> None:
    """The side panel shows the clicked coding (its quote), ready for changes."""
    quote = page.locator('[data-testid="stHorizontalBlock"] [data-testid="stHtml"]').filter(
        has_text=passage
    )
    quote.first.wait_for(timeout=WAIT_MS)
    settle(page)


def test_thirty_passages_in_a_row_across_three_documents_are_all_stored_exactly(
    sqlite_url, app_server, page
):
    plan = _study(sqlite_url)
    base = app_server(sqlite_url)
    page.goto(f"{base}/code")
    choose_coder(page, "alice")
    expected: list[tuple[int, str, str]] = []
    filters = list(CODE_FILTERS)
    for (document_id, title), passages in plan.items():
        choose_document(page, document_id, title)
        for number, passage in enumerate(passages):
            code_filter = filters[number % 2]
            select_and_code(page, passage, code_filter)
            expected.append((document_id, passage, CODE_FILTERS[code_filter]))
            wait_until(lambda n=len(expected): len(_coding_ids(sqlite_url)) == n,
                       f"coding {len(expected)} is stored")  # fmt: skip
            newest = max(_coding_ids(sqlite_url))
            page.locator(f'.qc-span-root [data-c~="{newest}"]').first.wait_for(timeout=WAIT_MS)
            root = page.locator(".qc-span-root")
            assert root.get_attribute("data-document") == str(document_id)
        # in between: change the code of the first coding here, delete the second, undo the delete
        first, second = _coding_ids(sqlite_url)[-PER_DOCUMENT:][:2]
        page.locator(f'.qc-span-root [data-c~="{first}"]').first.click()
        _panel_shows(page, passages[0])
        page.get_by_role("combobox", name="Code", exact=True).click()
        page.get_by_role("option", name="Deployment", exact=True).click()
        at = len(expected) - PER_DOCUMENT
        expected[at] = (*expected[at][:2], "Deployment")
        wait_until(
            lambda at=at: _live(sqlite_url)[at][2] == "Deployment", "the code change is stored"
        )
        page.locator(f'.qc-span-root [data-c~="{second}"]').first.click()
        _panel_shows(page, passages[1])
        page.get_by_role("button", name="Delete").click()
        wait_until(
            lambda second=second: second not in _coding_ids(sqlite_url), "the delete is stored"
        )
        page.get_by_role("button", name="Undo delete").click()
        wait_until(lambda second=second: second in _coding_ids(sqlite_url), "the undo is stored")
        page.locator(f'.qc-span-root [data-c~="{second}"]').first.wait_for(timeout=WAIT_MS)
    assert _live(sqlite_url) == expected


def _code_and_check(page, url: str, document_id: int, passage: str, code_filter: str) -> str:
    """Drag over the passage, pick the code, wait until the page shows the stored coding on the
    same document; the text the browser selected."""
    drag_over(page, passage)
    selected = page.evaluate("document.querySelector('.qc-picker').__qcRange.toString()")
    stored = len(_coding_ids(url))
    pick_code(page, code_filter)
    wait_until(lambda: len(_coding_ids(url)) == stored + 1, f"coding {stored + 1} is stored")
    newest = max(_coding_ids(url))
    page.locator(
        f'.qc-span-root[data-document="{document_id}"] [data-c~="{newest}"]'
    ).first.wait_for(timeout=WAIT_MS)
    return selected


def _code_in_a_row(page, url: str, steps: list[tuple[int, str, str]]) -> None:
    """Code each (document, title, passage) in turn, alternating two codes; then every stored
    coding is exactly the selected text, on its document, with its code."""
    expected = []
    filters = list(CODE_FILTERS)
    for number, (document_id, title, passage) in enumerate(steps):
        choose_document(page, document_id, title)
        code_filter = filters[number % 2]
        selected = _code_and_check(page, url, document_id, passage, code_filter)
        assert selected == passage, f"passage {number + 1}: the browser selected {selected!r}"
        expected.append((document_id, selected, CODE_FILTERS[code_filter]))
    assert _live(url) == expected


def test_fifty_passages_in_a_row_in_one_long_document_are_all_stored_exactly(
    sqlite_url, app_server, page
):
    # Interview-08: the longest transcript (32,590 characters)
    plan = _study(sqlite_url, (8,), per_document=50)
    page.goto(f"{app_server(sqlite_url)}/code")
    choose_coder(page, "alice")
    (((document_id, title), passages),) = plan.items()
    _code_in_a_row(page, sqlite_url, [(document_id, title, p) for p in passages])


def test_fifty_passages_in_a_row_across_five_documents_switching_each_time_are_stored_exactly(
    sqlite_url, app_server, page
):
    plan = _study(sqlite_url, (5, 6, 7, 9, 10))
    page.goto(f"{app_server(sqlite_url)}/code")
    choose_coder(page, "alice")
    rounds = zip(*plan.values(), strict=True)  # passage 1 of every document, then passage 2, ...
    documents = list(plan)
    _code_in_a_row(page, sqlite_url, [
        (*documents[at], passage) for row in rounds for at, passage in enumerate(row)
    ])  # fmt: skip
