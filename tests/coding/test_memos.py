import pytest

from qualcode.codebook import store as codebook_store
from qualcode.coding.codings import add_coding
from qualcode.coding.memos import add_memo, delete_memo, document_memos, edit_memo, list_memos
from qualcode.coding.visibility import set_blind_coding, set_owner, visible_coder_ids
from qualcode.errors import NotFoundError, ValidationError
from qualcode.ingest.documents import list_documents
from qualcode.project import current_project, get_or_create_coder
from qualcode.store import session_scope


def test_a_memo_can_be_written_edited_and_found(any_study_url):
    with session_scope(any_study_url) as session:
        project = current_project(session)
        memo = add_memo(
            session, project, "Licences come up often", title="Licences", author="alice"
        )
        edit_memo(session, memo.id, "Licences come up in every interview", actor="alice")
        (entry,) = list_memos(session, project, search="every interview")
        assert (entry.kind, entry.title) == ("project", "Licences")


def test_deleted_memos_are_not_listed(study_url):
    with session_scope(study_url) as session:
        project = current_project(session)
        memo = add_memo(session, project, "temporary")
        delete_memo(session, memo.id)
        assert list_memos(session, project) == []


def test_coding_memos_are_listed_with_their_code(study_url):
    with session_scope(study_url) as session:
        project = current_project(session)
        codebook = codebook_store.require_codebook(session, project)
        code = codebook_store.codes(session, codebook)[0]
        document = list_documents(session, project)[0]
        alice = get_or_create_coder(session, project, "alice")
        add_coding(session, document, alice, code, 0, 5, memo="unsure here")
        (entry,) = list_memos(session, project, kinds=("coding",))
        assert entry.about.startswith(f"coding {code.name}") and entry.author == "alice"


def test_a_memo_needs_text(study_url):
    with session_scope(study_url) as session:
        with pytest.raises(ValidationError):
            add_memo(session, current_project(session), "   ")


def test_a_memo_on_a_missing_document_is_refused(study_url):
    with session_scope(study_url) as session:
        with pytest.raises(NotFoundError):
            add_memo(session, current_project(session), "x", target="document", target_id=999)


def test_coding_memos_can_be_limited_to_some_coders(study_url):
    with session_scope(study_url) as session:
        project = current_project(session)
        codebook = codebook_store.require_codebook(session, project)
        code = codebook_store.codes(session, codebook)[0]
        document = list_documents(session, project)[0]
        alice = get_or_create_coder(session, project, "alice")
        bob = get_or_create_coder(session, project, "bob")
        add_coding(session, document, alice, code, 0, 5, memo="alice's thought")
        add_coding(session, document, bob, code, 0, 5, memo="bob's thought")
        assert [e.text for e in list_memos(session, project, coder_ids=[bob.id])] == [
            "bob's thought"
        ]


def _blind_memos(session):
    """Alice owns the project, Bob and Carol code blind; each writes memos of every kind."""
    project = current_project(session)
    document = list_documents(session, project)[0]
    code = codebook_store.codes(session, codebook_store.require_codebook(session, project))[0]
    alice = get_or_create_coder(session, project, "alice")
    set_owner(session, project, alice)
    bob = get_or_create_coder(session, project, "bob")
    get_or_create_coder(session, project, "carol")
    for name in ("alice", "bob", "carol"):
        add_memo(session, project, f"{name} on the document", target="document",
                 target_id=document.id, author=name)  # fmt: skip
        add_memo(session, project, f"{name} on the code", target="code", target_id=code.id,
                 author=name)  # fmt: skip
        add_memo(session, project, f"{name} on the project", author=name)
    set_blind_coding(session, project, blind=True, reconciliation_open=False)
    return project, document, bob


def test_blind_coding_shows_a_coder_only_their_memos_and_the_owners_project_memos(study_url):
    with session_scope(study_url) as session:
        project, _, bob = _blind_memos(session)
        shown = list_memos(session, project, coder_ids=visible_coder_ids(project, bob))
        assert sorted(e.text for e in shown) == [
            "alice on the project", "bob on the code", "bob on the document", "bob on the project",
        ]  # fmt: skip


def test_blind_coding_hides_other_coders_document_memos_on_the_transcript(study_url):
    with session_scope(study_url) as session:
        project, document, bob = _blind_memos(session)
        shown = document_memos(session, project, document.id, visible_coder_ids(project, bob))
        assert [m.text for m in shown] == ["bob on the document"]


def test_every_memo_is_shown_once_reconciliation_opens(study_url):
    with session_scope(study_url) as session:
        project, document, bob = _blind_memos(session)
        set_blind_coding(session, project, blind=True, reconciliation_open=True)
        visible = visible_coder_ids(project, bob)
        assert len(list_memos(session, project, coder_ids=visible)) == 9
        assert len(document_memos(session, project, document.id, visible)) == 3
