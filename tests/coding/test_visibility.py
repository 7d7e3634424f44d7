import pytest
from coding_study import open_study
from sqlmodel import select

from qualcode.coding.codings import add_coding
from qualcode.coding.visibility import (
    may_switch_blind_coding,
    project_owners,
    set_blind_coding,
    set_owner,
    visible_coder_ids,
    visible_codings,
)
from qualcode.errors import ValidationError
from qualcode.project import CONSENSUS_CODER, get_or_create_coder
from qualcode.store import session_scope
from qualcode.store.models import AuditEvent


def _two_codings(session):
    study = open_study(session)
    add_coding(session, study.document, study.alice, study.code["docs"], 0, 5)
    add_coding(session, study.document, study.bob, study.code["docs"], 6, 9)
    return study.project, study.alice, study.bob


def test_in_blind_mode_a_coder_sees_only_their_own_codings(study_url):
    with session_scope(study_url) as session:
        project, alice, bob = _two_codings(session)
        set_blind_coding(session, project, True, False)
        assert {c.coder_id for c in visible_codings(session, project, bob)} == {bob.id}


def test_without_blind_mode_everyone_is_visible(study_url):
    with session_scope(study_url) as session:
        project, alice, bob = _two_codings(session)
        assert {c.coder_id for c in visible_codings(session, project, bob)} == {alice.id, bob.id}


def test_opening_reconciliation_shows_everyone_again(study_url):
    with session_scope(study_url) as session:
        project, alice, bob = _two_codings(session)
        set_blind_coding(session, project, True, True)
        assert {c.coder_id for c in visible_codings(session, project, bob)} == {alice.id, bob.id}


def test_before_anyone_chooses_who_they_are_blind_mode_shows_no_codings(study_url):
    with session_scope(study_url) as session:
        project, _, _ = _two_codings(session)
        set_blind_coding(session, project, True, False)
        assert visible_coder_ids(project, None) == []


def test_without_an_owner_anyone_may_switch_blind_coding(study_url):
    with session_scope(study_url) as session:
        project, alice, bob = _two_codings(session)
        assert may_switch_blind_coding(session, project, bob)
        assert may_switch_blind_coding(session, project, None)


def test_once_owned_only_the_owner_may_switch(study_url):
    with session_scope(study_url) as session:
        project, alice, bob = _two_codings(session)
        set_owner(session, project, alice)
        assert may_switch_blind_coding(session, project, alice)
        assert not may_switch_blind_coding(session, project, bob)
        assert not may_switch_blind_coding(session, project, None)


def test_a_new_owner_replaces_the_previous_one_and_is_audited(study_url):
    with session_scope(study_url) as session:
        project, alice, bob = _two_codings(session)
        set_owner(session, project, alice)
        set_owner(session, project, bob, "alice")
        assert [o.name for o in project_owners(session, project)] == ["bob"]
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "project.owner")).all()
        assert [e.actor for e in events] == ["alice", "alice"]


def test_the_consensus_coder_cannot_own_the_project(study_url):
    with session_scope(study_url) as session:
        project, _, _ = _two_codings(session)
        consensus = get_or_create_coder(session, project, CONSENSUS_CODER)
        with pytest.raises(ValidationError, match="consensus"):
            set_owner(session, project, consensus)
