from qualcode.codebook import store as codebook_store
from qualcode.coding.codings import add_coding
from qualcode.coding.visibility import set_blind_coding, visible_codings
from qualcode.ingest.documents import list_documents
from qualcode.project import current_project, get_or_create_coder
from qualcode.store import session_scope


def _two_codings(session):
    project = current_project(session)
    codebook = codebook_store.require_codebook(session, project)
    code = codebook_store.codes(session, codebook)[0]
    document = list_documents(session, project)[0]
    alice = get_or_create_coder(session, project, "alice")
    bob = get_or_create_coder(session, project, "bob")
    add_coding(session, document, alice, code, 0, 5)
    add_coding(session, document, bob, code, 6, 9)
    return project, alice, bob


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
