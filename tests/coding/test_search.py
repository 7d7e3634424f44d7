import pytest

from qualcode.codebook import store as codebook_store
from qualcode.coding.codings import live_codings
from qualcode.coding.search import code_hits, search_text
from qualcode.errors import ValidationError
from qualcode.project import current_project, get_or_create_coder
from qualcode.store import session_scope


def test_plain_search_ignores_case_by_default(study_url):
    with session_scope(study_url) as session:
        hits = search_text(session, current_project(session), "LICENCE")
        assert [h.match for h in hits] == ["licence", "licence"]


def test_case_sensitive_search(study_url):
    with session_scope(study_url) as session:
        assert search_text(session, current_project(session), "LICENCE", case_sensitive=True) == []


def test_regular_expression_search_with_context(study_url):
    with session_scope(study_url) as session:
        (hit,) = search_text(
            session, current_project(session), r"model\s+card", regex=True, context=8
        )
        assert (hit.before, hit.match, hit.after) == ("eck the ", "model card", " first a")


def test_plain_search_treats_symbols_literally(study_url):
    with session_scope(study_url) as session:
        assert len(search_text(session, current_project(session), "model?")) == 1


def test_a_broken_regular_expression_is_a_clear_error(study_url):
    with session_scope(study_url) as session:
        with pytest.raises(ValidationError, match="not valid"):
            search_text(session, current_project(session), "(unclosed", regex=True)


def test_coding_hits_skips_ones_already_coded(study_url):
    with session_scope(study_url) as session:
        project = current_project(session)
        codebook = codebook_store.require_codebook(session, project)
        code = codebook_store.codes(session, codebook)[0]
        alice = get_or_create_coder(session, project, "alice")
        hits = search_text(session, project, "licence")
        assert code_hits(session, hits[:1], alice, code) == 1
        assert code_hits(session, hits, alice, code) == 1
        assert len(live_codings(session)) == 2
