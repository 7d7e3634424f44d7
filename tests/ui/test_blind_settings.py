"""Project settings on the Reconcile page: blind coding and reconciliation, switched by the owner."""

from __future__ import annotations

from sqlmodel import select

from qualcode.coding.visibility import set_owner
from qualcode.project import current_project, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import AuditEvent
from qualcode.ui.coder import CODER_KEY


def project_state(url: str) -> tuple[bool, bool]:
    with session_scope(url) as session:
        project = current_project(session)
        return project.blind_coding, project.reconciliation_open


def test_switching_blind_coding_on_saves_and_audits(run_page, demo_url):
    app = run_page("reconcile", demo_url)
    assert not app.exception and not app.error
    app.toggle(key="blind_coding").set_value(True)
    app.button(key="blind_save").click().run()
    assert not app.exception and not app.error
    assert project_state(demo_url) == (True, False)
    assert "each coder sees only their own codings" in app.success[0].value
    with session_scope(demo_url) as session:
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "project.blind_coding")
        ).one()
        assert event.detail["blind_coding"] is True


def test_the_owner_opens_reconciliation(run_page, demo_url):
    with session_scope(demo_url) as session:
        project = current_project(session)
        set_owner(session, project, get_or_create_coder(session, project, "alice"))
    app = run_page("reconcile", demo_url, **{CODER_KEY: "alice"})
    app.toggle(key="blind_coding").set_value(True).run()  # the browser reruns on every toggle
    app.toggle(key="blind_reconciliation").set_value(True)
    app.button(key="blind_save").click().run()
    assert not app.exception and not app.error
    assert project_state(demo_url) == (True, True)


def test_another_coder_cannot_change_the_owners_settings(run_page, demo_url):
    with session_scope(demo_url) as session:
        project = current_project(session)
        set_owner(session, project, get_or_create_coder(session, project, "alice"))
    app = run_page("reconcile", demo_url, **{CODER_KEY: "bob"})
    assert app.toggle(key="blind_coding").disabled
    assert app.button(key="blind_save").disabled
    assert any("Only the project owner" in c.value for c in app.caption)


def test_a_coder_claims_an_unowned_project(run_page, demo_url):
    app = run_page("reconcile", demo_url, **{CODER_KEY: "bob"})
    app.button(key="blind_claim").click().run()
    assert not app.exception and not app.error
    assert "bob now owns the project" in app.success[0].value
    assert any("Project owner: bob" in c.value for c in app.caption)
