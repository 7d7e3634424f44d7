"""Suggestions on the Code page (AppTest, the demo study with a model trained on alice): a coder
accepts and rejects them one after another without leaving the document."""

from __future__ import annotations

import pytest
from sqlmodel import select

from qualcode.coding.visibility import set_blind_coding
from qualcode.project import current_project, get_or_create_coder
from qualcode.sample import load_sample_study
from qualcode.store import session_scope
from qualcode.store.models import AuditEvent, Coder, Coding
from qualcode.suggest.review import open_suggestions
from qualcode.suggest.run import run
from qualcode.suggest.train import train


@pytest.fixture
def suggested_url(sqlite_url: str) -> str:
    """The demo study, an assistant trained on alice and suggesting at the default threshold, and a
    new coder carol who has coded nothing (so every suggestion is open for her)."""
    with session_scope(sqlite_url) as session:
        project = load_sample_study(session)
        get_or_create_coder(session, project, "carol")
        train(session, project, ("alice",), min_examples=2)
        run(session, project)  # the default threshold, 0.5
    return sqlite_url


def _for_carol(session, document_id: int) -> list[dict]:
    project = current_project(session)
    return open_suggestions(
        session, project, document_id, get_or_create_coder(session, project, "carol")
    )


def _offered(url: str, document_id: int) -> list[dict]:
    with session_scope(url) as session:
        return _for_carol(session, document_id)


def _carols(url: str) -> list[tuple[int, int, int, int]]:
    with session_scope(url) as session:
        carol = session.exec(select(Coder).where(Coder.name == "carol")).one()
        rows = session.exec(
            select(Coding).where(Coding.coder_id == carol.id, Coding.deleted_at.is_(None))
        ).all()
        return sorted((c.document_id, c.code_id, c.start, c.end) for c in rows)


def _document(url: str) -> int:
    """The first document with at least three suggestions for carol."""
    with session_scope(url) as session:
        project = current_project(session)
        from qualcode.ingest.documents import list_documents

        return next(
            d.id for d in list_documents(session, project)
            if len(_for_carol(session, d.id)) >= 3
        )  # fmt: skip


def _open(run_page, url: str, document_id: int, **state):
    return run_page("coding", url, qualcode_coder_name="carol", coding_document=document_id,
                    **state)  # fmt: skip


def test_the_focused_suggestion_is_shown_with_its_assistant_and_probability(
    run_page, suggested_url
):
    document_id = _document(suggested_url)
    first = _offered(suggested_url, document_id)[0]
    app = _open(run_page, suggested_url, document_id)
    assert not app.exception
    shown = " ".join(h.proto.body for h in app.get("html"))
    assert f"Suggested: {first['code_name']} (p={first['probability']:.2f}) · assistant" in shown
    assert app.button(key="suggestion_accept_focused")


def test_accepting_makes_a_coding_of_the_coder_audited_from_the_suggestion(run_page, suggested_url):
    document_id = _document(suggested_url)
    first = _offered(suggested_url, document_id)[0]
    app = _open(run_page, suggested_url, document_id)
    app.button(key="suggestion_accept_focused").click().run()
    assert not app.exception
    code_id = _code_id(suggested_url, first["code"])
    assert _carols(suggested_url) == [(document_id, code_id, first["start"], first["end"])]
    with session_scope(suggested_url) as session:
        event = session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "coding.create", AuditEvent.actor == "carol"
            )
        ).one()
    assert event.detail["from_suggestion"] == first["id"]


def _code_id(url: str, key: str) -> int:
    from qualcode.store.models import Code

    with session_scope(url) as session:
        return session.exec(select(Code.id).where(Code.key == key)).first()


def test_a_rejected_suggestion_is_gone_and_stays_gone_after_reruns(run_page, suggested_url):
    document_id = _document(suggested_url)
    first, second = _offered(suggested_url, document_id)[:2]
    app = _open(run_page, suggested_url, document_id)
    app.button(key="suggestion_reject_focused").click().run()
    app.run()
    assert [s["id"] for s in _offered(suggested_url, document_id)][0] == second["id"]
    shown = " ".join(h.proto.body for h in app.get("html"))
    assert f'data-s="{first["id"]}"' not in shown
    assert _carols(suggested_url) == []


def test_several_decisions_in_a_row_stay_in_the_document_and_move_the_focus(
    run_page, suggested_url
):
    document_id = _document(suggested_url)
    offered = _offered(suggested_url, document_id)
    app = _open(run_page, suggested_url, document_id)
    for n, decision in enumerate(["accept", "reject", "accept"]):
        app.button(key=f"suggestion_{decision}_focused").click().run()
        assert not app.exception
        assert app.session_state["coding_document"] == document_id
        assert app.session_state["coding_suggestion_focus"] == offered[n + 1]["id"]
    assert [s["id"] for s in _offered(suggested_url, document_id)] == [s["id"] for s in offered[3:]]
    assert len(_carols(suggested_url)) == 2
    assert app.session_state["coding_document"] == document_id
    (table,) = [t.value for t in app.dataframe if "accepted" in t.value.columns]
    assert table["accepted"].sum() == 2 and table["rejected"].sum() == 1


def test_a_unit_shows_its_suggestion_as_a_badge_with_accept(run_page, suggested_url):
    document_id = _document(suggested_url)
    first = _offered(suggested_url, document_id)[0]
    app = _open(run_page, suggested_url, document_id, coding_mode="Code units")
    assert not app.exception
    app.button(key=f"suggestion_accept_{first['id']}").click().run()
    assert not app.exception
    assert len(_carols(suggested_url)) == 1


def _shown_suggestions(run_page, url: str, document_id: int, name: str) -> list[str]:
    app = run_page("coding", url, qualcode_coder_name=name, coding_document=document_id)
    assert not app.exception
    return [h.proto.body for h in app.get("html") if "Suggested:" in h.proto.body]


@pytest.mark.parametrize("reconciliation_open", [False, True])
def test_blind_coding_hides_suggestions_learnt_from_another_coder(
    run_page, suggested_url, reconciliation_open
):
    document_id = _document(suggested_url)
    with session_scope(suggested_url) as session:
        set_blind_coding(session, current_project(session), True, reconciliation_open)
    shown = _shown_suggestions(run_page, suggested_url, document_id, "carol")
    assert bool(shown) == reconciliation_open  # the model learnt from alice only


def test_a_suggestion_carol_rejected_is_still_offered_to_another_coder(run_page, suggested_url):
    document_id = _document(suggested_url)
    first = _offered(suggested_url, document_id)[0]
    with session_scope(suggested_url) as session:
        get_or_create_coder(session, current_project(session), "dave")
    app = _open(run_page, suggested_url, document_id)
    app.button(key="suggestion_reject_focused").click().run()
    assert not app.exception
    label = f"Suggested: {first['code_name']} (p={first['probability']:.2f}) · assistant"
    assert any(
        label in body for body in _shown_suggestions(run_page, suggested_url, document_id, "dave")
    )
    assert first["id"] not in [s["id"] for s in _offered(suggested_url, document_id)]
