import pytest
from coding_study import open_study

from qualcode.coding.codings import (
    add_coding,
    delete_coding,
    document_codings,
    edit_coding,
    live_codings,
    restore_coding,
    set_document_codes,
)
from qualcode.errors import ValidationError
from qualcode.store import audit, session_scope


def _setup(session):
    study = open_study(session)
    return study.project, study.code, study.document, study.alice


def test_edit_coding_changes_memo_and_is_audited(any_study_url):
    with session_scope(any_study_url) as session:
        project, code, document, alice = _setup(session)
        coding = add_coding(session, document, alice, code["docs"], 0, 5)
        edit_coding(session, coding.id, memo="first impression", actor="alice")
        assert coding.memo == "first impression"
        assert audit.events(session, project.id)[0].action == "coding.edit"


def test_edit_coding_changes_the_code_but_keeps_the_span(study_url):
    with session_scope(study_url) as session:
        _, code, document, alice = _setup(session)
        coding = add_coding(session, document, alice, code["docs"], 3, 9)
        edit_coding(session, coding.id, code=code["license"])
        assert (coding.code_id, coding.start, coding.end) == (code["license"].id, 3, 9)


def test_deleted_coding_can_be_restored(study_url):
    with session_scope(study_url) as session:
        _, code, document, alice = _setup(session)
        coding = add_coding(session, document, alice, code["docs"], 0, 5)
        delete_coding(session, coding.id)
        assert live_codings(session, [document.id]) == []
        restore_coding(session, coding.id)
        assert [c.id for c in live_codings(session, [document.id])] == [coding.id]


def test_whole_document_codes_are_set_exactly(any_study_url):
    with session_scope(any_study_url) as session:
        _, code, document, alice = _setup(session)
        set_document_codes(session, document, alice, [code["docs"], code["selection"]])
        added, removed = set_document_codes(session, document, alice, [code["docs"]])
        assert (added, removed) == (0, 1)
        assert [c.code_id for c in document_codings(session, document, alice)] == [code["docs"].id]


def test_whole_document_coding_has_no_offsets(study_url):
    with session_scope(study_url) as session:
        _, code, document, alice = _setup(session)
        set_document_codes(session, document, alice, [code["docs"]])
        (coding,) = document_codings(session, document, alice)
        assert (coding.start, coding.end) == (None, None)


def test_span_beyond_the_text_is_refused(study_url):
    with session_scope(study_url) as session:
        _, code, document, alice = _setup(session)
        with pytest.raises(ValidationError, match="beyond the text"):
            add_coding(session, document, alice, code["docs"], 0, len(document.text) + 1)
