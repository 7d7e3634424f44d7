"""Suggestions on the Code page with the real keyboard: on the demo study (an assistant trained on
alice), carol accepts with A and rejects with X, several in a row, in the same document."""

from __future__ import annotations

import pytest
from coding_steps import WAIT_MS, settle, wait_until
from sqlmodel import select

from qualcode.ingest.documents import list_documents
from qualcode.project import get_or_create_coder
from qualcode.sample import load_sample_study
from qualcode.store import session_scope
from qualcode.store.models import AuditEvent, Code, Coder, Coding
from qualcode.store.suggestion_models import SuggestionDecision
from qualcode.suggest.review import open_suggestions
from qualcode.suggest.run import run
from qualcode.suggest.train import train

pytestmark = pytest.mark.browser


def _study(url: str) -> tuple[int, int, list[dict]]:
    """carol's id, the first document with at least four suggestions for her, and those."""
    with session_scope(url) as session:
        project = load_sample_study(session)
        carol = get_or_create_coder(session, project, "carol")
        train(session, project, ("alice",), min_examples=2)
        run(session, project)  # the default threshold, 0.5
        for document in list_documents(session, project):
            offered = open_suggestions(session, project, document.id, carol)
            if len(offered) >= 4:
                return carol.id, document.id, offered
    raise AssertionError("the demo study gave no document four suggestions")


def _carols(url: str) -> list[tuple[int, str, int, int]]:
    with session_scope(url) as session:
        rows = session.exec(
            select(Coding, Code).join(Code).join(Coder, Coding.coder_id == Coder.id)
            .where(Coder.name == "carol", Coding.deleted_at.is_(None))
        ).all()  # fmt: skip
        return sorted((c.document_id, code.key, c.start, c.end) for c, code in rows)


def _status(url: str, suggestion_id: int) -> str:
    """carol's decision on the suggestion ("open" while she has made none)."""
    with session_scope(url) as session:
        decided = session.exec(
            select(SuggestionDecision.decision).where(
                SuggestionDecision.suggestion_id == suggestion_id
            )
        ).first()
        return decided or "open"


def _focus_on(page, suggestion_id: int) -> None:
    page.locator(f'.qc-span-root[data-focus="{suggestion_id}"]').wait_for(timeout=WAIT_MS)
    settle(page)


def test_a_coder_accepts_and_rejects_suggestions_by_key_in_one_document(
    sqlite_url, app_server, page
):
    carol, document_id, offered = _study(sqlite_url)
    page.goto(f"{app_server(sqlite_url)}/code?coder={carol}&document={document_id}")
    _focus_on(page, offered[0]["id"])
    assert page.locator(f'.qc-span-root [data-s~="{offered[0]["id"]}"]').count() > 0

    page.keyboard.press("a")  # accept: carol's own coding, same span and code
    first = (document_id, offered[0]["code"], offered[0]["start"], offered[0]["end"])
    wait_until(lambda: _carols(sqlite_url) == [first], "the accepted suggestion is carol's coding")
    with session_scope(sqlite_url) as session:
        event = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "coding.create", AuditEvent.actor == "carol"
            )
        ).one()
        assert event.detail["from_suggestion"] == offered[0]["id"]
    _focus_on(page, offered[1]["id"])

    page.keyboard.press("x")  # reject: gone, and still gone after a reload
    wait_until(lambda: _status(sqlite_url, offered[1]["id"]) == "rejected", "it is rejected")
    _focus_on(page, offered[2]["id"])
    page.reload()
    _focus_on(page, offered[2]["id"])
    assert page.locator(f'.qc-span-root [data-s~="{offered[1]["id"]}"]').count() == 0

    page.locator(f'.qc-span-root [data-s~="{offered[3]["id"]}"]').first.click()  # click focuses
    _focus_on(page, offered[3]["id"])
    page.keyboard.press("p")  # back to the previous one
    _focus_on(page, offered[2]["id"])

    for n, key in ((2, "a"), (3, "x")):  # more in a row: the document never changes
        page.keyboard.press(key)
        wait_until(lambda n=n: _status(sqlite_url, offered[n]["id"]) != "open", f"{n} is decided")
        if n + 1 < len(offered):
            _focus_on(page, offered[n + 1]["id"])
        assert page.locator(".qc-span-root").get_attribute("data-document") == str(document_id)
    assert len(_carols(sqlite_url)) == 2
