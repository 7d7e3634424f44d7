import pytest
from coding_study import open_study
from sqlmodel import select

from qualcode.codebook import store as codebook_store
from qualcode.codebook.editing import (
    create_code,
    edit_code,
    merge_codes,
    move_code,
    retire_code,
    split_code,
)
from qualcode.coding.codings import add_coding
from qualcode.errors import ValidationError
from qualcode.ingest.documents import list_documents
from qualcode.project import get_or_create_coder
from qualcode.store import audit, session_scope
from qualcode.store.models import Code, Coding


def _setup(session):
    study = open_study(session)
    return study.project, study.codebook, study.code


def test_every_edit_starts_a_new_version(any_study_url):
    with session_scope(any_study_url) as session:
        _, codebook, code = _setup(session)
        before = codebook.version
        edit_code(session, codebook, code["docs"].id, definition="No docs at all", actor="alice")
        assert codebook.version == before + 1
        assert codebook_store.versions(session, codebook)[-1].version == before + 1


def test_a_rename_keeps_codings_and_their_version(study_url):
    with session_scope(study_url) as session:
        project, codebook, code = _setup(session)
        document = list_documents(session, project)[0]
        alice = get_or_create_coder(session, project, "alice")
        coding = add_coding(session, document, alice, code["docs"], 0, 4,
                            codebook_version=codebook.version)  # fmt: skip
        made_under = codebook.version
        edit_code(session, codebook, code["docs"].id, name="Documentation missing", key="no_docs")
        assert session.get(Code, coding.code_id).key == "no_docs"
        assert coding.codebook_version == made_under < codebook.version


def test_merge_repoints_codings_and_retires_the_source(any_study_url):
    with session_scope(any_study_url) as session:
        project, codebook, code = _setup(session)
        document = list_documents(session, project)[0]
        alice = get_or_create_coder(session, project, "alice")
        coding = add_coding(session, document, alice, code["license"], 0, 4)
        assert merge_codes(session, codebook, code["license"].id, code["docs"].id, "alice") == 1
        assert session.get(Coding, coding.id).code_id == code["docs"].id
        assert code["license"].merged_into_id == code["docs"].id
        assert audit.events(session, project.id)[0].action == "code.merge"


def test_moving_a_code_under_its_own_child_is_refused(study_url):
    with session_scope(study_url) as session:
        _, codebook, code = _setup(session)
        with pytest.raises(ValidationError, match="under itself"):
            move_code(session, codebook, code["docs"].id, code["license"].id)


def test_moving_a_code_to_the_top_level(study_url):
    with session_scope(study_url) as session:
        _, codebook, code = _setup(session)
        move_code(session, codebook, code["license"].id, None)
        assert code["license"].parent_id is None


def test_creating_a_code_with_a_used_key_is_refused(study_url):
    with session_scope(study_url) as session:
        _, codebook, _ = _setup(session)
        with pytest.raises(ValidationError, match="already used"):
            create_code(session, codebook, "docs", "Docs again")


def test_split_moves_assigned_codings_in_one_version(study_url):
    with session_scope(study_url) as session:
        project, codebook, code = _setup(session)
        document = list_documents(session, project)[0]
        alice = get_or_create_coder(session, project, "alice")
        first = add_coding(session, document, alice, code["docs"], 0, 4)
        second = add_coding(session, document, alice, code["docs"], 5, 9)
        before = codebook.version
        parts = split_code(session, codebook, code["docs"].id,
                           [("docs_api", "API docs"), ("docs_card", "Model card")],
                           {first.id: "docs_api"})  # fmt: skip
        assert codebook.version == before + 1
        assert first.code_id == parts[0].id and second.code_id == code["docs"].id
        assert code["docs"].deleted_at is None  # it still has a coding


def test_retiring_a_code_with_codings_is_refused(study_url):
    with session_scope(study_url) as session:
        project, codebook, code = _setup(session)
        document = list_documents(session, project)[0]
        add_coding(
            session, document, get_or_create_coder(session, project, "a"), code["deployment"], 0, 4
        )
        with pytest.raises(ValidationError, match="merge it"):
            retire_code(session, codebook, code["deployment"].id)


def test_a_new_code_gets_a_colour_and_goes_last(study_url):
    with session_scope(study_url) as session:
        _, codebook, _ = _setup(session)
        code = create_code(session, codebook, "speed", "Inference speed")
        last = session.exec(select(Code).order_by(Code.position.desc())).first()
        assert last.id == code.id and code.color.startswith("#")
