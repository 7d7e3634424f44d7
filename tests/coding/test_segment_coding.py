import pytest
from coding_study import open_study

from qualcode.codebook import store as codebook_store
from qualcode.coding.codings import live_codings
from qualcode.coding.segment_coding import set_unit_codes, unit_code_ids
from qualcode.errors import ValidationError
from qualcode.ingest.documents import document_segments
from qualcode.store import session_scope


def _setup(session):
    study = open_study(session)
    groups = codebook_store.groups(session, study.codebook)
    turns = document_segments(session, study.document, "turn")
    return study.code, study.document, groups, study.alice, turns


def test_unit_codes_become_codings_on_the_unit_span(study_url):
    with session_scope(study_url) as session:
        code, document, groups, alice, turns = _setup(session)
        set_unit_codes(session, document, alice, turns[1], [code["docs"]], [], groups)
        (coding,) = live_codings(session, [document.id])
        assert document.text[coding.start : coding.end] == (
            "I check the model card first and the downloads."
        )


def test_setting_unit_codes_again_removes_the_unchosen_ones(study_url):
    with session_scope(study_url) as session:
        code, document, groups, alice, turns = _setup(session)
        set_unit_codes(
            session, document, alice, turns[3], [code["docs"], code["deployment"]], [], groups
        )
        existing = live_codings(session, [document.id])
        set_unit_codes(session, document, alice, turns[3], [code["docs"]], existing, groups)
        codings = live_codings(session, [document.id])
        assert unit_code_ids(codings, turns)[3] == {code["docs"].id}


def test_two_codes_of_an_exclusive_group_are_refused(study_url):
    with session_scope(study_url) as session:
        code, document, groups, alice, turns = _setup(session)
        with pytest.raises(ValidationError, match="exclusive"):
            set_unit_codes(session, document, alice, turns[0],
                           [code["selection"], code["deployment"]], [], groups)  # fmt: skip
