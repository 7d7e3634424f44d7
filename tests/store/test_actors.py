"""The role gate in every audited write: owners change anything, coders only their own codings
and memos, viewers nothing; a refused write stores nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from coding_study import open_study
from sqlmodel import select
from team_study import build_team

from qualcode.codebook.editing import retire_code
from qualcode.coding.codings import add_coding, delete_coding, edit_coding, live_codings
from qualcode.coding.consensus import reconcile_unit
from qualcode.coding.memos import add_memo
from qualcode.coding.visibility import set_blind_coding
from qualcode.ingest.deid.review import export_mapping
from qualcode.store import session_scope
from qualcode.store.actors import Actor, PermissionDenied, bind_actor
from qualcode.store.models import AuditEvent, Coder, Memo


@pytest.fixture
def team(sqlite_url: str, tmp_path: Path) -> str:
    build_team(sqlite_url, tmp_path)
    return sqlite_url


def _as(session, name: str) -> Actor:
    """Bind the web user `name` to the session, as the team server does for each request."""
    coder = session.exec(select(Coder).where(Coder.name == name)).one()
    actor = Actor(name=coder.name, role=coder.role, coder_id=coder.id)
    bind_actor(session, actor)
    return actor


def _count(url: str, model) -> int:
    with session_scope(url) as session:
        return len(session.exec(select(model)).all())


def test_a_coder_codes_as_themself_and_the_audit_names_them(team):
    with session_scope(team) as session:
        study = open_study(session)
        _as(session, "alice")
        add_coding(session, study.document, study.alice, study.code["docs"], 0, 11, actor="someone")
    with session_scope(team) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "coding.create")).one()
        assert event.actor == "alice"


def test_a_coder_cannot_code_as_another_coder(team):
    with session_scope(team) as session, pytest.raises(PermissionDenied, match="as themself only"):
        study = open_study(session)
        _as(session, "alice")
        add_coding(session, study.document, study.bob, study.code["docs"], 0, 11)
    with session_scope(team) as session:
        assert live_codings(session) == []


def test_a_coder_cannot_change_or_delete_another_coders_coding(team):
    with session_scope(team) as session:
        study = open_study(session)
        coding_id = add_coding(session, study.document, study.bob, study.code["docs"], 0, 11).id
    for change in (
        lambda s: delete_coding(s, coding_id),
        lambda s: edit_coding(s, coding_id, memo="x"),
    ):
        with session_scope(team) as session, pytest.raises(PermissionDenied):
            _as(session, "alice")
            change(session)
    with session_scope(team) as session:
        (coding,) = live_codings(session)
        assert coding.memo == ""


def test_a_viewer_writes_nothing_even_through_a_forged_callback(team):
    with session_scope(team) as session, pytest.raises(PermissionDenied, match="viewer"):
        study = open_study(session)
        _as(session, "vera")
        vera = session.exec(select(Coder).where(Coder.name == "vera")).one()
        add_coding(session, study.document, vera, study.code["docs"], 0, 11, actor="vera")
    with session_scope(team) as session, pytest.raises(PermissionDenied, match="viewer"):
        study = open_study(session)
        _as(session, "vera")
        add_memo(session, study.project, "a forged memo", author="vera")
    assert _count(team, Memo) == 0
    with session_scope(team) as session:
        assert live_codings(session) == []


def test_memos_are_written_as_oneself_only(team):
    with session_scope(team) as session:
        study = open_study(session)
        _as(session, "alice")
        add_memo(session, study.project, "mine", author="alice")
    with session_scope(team) as session, pytest.raises(PermissionDenied, match="memos as themself"):
        study = open_study(session)
        _as(session, "alice")
        add_memo(session, study.project, "in bob's name", author="bob")
    assert _count(team, Memo) == 1


def test_a_coder_cannot_switch_blind_coding_reconcile_edit_the_codebook_or_read_the_mapping(team):
    attempts = {
        "blind coding": lambda s, st: set_blind_coding(s, st.project, False, False),
        "reconcile": lambda s, st: reconcile_unit(
            s, st.project, st.document, 0, 11, [st.code["docs"]], ["docs"], "edit"
        ),
        "codebook": lambda s, st: retire_code(s, st.codebook, st.code["license"].id),
        "mapping": lambda s, st: export_mapping(s, st.project),
    }
    with session_scope(team) as session:
        set_blind_coding(session, open_study(session).project, True, False, "olga")
    for what, attempt in attempts.items():
        with session_scope(team) as session, pytest.raises(PermissionDenied, match="owner"):
            study = open_study(session)
            _as(session, "bob")
            attempt(session, study)
            pytest.fail(f"bob could change {what}")
    with session_scope(team) as session:
        study = open_study(session)
        assert study.project.blind_coding and study.code["license"].deleted_at is None
        assert live_codings(session) == []


def test_the_owner_may_switch_blind_coding_and_reconcile(team):
    with session_scope(team) as session:
        study = open_study(session)
        _as(session, "olga")
        set_blind_coding(session, study.project, True, True)
        reconcile_unit(session, study.project, study.document, 0, 11, [study.code["docs"]],
                       ["docs"], "edit")  # fmt: skip
    with session_scope(team) as session:
        actors = {e.actor for e in session.exec(select(AuditEvent).where(
            AuditEvent.action.in_(["project.blind_coding", "coding.create"]))).all()}  # fmt: skip
        assert actors == {"olga"}
        assert len(live_codings(session)) == 1
