from coding_study import open_study

from qualcode.coding.codings import add_coding
from qualcode.coding.visibility import set_blind_coding, visible_coder_ids, visible_codings
from qualcode.store import session_scope


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
