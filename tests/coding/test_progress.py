from qualcode.codebook import store as codebook_store
from qualcode.coding.codings import add_coding
from qualcode.coding.progress import (
    document_progress,
    last_document,
    last_positions,
    save_position,
    units_touched,
)
from qualcode.ingest.documents import document_segments, list_documents
from qualcode.project import current_project, get_or_create_coder
from qualcode.store import session_scope


def test_share_of_units_touched(study_url):
    with session_scope(study_url) as session:
        project = current_project(session)
        code = codebook_store.codes(session, codebook_store.require_codebook(session, project))[0]
        document = list_documents(session, project)[0]
        alice = get_or_create_coder(session, project, "alice")
        turns = document_segments(session, document, "turn")
        coding = add_coding(session, document, alice, code, turns[1].start + 2, turns[1].start + 6)
        progress = document_progress(document, turns, [coding], None)
        assert (progress.units, progress.units_touched, progress.share) == (4, 1, 0.25)


def test_a_coding_across_a_boundary_touches_both_units(study_url):
    with session_scope(study_url) as session:
        project = current_project(session)
        code = codebook_store.codes(session, codebook_store.require_codebook(session, project))[0]
        document = list_documents(session, project)[0]
        alice = get_or_create_coder(session, project, "alice")
        turns = document_segments(session, document, "turn")
        coding = add_coding(session, document, alice, code, turns[0].end - 2, turns[1].start + 2)
        assert units_touched(turns, [coding]) == 2


def test_reopening_returns_to_the_last_position(any_study_url):
    with session_scope(any_study_url) as session:
        project = current_project(session)
        document = list_documents(session, project)[0]
        alice = get_or_create_coder(session, project, "alice")
        save_position(session, alice, document, 40)
        save_position(session, alice, document, 60)
    with session_scope(any_study_url) as session:
        alice = get_or_create_coder(session, current_project(session), "alice")
        assert last_positions(session, alice) == {document.id: 60}
        assert last_document(session, alice) == document.id
